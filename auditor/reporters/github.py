"""GitHub Actions workflow commands: one annotation per finding, capped, then a line for what was not shown.

Active findings come first (errors, warnings, notes), then suppressed and baselined ones as notices,
so the cap never hides a failing finding behind a waived one. The cap defaults to 50 (GitHub shows
at most 10 errors and 10 warnings per step and 50 per job); ``ReportOptions.annotations``
or the ``AUDITOR_ANNOTATIONS`` environment variable change it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters.toolkit import Item, fail_rank, fails, items, one_line

EXTENSION = ".github.txt"
BINARY = False
DEFAULT_CAP = 50
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x9b]")
COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    text = _CONTROL.sub("", text)  # article text is untrusted: no terminal control characters in logs
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cap(options: ReportOptions) -> int:
    raw = options.annotations if options.annotations is not None else os.environ.get("AUDITOR_ANNOTATIONS", DEFAULT_CAP)
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        return DEFAULT_CAP


def _annotation(it: Item, rank: int) -> str:
    f = it.finding
    cmd = COMMAND.get(f["severity"], "error") if it.state == "active" else "notice"
    if it.state == "active" and not fails(it, rank) and cmd == "error":
        cmd = "warning"
    props = [f"file={_prop(it.path)}"]
    span = f.get("span") or {}
    if span.get("line"):
        props.append(f"line={span['line']}")
        if span.get("end_line"):
            props.append(f"endLine={span['end_line']}")
        if span.get("column") and (not span.get("end_line") or span.get("end_line") == span.get("line")):
            props.append(f"col={span['column']}")
            if span.get("end_column"):
                props.append(f"endColumn={span['end_column']}")
    title = f["rule_id"] + (f" ({it.state})" if it.state != "active" else "")
    props.append(f"title={_prop(title)}")
    return f"::{cmd} {','.join(props)}::{_data(one_line(it.text(), 4000))}"


def render(results: dict[str, Any], options: ReportOptions) -> str:
    rank = fail_rank(results)
    order = {"error": 0, "warning": 1, "info": 2}
    all_items = list(items(results))
    ranked = sorted(
        range(len(all_items)),
        key=lambda i: (all_items[i].state != "active", order.get(all_items[i].finding["severity"], 3), i),
    )
    cap = _cap(options)
    lines = [f"::warning title=auditor::{_data(one_line(w, 4000))}" for w in (results.get("run") or {}).get("warnings") or []]
    lines += [_annotation(all_items[i], rank) for i in ranked[:cap]]
    from auditor.verdict import banner

    if banner(results):
        lines.insert(0, f"::error title=auditor::{_data(banner(results))}")
    hidden = len(ranked) - len(lines)
    active_hidden = sum(1 for i in ranked[cap:] if all_items[i].state == "active")
    s = results.get("summary") or {}
    lines.append(
        f"auditor: {s.get('documents', 0)} documents, {s.get('failed', 0)} failed, {s.get('errors', 0)} unreadable; "
        f"{len(all_items)} findings ({s.get('suppressed', 0)} suppressed, {s.get('baselined', 0)} baselined)"
    )
    if hidden > 0:
        lines.append(
            f"auditor: {hidden} more findings not shown as annotations ({active_hidden} of them active; cap {cap}); "
            "see the full report (--format sarif or json)"
        )
    else:
        lines.append("auditor: all findings shown as annotations")
    return "\n".join(lines) + "\n"
