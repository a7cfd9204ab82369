"""Inline directives: ``auditor: ignore RULE reason="..."`` in a comment or on a line of its own
(the next block), ``auditor: ignore-file`` (the whole document). A directive with no reason, an
unknown rule, or nothing to suppress is itself a finding.

Two halves: ``find_directives`` reads them from the Document (the engine does, while it holds the
document; they travel on ``DocumentResult.directives``), ``apply_directives`` honours them on a
result (the apply stage, auditor/suppress/apply.py), with no Document needed."""

from __future__ import annotations

import re

from auditor.model import Directive, Document, DocumentResult, Finding
from auditor.suppress.base import SUPPRESSION_INVALID, SUPPRESSION_UNUSED, auditor_finding

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_IN_COMMENT = re.compile(r"\s*auditor:[ \t]*(ignore-file|ignore)(?![\w-])(.*)\Z", re.S)
_LINE = re.compile(r"(?m)^[ \t]*(?:#+|//|%|;)?[ \t]*auditor:[ \t]*(ignore-file|ignore)(?![\w-])([^\n]*)$")
_BODY = re.compile(
    r"\s*(?P<rules>[^\s=,\"“”«»]+(?:\s*,\s*[^\s=,\"“”«»]+)*)?"
    r"\s*(?:reason\s*=\s*(?:\"(?P<r1>[^\"]*)\"|“(?P<r2>[^”]*)”|«(?P<r3>[^»]*)»))?\s*\Z"
)


def _parse(kind: str, body: str, start: int, end: int, text: str) -> Directive:
    d = Directive(file_wide=(kind == "ignore-file"), start=start, end=end, text=" ".join(text.split()))
    m = _BODY.match(body.strip().removesuffix("*/"))
    if not m:
        d.problem = 'is malformed (write: auditor: ignore RULE_ID reason="why")'
        return d
    d.rules = [r.strip() for r in (m.group("rules") or "").split(",") if r.strip()]
    reason = next((g for g in (m.group("r1"), m.group("r2"), m.group("r3")) if g is not None), None)
    d.reason = reason.strip() if reason is not None else None
    if not d.rules:
        d.problem = "names no rule"
    elif not d.reason:
        d.problem = 'has no reason (add reason="why")'
    return d


def find_directives(doc: Document) -> list[Directive]:
    """Directives in comments and plain lines of the text, and in comments the HTML reader kept."""
    text: str = doc.text
    found: list[Directive] = []
    covered: list[tuple[int, int]] = []
    for m in _COMMENT.finditer(text):
        inner = _IN_COMMENT.match(m.group(1))
        if inner:
            found.append(_parse(inner.group(1), inner.group(2), m.start(), m.end(), m.group(0)))
            covered.append((m.start(), m.end()))
    for m in _LINE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        found.append(_parse(m.group(1), m.group(2), m.start(), m.end(), m.group(0).strip()))
    for item in (doc.metadata or {}).get("comments") or []:
        try:
            offset, comment = int(item[0]), str(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        inner = _IN_COMMENT.match(comment)
        if inner:
            found.append(_parse(inner.group(1), inner.group(2), offset, offset, comment))
    found.sort(key=lambda d: (d.start, d.end))
    for d in found:
        if not d.file_wide:
            d.block = _next_block(doc, d.end)
        d.span = doc.span(d.start, d.end)
        d.line = doc.line_col(d.start)[0]
    return found


def _next_block(doc: Document, pos: int) -> tuple[int, int] | None:
    """The rest of the block the directive stands in, when text follows it there; else the next block."""
    text: str = doc.text
    for seg in sorted(doc.segments, key=lambda s: (s.start, s.end)):
        if seg.end <= pos:
            continue
        lo = max(seg.start, pos)
        if text[lo : seg.end].strip():
            return lo, seg.end
    m = re.compile(r"\S").search(text, pos)
    if not m:
        return None
    gap = re.compile(r"\n[ \t]*\n").search(text, m.start())
    return m.start(), gap.start() if gap else len(text)


def _covers(d: Directive, f: Finding) -> bool:
    if d.file_wide:
        return True
    if d.block is None or f.span is None or (f.span.field and f.span.start == f.span.end == 0):
        return False
    lo, hi = d.block
    s, e = f.span.start, f.span.end
    return (s < hi and e > lo) if e > s else lo <= s < hi


def apply_directives(
    res: DocumentResult, directives: list[Directive], known: set[str] | None, aliases: dict[str, str]
) -> None:
    """Mark the findings the directives cover as suppressed; add a finding for each directive that
    is malformed, names an unknown rule, or suppresses nothing."""
    if not directives:
        return
    problems: list[Finding] = []
    bad: dict[int, str] = {}  # directive index -> its problem
    for i, d in enumerate(directives):
        problem = d.problem
        if problem is None and known is not None:
            unknown = [r for r in d.rules if r not in known]
            if unknown:
                problem = f"names unknown rule {', '.join(unknown)}"
        if problem is not None:
            bad[i] = problem
            problems.append(
                auditor_finding(SUPPRESSION_INVALID, f"suppression directive {problem}", "invalid", d.span, d.text)
            )
    used: dict[int, set[str]] = {i: set() for i in range(len(directives))}
    for f in res.findings:
        if f.suppressed:
            continue
        rid = aliases.get(f.rule_id, f.rule_id)
        for i, d in enumerate(directives):
            if i in bad:
                continue
            hit = next((r for r in d.rules if aliases.get(r, r) == rid), None)
            if hit is not None and _covers(d, f):
                used[i].add(hit)
                f.suppressed = True
                f.suppression = {
                    "reason": d.reason,
                    "by": "directive",
                    "directive": "ignore-file" if d.file_wide else "ignore",
                    "line": d.line,
                }
                break
    for i, d in enumerate(directives):
        if i not in bad:
            for r in d.rules:
                if r not in used[i]:
                    problems.append(
                        auditor_finding(SUPPRESSION_UNUSED, f"suppression directive for {r} suppresses nothing",
                                         "unused", d.span, d.text)
                    )
    res.findings.extend(problems)
