"""Text for reports: one-line and XML-safe forms, locations, references, links, highlights."""

from __future__ import annotations

import difflib
import re
from typing import Any

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def location(span: dict[str, Any] | None) -> str:
    """'12:5, page 2' / 'field author' / '' from a span (the console's wording)."""
    from auditor.reporters.console import _location

    return "" if not span else _location(span)


def reference_text(ref: dict[str, Any]) -> str:
    from auditor.basis import BINDING_LABEL

    bits = [str(b) for b in (ref.get("law"), ref.get("article")) if b]
    text = ", ".join(bits) or str(ref.get("title") or ref.get("url") or "")
    label = BINDING_LABEL.get(ref.get("binding") or "")
    return f"{label}: {text}" if label and text else text


def references_text(refs: list[dict[str, Any]] | None) -> str:
    return "; ".join(t for t in (reference_text(r) for r in refs or []) if t)


def safe_url(url: Any) -> str | None:
    """Only http(s) links leave the report: never javascript:, file: or data: from a pack."""
    if isinstance(url, str) and re.match(r"https?://[^\s\"'<>\\]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def first_url(refs: list[dict[str, Any]] | None) -> str | None:
    for r in refs or []:
        url = safe_url(r.get("url"))
        if url:
            return url
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(text: str) -> str:
    """Control characters (other than tab and newlines) shown as "[U+0007]": visible, in every font."""
    return _CONTROL.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def one_line(text: Any, limit: int = 0) -> str:
    """Whitespace folded to single spaces; cut to ``limit`` characters with an ellipsis (0: no cut)."""
    flat = " ".join(str(text or "").split())
    return flat if not limit or len(flat) <= limit else flat[: limit - 1] + "…"


def highlight_parts(finding: dict[str, Any], doc: dict[str, Any], context: int = 160) -> list[tuple[str, bool]]:
    """The finding's evidence in context, as (text, highlighted) pieces; empty when nothing to show.

    When a detected notice of the document contains the finding's span, the context is that
    notice's text with the span marked. Otherwise, when the finding has evidence and expected text,
    the words of the evidence that differ from the expected text are marked. Otherwise the whole
    evidence is marked.
    """
    ctx = finding.get("context")
    if isinstance(ctx, dict) and ctx.get("match"):
        before, after = ctx.get("before") or "", ctx.get("after") or ""
        return [p for p in ((before, False), (ctx["match"], True), (after, False)) if p[0]]
    span = finding.get("span") or {}
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        for notice in doc.get("notices") or []:
            nsp = notice.get("span") or {}
            ns, ne, text = nsp.get("start"), nsp.get("end"), notice.get("text") or ""
            if not (isinstance(ns, int) and isinstance(ne, int)) or not (ns <= start and end <= ne):
                continue
            a, b = start - ns, end - ns
            if b > len(text):
                break
            left = text[max(0, a - context) : a]
            right = text[b : b + context]
            return [p for p in ((("…" if a > context else "") + left, False), (text[a:b], True),
                                (right + ("…" if b + context < len(text) else ""), False)) if p[0]]
    evidence = finding.get("evidence")
    if not evidence:
        return []
    expected = finding.get("expected")
    if expected:
        return diff_parts(str(evidence), str(expected))
    return [(str(evidence), True)]


def diff_parts(evidence: str, expected: str) -> list[tuple[str, bool]]:
    ev = re.findall(r"\S+|\s+", evidence)
    ex = re.findall(r"\S+|\s+", expected)
    parts: list[tuple[str, bool]] = []
    sm = difflib.SequenceMatcher(a=ev, b=ex, autojunk=False)
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        chunk = "".join(ev[i1:i2])
        if not chunk:
            continue
        mark = tag != "equal" and bool(chunk.strip())
        if parts and parts[-1][1] == mark:
            parts[-1] = (parts[-1][0] + chunk, mark)
        else:
            parts.append((chunk, mark))
    if not any(m for _, m in parts):  # differs only in spacing/characters difflib cannot see
        return [(evidence, True)]
    return parts


def history_runs(history: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((history or {}).get("runs") or [])


def xml_safe(text: str | None) -> str:
    """Characters XML 1.0 cannot carry (article text is untrusted) become U+FFFD."""
    return _XML_BAD.sub("\ufffd", text or "")


def basis_line(refs: list[dict[str, Any]]) -> str:
    """The basis of a finding as the console and SARIF word it: each reference with how binding it is."""
    from auditor.basis import references_text as basis_references

    return basis_references(refs)

