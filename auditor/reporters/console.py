"""Console output for a person: a verdict per file, then each finding with its place, evidence, expected text and basis."""

from __future__ import annotations

import io
from typing import Any, TextIO

from auditor.escape import printable as _s
from auditor.escape import printable_lines
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
NOT_AUDITED = "NOT AUDITED"


def _c(text: str, key: str, color: bool) -> str:
    return f"{_COLORS[key]}{text}{_RESET}" if color else text


def _one_line(text: str, limit: int = 240) -> str:
    flat = _s(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _location(span: dict[str, Any] | None) -> str:
    """Where a person looks: "paragraph 9" in a DOCX (counted from 1), "page 2" in a PDF, else
    line:column (of the page source for HTML, whose element path is shown beside it)."""
    if not span:
        return "-"
    parts = []
    if span.get("paragraph") is not None:
        parts.append(f"paragraph {span['paragraph']}")
    elif span.get("page"):
        parts.append(f"page {span['page']}")
    elif span.get("line"):
        parts.append(f"{span['line']}:{span.get('column', 1)}")
    if span.get("field"):
        parts.append(f"field {span['field']}")
    return ", ".join(parts) or "-"


def _reference(refs: list[dict[str, Any]]) -> str:
    """The basis of a finding: each reference with how binding it is (auditor/basis.py)."""
    from auditor.basis import references_text

    return references_text(refs)


def _counts(findings: list[dict[str, Any]]) -> str:
    n: dict[str, int] = {}
    for f in findings:
        if f.get("suppressed") or f.get("baselined"):
            continue
        n[f["severity"]] = n.get(f["severity"], 0) + 1
    parts = [f"{n[s]} {s}{'s' if n[s] != 1 else ''}" for s in ("error", "warning", "info") if n.get(s)]
    return ", ".join(parts)


def render_document(doc: dict[str, Any], options: ReportOptions, quiet: bool = False) -> str:
    """One document's verdict and findings. ``options.named``: paths given on the command line
    (missing or unsupported ones are NOT AUDITED). A document withheld from passing because the
    rule packs did not load (``verdict.withhold_pass``) is NOT AUDITED too, never PASS."""
    from auditor.verdict import NOTE_PREFIX, is_withheld, path_reason

    color = options.color
    status = doc["status"]
    not_audited = path_reason(doc, options.named)
    if not not_audited and is_withheld(doc):
        not_audited = str(doc["note"]).removeprefix(NOTE_PREFIX)
    if quiet and status in ("pass", "skipped") and not not_audited:
        return ""
    out = io.StringIO()
    head = _c(_VERDICT[status], status if status != "error" else "error", color)
    extra = _counts(doc["findings"])
    if status == "skipped":
        extra = not_audited if is_withheld(doc) else doc.get("note", "")
    elif status == "error":
        extra = doc.get("error", "could not be read")
    if not_audited:
        head = _c(NOT_AUDITED, "fail", color)
        extra = extra or not_audited
    out.write(f"{head} {_s(doc['path'])}{f'  ({_s(extra)})' if extra else ''}\n")
    if status == "error":
        return out.getvalue()
    for f in doc["findings"]:
        if f.get("severity") == "info" and not options.verbose and status == "pass":
            continue
        tag = ""
        if f.get("suppressed"):
            reason = _s((f.get("suppression") or {}).get("reason", ""))
            tag = _c(f" [suppressed: {reason}]" if reason else " [suppressed]", "dim", color)
        elif f.get("baselined"):
            tag = _c(" [baselined]", "dim", color)
        sev = _c(f"{f['severity']:<7}", f["severity"], color)
        out.write(f"  {_location(f.get('span')):>8}  {sev} {_s(f['rule_id'])}{tag}\n")
        out.write(f"            {_s(f['message'])}\n")
        span = f.get("span") or {}
        if span.get("element"):
            near = f", {span['near']}" if span.get("near") else ""
            out.write(f"            where:    {_s(span['element'])}{_s(near)}\n")
        if f.get("evidence"):
            out.write(f"            found:    “{_one_line(f['evidence'])}”\n")
        if f.get("expected"):
            out.write(f"            expected: “{_one_line(f['expected'], 400)}”\n")
        if f.get("diff"):
            for line in printable_lines(f["diff"])[:8]:
                out.write(f"            diff:     {line}\n")
        ref = _s(_reference(f.get("references") or []))
        if ref:
            out.write(f"            basis:    {ref}\n")
        if f.get("fix"):
            out.write(f"            fix:      {_one_line(f['fix'], 400)}\n")
    if doc.get("unverified"):
        out.write(_c(f"  not verified (format, or a sample registry): {_s(', '.join(doc['unverified']))}\n", "dim", color))
    return out.getvalue()


def render_summary(results: dict[str, Any], options: ReportOptions, history: dict[str, Any] | None = None) -> str:
    s = results["summary"]
    sev = s.get("findings_by_severity", {})
    packs = _s(", ".join(f"{p['id']} {p['version']}" for p in results["run"].get("packs", [])))
    line = (
        f"{s['documents']} document{'s' if s['documents'] != 1 else ''}: {s['passed']} passed, "
        f"{s['failed']} failed, {s['errors']} unreadable, {s.get('skipped', 0)} skipped; "
        f"findings: {sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, {sev.get('info', 0)} info"
    )
    if s.get("suppressed"):
        line += f", {s['suppressed']} suppressed"
    if s.get("baselined"):
        line += f", {s['baselined']} baselined"
    from auditor.verdict import status_of

    status, reasons = status_of(results)
    verdict = "FAIL" if (s["failed"] or s["errors"]) else "PASS"
    if status == "not-audited":
        verdict = NOT_AUDITED
    out = f"\n{_c(verdict, verdict.lower() if verdict == 'PASS' else 'fail', options.color)}  {line}\n"
    for why in reasons:
        out += _c(f"  not audited: {why}\n", "fail", options.color)
    if status != "not-audited":
        from auditor.basis import lead_line

        out += lead_line(results) + "\n"
    out += _c(f"as of {results['run']['as_of']}; packs: {packs or 'none'}\n", "dim", options.color)
    for warning in results["run"].get("warnings") or []:
        out += _c(f"{warning}\n", "fail", options.color)
    if history and history.get("previous"):
        extra = "".join(f", {n} {label}" for label, n in (
            ("waived", len(history.get("waived") or [])), ("baselined", len(history.get("baselined") or []))) if n)
        if history.get("not_compared"):
            extra += f"; {history['not_compared']} not compared (outside the last run's scope)"
        out += (f"since the last run ({history['previous']}): {len(history.get('new', []))} new, "
                f"{len(history.get('fixed', []))} fixed{extra}\n")
    return out


def render(results: dict[str, Any], options: ReportOptions) -> str:
    out = io.StringIO()
    for doc in results["documents"]:
        out.write(render_document(doc, options))
    out.write(render_summary(results, options, options.history))
    return out.getvalue()


# -- concise (one line per finding, like ruff), statistics ---------------------------------------
OUTPUT_FORMATS = ("full", "concise")
_RANK = {"info": 1, "warning": 2, "error": 3}


def where_suffix(span: dict[str, Any] | None) -> str:
    """What a line:column cannot say: the DOCX paragraph, the PDF page, the record field, the HTML element."""
    span = span or {}
    bits = []
    if span.get("page"):
        bits.append(f"page {span['page']}")
    if span.get("paragraph") is not None:
        bits.append(f"paragraph {span['paragraph']}")
    if span.get("field"):
        bits.append(f"field {span['field']}")
    if span.get("element"):
        bits.append(str(span["element"]))
    return f" ({', '.join(bits)})" if bits else ""


def concise_lines(doc: dict[str, Any], options: ReportOptions, quiet: bool = False) -> list[str]:
    """``path:line:col: rule [severity] message`` for each active finding (quiet: only those at or above
    fail-on); an unreadable or not-audited document is one line too."""
    from auditor.verdict import path_reason

    color = options.color
    why = path_reason(doc, options.named)
    if why:
        return [f"{doc['path']}:1:1: {_c('auditor.not-audited', 'fail', color)} {why}"]
    if doc["status"] == "skipped":
        return [] if quiet or not options.verbose else [f"{doc['path']}: skipped: {doc.get('note', '')}"]
    fail_rank = options.fail_rank
    out = []
    for f in doc["findings"]:
        if f.get("suppressed") or f.get("baselined"):
            continue
        if quiet and _RANK.get(f["severity"], 3) < fail_rank and f["rule_id"] != "auditor.read-error":
            continue
        span = f.get("span") or {}
        line, col = span.get("line") or 1, span.get("column") or 1
        sev = _c(f"[{f['severity']}]", f["severity"], color)
        out.append(f"{doc['path']}:{line}:{col}: {_c(f['rule_id'], 'bold', color)} {sev} "
                   f"{_one_line(f['message'])}{where_suffix(span)}")
    return out


def statistics(results: dict[str, Any]) -> str:
    """``--statistics``: active findings counted by rule, most first, like ruff's."""
    counts: dict[str, list[Any]] = {}
    for doc in results["documents"]:
        for f in doc["findings"]:
            if f.get("suppressed") or f.get("baselined"):
                continue
            entry = counts.setdefault(f["rule_id"], [0, f["severity"], set()])
            entry[0] += 1
            entry[2].add(doc["path"])
    if not counts:
        return "no active findings\n"
    titles = {r["id"]: r.get("title") or "" for r in (results.get("run") or {}).get("rules") or []}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
    w_n = max(len(str(v[0])) for _, v in rows)
    w_id = max(len(k) for k, _ in rows)
    lines = [f"{v[0]:>{w_n}}  {k:<{w_id}}  {v[1]:<7}  {len(v[2])} doc{'s' if len(v[2]) != 1 else ''}  {titles.get(k, '')}".rstrip()
             for k, v in rows]
    return "\n".join(lines) + "\n"


def concise_summary(results: dict[str, Any], options: ReportOptions) -> str:
    from auditor.verdict import status_of

    status, reasons = status_of(results)
    if status == "not-audited":
        return _c(NOT_AUDITED, "fail", options.color) + ": " + "; ".join(reasons) + "\n"
    s = results["summary"]
    sev = s.get("findings_by_severity", {})
    n = sum(sev.values())
    if not n and not s["errors"]:
        return f"All checks passed ({s['documents']} document{'s' if s['documents'] != 1 else ''}).\n"
    with_findings = sum(1 for d in results["documents"]
                        if any(not f.get("suppressed") and not f.get("baselined") for f in d["findings"]))
    return (f"Found {n} finding{'s' if n != 1 else ''} ({sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, "
            f"{sev.get('info', 0)} info) in {with_findings} of {s['documents']} documents; "
            f"{s['failed'] + s['errors']} fail.\n")


class Stream:
    """Prints each document as soon as it is checked, then the summary.

    ``output_format``: "full" (the verdict and every finding with found/expected/basis/fix) or
    "concise" (one line per finding). ``quiet``: only findings that fail the run, one line each, and
    nothing else unless the run is not audited. ``statistics``: counts by rule instead of findings.
    """

    def __init__(self, stream: TextIO, options: ReportOptions, quiet: bool = False, output_format: str = "full",
                 statistics: bool = False) -> None:
        self.stream = stream
        self.options = options
        self.quiet = quiet
        self.output_format = "concise" if quiet else output_format
        self.statistics = statistics

    def document(self, doc: dict[str, Any]) -> None:
        if self.statistics:
            return
        if self.output_format == "concise":
            lines = concise_lines(doc, self.options, self.quiet)
            text = "".join(ln + "\n" for ln in lines)
        else:
            text = render_document(doc, self.options, self.quiet)
        if text:
            self.stream.write(text)
            self.stream.flush()

    def finish(self, results: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        from auditor.verdict import is_not_audited

        if self.statistics:
            self.stream.write(statistics(results))
        if self.quiet:
            if is_not_audited(results):
                self.stream.write(concise_summary(results, self.options))
        elif self.output_format == "concise":
            self.stream.write(concise_summary(results, self.options))
        else:
            self.stream.write(render_summary(results, self.options, history))
        self.stream.flush()


def render_inspect(docs: list[dict[str, Any]], color: bool = False) -> str:
    """`auditor inspect`: fields, notices and segments with their spans, page/box and font size."""
    raw = io.StringIO()
    out = _Printable(raw)  # every line escaped: names and text come from the files
    for d in docs:
        f = d["fields"]
        raw.write(_c(_s(d["path"]), "bold", color))
        out.write(f"  [{d['format']}{', ' + d['encoding'] if d.get('encoding') else ''}]\n")
        out.write(f"  title:      {f.get('title')!s}\n")
        pub = f.get("published") or {}
        out.write(f"  published:  {pub.get('raw')!s}   date: {pub.get('date')!s}   iso: {pub.get('iso')!s}")
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
            raw.write(_c(f"                “{_one_line(seg['text'], 100)}”\n", "dim", color))
    return raw.getvalue()


class _Printable:
    """Writes through ``printable``, keeping the newline that ends a line."""

    def __init__(self, raw: io.StringIO) -> None:
        self.raw = raw

    def write(self, text: str) -> None:
        end = "\n" if text.endswith("\n") else ""
        self.raw.write(_s(text.removesuffix("\n")) + end)


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
