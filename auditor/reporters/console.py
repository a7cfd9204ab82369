"""Console output for a person: a verdict per file, then each finding with its place, evidence, expected text and law."""

from __future__ import annotations

import io
from typing import Any, TextIO

from auditor.reporters import ReportOptions

EXTENSION = ".txt"
BINARY = False

_COLORS = {
    "error": "\033[31m",
    "warning": "\033[33m",
    "info": "\033[36m",
    "pass": "\033[32m",
    "fail": "\033[31m",
    "skipped": "\033[2m",
    "dim": "\033[2m",
    "bold": "\033[1m",
}
_RESET = "\033[0m"
_VERDICT = {"pass": "PASS ", "fail": "FAIL ", "error": "ERROR", "skipped": "SKIP "}


def _c(text: str, key: str, color: bool) -> str:
    return f"{_COLORS[key]}{text}{_RESET}" if color else text


def _one_line(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _location(span: dict[str, Any] | None) -> str:
    if not span:
        return "-"
    parts = []
    if span.get("line"):
        parts.append(f"{span['line']}:{span.get('column', 1)}")
    if span.get("page"):
        parts.append(f"page {span['page']}")
    if span.get("paragraph") is not None and not span.get("line"):
        parts.append(f"¶{span['paragraph']}")
    if span.get("field"):
        parts.append(f"field {span['field']}")
    return ", ".join(parts) or "-"


def _reference(refs: list[dict[str, Any]]) -> str:
    out = []
    for r in refs:
        bits = [b for b in (r.get("law"), r.get("article")) if b]
        text = ", ".join(bits) or r.get("title") or ""
        if r.get("url"):
            text = f"{text} <{r['url']}>" if text else r["url"]
        if text:
            out.append(text)
    return "; ".join(out)


def _counts(findings: list[dict[str, Any]]) -> str:
    n: dict[str, int] = {}
    for f in findings:
        if f.get("suppressed") or f.get("baselined"):
            continue
        n[f["severity"]] = n.get(f["severity"], 0) + 1
    parts = [f"{n[s]} {s}{'s' if n[s] != 1 else ''}" for s in ("error", "warning", "info") if n.get(s)]
    return ", ".join(parts)


def render_document(doc: dict[str, Any], options: ReportOptions, quiet: bool = False) -> str:
    color = options.color
    status = doc["status"]
    if quiet and status in ("pass", "skipped"):
        return ""
    out = io.StringIO()
    head = _c(_VERDICT[status], status if status != "error" else "error", color)
    extra = _counts(doc["findings"])
    if status == "skipped":
        extra = doc.get("note", "")
    elif status == "error":
        extra = doc.get("error", "could not be read")
    out.write(f"{head} {doc['path']}{f'  ({extra})' if extra else ''}\n")
    if status == "error":
        return out.getvalue()
    for f in doc["findings"]:
        if f.get("severity") == "info" and not options.verbose and status == "pass":
            continue
        tag = ""
        if f.get("suppressed"):
            reason = (f.get("suppression") or {}).get("reason", "")
            tag = _c(f" [suppressed: {reason}]" if reason else " [suppressed]", "dim", color)
        elif f.get("baselined"):
            tag = _c(" [baselined]", "dim", color)
        sev = _c(f"{f['severity']:<7}", f["severity"], color)
        out.write(f"  {_location(f.get('span')):>8}  {sev} {f['rule_id']}{tag}\n")
        out.write(f"            {f['message']}\n")
        if f.get("evidence"):
            out.write(f"            found:    “{_one_line(f['evidence'])}”\n")
        if f.get("expected"):
            out.write(f"            expected: “{_one_line(f['expected'], 400)}”\n")
        if f.get("diff"):
            for line in str(f["diff"]).splitlines()[:8]:
                out.write(f"            diff:     {line}\n")
        ref = _reference(f.get("references") or [])
        if ref:
            out.write(f"            law:      {ref}\n")
        if f.get("fix"):
            out.write(f"            fix:      {_one_line(f['fix'], 400)}\n")
    if doc.get("unverified"):
        out.write(_c(f"  not verified (format, or a sample registry): {', '.join(doc['unverified'])}\n", "dim", color))
    return out.getvalue()


def render_summary(results: dict[str, Any], options: ReportOptions, history: dict[str, Any] | None = None) -> str:
    s = results["summary"]
    sev = s.get("findings_by_severity", {})
    packs = ", ".join(f"{p['id']} {p['version']}" for p in results["run"].get("packs", []))
    line = (
        f"{s['documents']} document{'s' if s['documents'] != 1 else ''}: {s['passed']} passed, "
        f"{s['failed']} failed, {s['errors']} unreadable, {s.get('skipped', 0)} skipped; "
        f"findings: {sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, {sev.get('info', 0)} info"
    )
    if s.get("suppressed"):
        line += f", {s['suppressed']} suppressed"
    if s.get("baselined"):
        line += f", {s['baselined']} baselined"
    verdict = "FAIL" if (s["failed"] or s["errors"]) else "PASS"
    out = f"\n{_c(verdict, verdict.lower() if verdict == 'PASS' else 'fail', options.color)}  {line}\n"
    out += _c(f"as of {results['run']['as_of']}; packs: {packs or 'none'}\n", "dim", options.color)
    for warning in results["run"].get("warnings") or []:
        out += _c(f"{warning}\n", "fail", options.color)
    if history and history.get("previous"):
        out += f"since the last run ({history['previous']}): {len(history.get('new', []))} new, {len(history.get('fixed', []))} fixed\n"
    return out


def render(results: dict[str, Any], options: ReportOptions) -> str:
    out = io.StringIO()
    for doc in results["documents"]:
        out.write(render_document(doc, options))
    out.write(render_summary(results, options, options.history))
    return out.getvalue()


class Stream:
    """Prints each document as soon as it is checked, then the summary."""

    def __init__(self, stream: TextIO, options: ReportOptions, quiet: bool = False) -> None:
        self.stream = stream
        self.options = options
        self.quiet = quiet

    def document(self, doc: dict[str, Any]) -> None:
        text = render_document(doc, self.options, self.quiet)
        if text:
            self.stream.write(text)
            self.stream.flush()

    def finish(self, results: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        self.stream.write(render_summary(results, self.options, history))
        self.stream.flush()


def render_inspect(docs: list[dict[str, Any]], color: bool = False) -> str:
    """`auditor inspect`: fields, notices and segments with their spans, page/box and font size."""
    out = io.StringIO()
    for d in docs:
        f = d["fields"]
        out.write(_c(f"{d['path']}", "bold", color) + f"  [{d['format']}{', ' + d['encoding'] if d.get('encoding') else ''}]\n")
        out.write(f"  title:      {f.get('title')!s}\n")
        pub = f.get("published") or {}
        out.write(f"  published:  {pub.get('raw')!s}   iso: {pub.get('iso')!s}")
        out.write(f"   (from {pub['from']})\n" if pub.get("from") else "\n")
        out.write(f"  author:     {', '.join(f.get('author') or []) or '-'}\n")
        out.write(f"  source:     {', '.join(f.get('source') or []) or '-'}\n")
        out.write(f"  language:   {f.get('language')!s}\n")
        if d.get("body_style"):
            out.write(f"  body style: {_style(d['body_style'])}\n")
        notices = d.get("notices") or []
        out.write(f"  notices:    {len(notices)}\n")
        for n in notices:
            out.write(f"    - form {n.get('form') or 'unrecognised'} at {_location(n.get('span'))}"
                      f" (in {n.get('segment') or '?'}): “{_one_line(n['text'], 120)}”\n")
        out.write("  segments:\n")
        for seg in d.get("segments", []):
            sp = seg["span"]
            loc = f"{sp.get('line')}:{sp.get('column')}-{sp.get('end_line')}:{sp.get('end_column')}"
            extra = []
            if sp.get("page"):
                extra.append(f"page {sp['page']}")
            if sp.get("bbox"):
                extra.append("bbox " + ",".join(f"{v:.1f}" for v in sp["bbox"]))
            if sp.get("paragraph") is not None:
                extra.append(f"¶{sp['paragraph']}")
            if sp.get("field"):
                extra.append(f"field {sp['field']}")
            if seg.get("style"):
                extra.append(_style(seg["style"]))
            out.write(f"    {seg['kind']:<11} {loc:<14} {'; '.join(extra)}\n")
            out.write(_c(f"                “{_one_line(seg['text'], 100)}”\n", "dim", color))
    return out.getvalue()


def _style(st: dict[str, Any]) -> str:
    bits = []
    if st.get("font_size") is not None:
        bits.append(f"size {st['font_size']:g}")
    if st.get("font_name"):
        bits.append(st["font_name"])
    if st.get("bold"):
        bits.append("bold")
    if st.get("color"):
        bits.append(f"colour {st['color']}")
    return " ".join(bits)
