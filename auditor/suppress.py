"""Suppressions: inline directives, the waivers file, the baseline and the fingerprints they rely on.

Directives live in the article (a comment or a line ``auditor: ignore RULE reason="..."``) and are
applied where the document is read (``post_process``, an engine post-hook, so cached results
carry them). Waivers and the baseline are applied afterwards in the main process (``Suppressor``),
because they change without the article changing. Nothing is ever dropped: a suppressed or
baselined finding stays in the results, marked, with its reason. A suppression that is wrong
(no reason, an unknown rule, expired) or unused is itself a finding in the ``auditor.`` namespace.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.config import glob_match, relative_to
from auditor.model import Document, DocumentResult, Finding, Span, status_for

if TYPE_CHECKING:
    from auditor.engine import RunOptions

SUPPRESSION_INVALID = "auditor.suppression-invalid"
SUPPRESSION_EXPIRED = "auditor.suppression-expired"
SUPPRESSION_UNUSED = "auditor.suppression-unused"
AUDITOR_RULES = {
    SUPPRESSION_INVALID: ("Suppression is invalid", "error"),
    SUPPRESSION_EXPIRED: ("Waiver has expired", "error"),
    SUPPRESSION_UNUSED: ("Suppression suppresses nothing", "warning"),
}
BASELINE_FORMAT = 1


class BaselineError(Exception):
    """The baseline file cannot be used; one line naming the file."""


# -- fingerprints ----------------------------------------------------------------------------------
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_TYPOGRAPHY = str.maketrans(
    {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "‑": "-"}
)


def normalise_evidence(text: str) -> str:
    """Evidence as compared for fingerprints: NFKC, no invisible characters, plain quotes, folded case."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_TYPOGRAPHY)
    return " ".join(text.casefold().split())


def document_key(res: DocumentResult, root: str | None) -> str:
    key = relative_to(res.path, root)
    doc_id = res.metadata.get("id") if res.metadata else None
    return f"{key}#id={doc_id}" if doc_id is not None else key


def former_ids(aliases: dict[str, str]) -> dict[str, list[str]]:
    """Rule id -> the full ids it had before a rename (its aliases), sorted."""
    former: dict[str, list[str]] = {}
    for name, rid in sorted(aliases.items()):
        if name != rid and "/" in name:
            former.setdefault(rid, []).append(name)
    return former


def assign_fingerprints(
    res: DocumentResult, aliases: dict[str, str], root: str | None, former: dict[str, list[str]] | None = None
) -> list[list[str]]:
    """Rule + document + normalised evidence (+ how many alike came before): stable under edits elsewhere.

    Sets each finding's fingerprint from its rule's current id, and returns, per finding, the
    fingerprints it had under the rule's former ids (``former_ids(aliases)``, given by callers that
    need them), so a baseline recorded before a rename still matches.
    """
    doc = document_key(res, root)
    former = former or {}
    seen: dict[str, int] = {}
    alternatives: list[list[str]] = []
    for f in res.findings:
        rule = aliases.get(f.rule_id, f.rule_id)
        if f.evidence:
            basis = normalise_evidence(f.evidence)
        else:
            basis = f"<{f.outcome}:{f.span.field if f.span and f.span.field else ''}>"
        base = _fingerprint_base(rule, doc, basis)
        n = seen[base] = seen.get(base, 0) + 1
        f.fingerprint = _fingerprint(base, n)
        alternatives.append([_fingerprint(_fingerprint_base(old, doc, basis), n) for old in former.get(rule, ())])
    return alternatives


def _fingerprint_base(rule: str, doc: str, basis: str) -> str:
    return hashlib.sha256("\0".join((rule, doc, basis)).encode("utf-8")).hexdigest()


def _fingerprint(base: str, n: int) -> str:
    return hashlib.sha256(f"{base}:{n}".encode()).hexdigest()[:32]


def _auditor_finding(rule_id: str, message: str, outcome: str, span: Span | None, evidence: str | None) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=AUDITOR_RULES[rule_id][1],
        message=message,
        outcome=outcome,
        pack="auditor",
        pack_version=__version__,
        span=span,
        evidence=evidence,
    )


# -- inline directives ----------------------------------------------------------------------------
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_IN_COMMENT = re.compile(r"\s*auditor:[ \t]*(ignore-file|ignore)(?![\w-])(.*)\Z", re.S)
_LINE = re.compile(r"(?m)^[ \t]*(?:#+|//|%|;)?[ \t]*auditor:[ \t]*(ignore-file|ignore)(?![\w-])([^\n]*)$")
_BODY = re.compile(
    r"\s*(?P<rules>[^\s=,\"“”«»]+(?:\s*,\s*[^\s=,\"“”«»]+)*)?"
    r"\s*(?:reason\s*=\s*(?:\"(?P<r1>[^\"]*)\"|“(?P<r2>[^”]*)”|«(?P<r3>[^»]*)»))?\s*\Z"
)


@dataclass(slots=True)
class Directive:
    file_wide: bool
    start: int  # where it stands in Document.text
    end: int
    text: str
    rules: list[str] = field(default_factory=list)
    reason: str | None = None
    problem: str | None = None
    block: tuple[int, int] | None = None  # the text it covers (ignore)
    used: set[str] = field(default_factory=set)


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


def find_directives(doc: Any) -> list[Directive]:
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
    return found


def _next_block(doc: Any, pos: int) -> tuple[int, int] | None:
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


def apply_directives(res: DocumentResult, doc: Any, known: set[str] | None, aliases: dict[str, str]) -> None:
    directives = find_directives(doc)
    if not directives:
        return
    problems: list[Finding] = []
    for d in directives:
        if d.problem is None and known is not None:
            unknown = [r for r in d.rules if r not in known]
            if unknown:
                d.problem = f"names unknown rule {', '.join(unknown)}"
        if d.problem is not None:
            problems.append(
                _auditor_finding(SUPPRESSION_INVALID, f"suppression directive {d.problem}", "invalid",
                                 doc.span(d.start, d.end), d.text)
            )
    for f in res.findings:
        if f.suppressed:
            continue
        rid = aliases.get(f.rule_id, f.rule_id)
        for d in directives:
            if d.problem is not None:
                continue
            hit = next((r for r in d.rules if aliases.get(r, r) == rid), None)
            if hit is not None and _covers(d, f):
                d.used.add(hit)
                f.suppressed = True
                f.suppression = {
                    "reason": d.reason,
                    "by": "directive",
                    "directive": "ignore-file" if d.file_wide else "ignore",
                    "line": doc.line_col(d.start)[0],
                }
                break
    for d in directives:
        if d.problem is None:
            for r in d.rules:
                if r not in d.used:
                    problems.append(
                        _auditor_finding(SUPPRESSION_UNUSED, f"suppression directive for {r} suppresses nothing",
                                         "unused", doc.span(d.start, d.end), d.text)
                    )
    res.findings.extend(problems)


def post_process(res: DocumentResult, doc: Document, opts: RunOptions) -> None:
    """Engine post-hook: per-path overrides, then inline directives."""
    from auditor.config import apply_overrides

    policy = opts.policy
    apply_overrides(res, policy)
    if not policy.directives:
        return
    known = set(policy.known_rules) if policy.known_rules is not None else None
    apply_directives(res, doc, known, policy.rule_aliases)


# -- waivers -------------------------------------------------------------------------------------
_WAIVER_KEYS = ("rule", "path", "document", "reason", "approved_by", "expires")


@dataclass(slots=True)
class Waiver:
    line: int
    column: int
    rule: str | None = None
    path: str | None = None
    document: str | None = None
    reason: str | None = None
    approved_by: str | None = None
    expires: date | None = None
    problem: str | None = None
    expired: bool = False
    used: int = 0

    def label(self) -> str:
        where = self.path or self.document or "?"
        return f"{self.rule or '?'} on {where}"


def load_waivers(path: Path, today: date, known: set[str] | None) -> tuple[list[Waiver], list[str]]:
    """Waivers with their problems set; file-level problems as messages (file:line:col: ...)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    name = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{name}: cannot read waivers: {getattr(exc, 'strerror', None) or exc}"]
    from auditor.safeyaml import YamlLimit, check

    try:
        check(text)
        data = YAML(typ="rt").load(text)
    except YamlLimit as exc:
        return [], [f"{name}{f':{exc.line}' if exc.line else ''}: {exc}"]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        return [], [f"{name}{where}: invalid YAML: {exc.problem or exc}"]
    except Exception as exc:  # ruamel raises several families; one line is what matters
        return [], [f"{name}: invalid YAML: {exc}"]
    items = data.get("waivers") if hasattr(data, "get") else data
    if data is None or items is None:
        return [], []
    if not isinstance(items, list):
        return [], [f"{name}:1:1: expected `waivers:` followed by a list of waivers"]
    waivers: list[Waiver] = []
    for i, item in enumerate(items):
        lc = getattr(items, "lc", None)
        line, col = (lc.item(i)[0] + 1, lc.item(i)[1] + 1) if lc is not None else (1, 1)
        w = Waiver(line=line, column=col)
        waivers.append(w)
        if not isinstance(item, dict):
            w.problem = "is not a mapping of rule, path, reason, approved_by, expires"
            continue
        unknown = [str(k) for k in item if k not in _WAIVER_KEYS]
        for key in ("rule", "path", "document", "reason", "approved_by"):
            val = item.get(key)
            setattr(w, key, str(val).strip() if val is not None and str(val).strip() else None)
        w.expires = _as_date(item.get("expires"))
        if unknown:
            w.problem = f"has unknown key {unknown[0]!r} (known: {', '.join(_WAIVER_KEYS)})"
        elif not w.rule:
            w.problem = "names no rule"
        elif not (w.path or w.document):
            w.problem = "names neither a path glob nor a document id"
        elif not w.reason:
            w.problem = "has no reason"
        elif not w.approved_by:
            w.problem = "has no approved_by"
        elif w.expires is None:
            w.problem = "has no valid expires date (YYYY-MM-DD)"
        elif known is not None and w.rule not in known:
            w.problem = f"names unknown rule {w.rule}"
        elif w.expires < today:
            w.expired = True
    return waivers, []


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# -- baseline ------------------------------------------------------------------------------------
def load_baseline(path: Path) -> set[str]:
    name = path.as_posix()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{name}: no such baseline file (create one with `auditor baseline create`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{name}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("auditor_baseline") != BASELINE_FORMAT:
        raise BaselineError(f"{name}: not an auditor baseline (expected \"auditor_baseline\": {BASELINE_FORMAT})")
    out = set()
    for i, item in enumerate(data.get("findings") or []):
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(fp, str):
            raise BaselineError(f"{name}: findings[{i}] has no fingerprint")
        out.add(fp)
    return out


def render_baseline(results: dict[str, Any]) -> str:
    """The active findings of a run, by fingerprint; sorted, so the same findings give the same bytes."""
    rows = []
    for doc in results["documents"]:
        for f in doc["findings"]:
            if f.get("suppressed") or not f.get("fingerprint"):
                continue
            rows.append(
                {
                    "fingerprint": f["fingerprint"],
                    "rule_id": f["rule_id"],
                    "path": doc["path"],
                    "severity": f["severity"],
                    "message": f["message"],
                }
            )
    rows.sort(key=lambda r: (r["path"], r["rule_id"], r["fingerprint"]))
    data = {"auditor_baseline": BASELINE_FORMAT, "tool_version": __version__, "findings": rows}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- after the checks: fingerprints, waivers, baseline ------------------------------------------------
class Suppressor:
    """Applies fingerprints, waivers and the baseline to each result, then reports on the waivers."""

    def __init__(
        self,
        *,
        fail_rank: int,
        aliases: dict[str, str] | None = None,
        known: set[str] | None = None,
        root: str | None = None,
        waivers: Path | None = None,
        baseline: set[str] | None = None,
        today: date | None = None,
        report_unused: bool = True,
        waivers_label: str | None = None,
    ) -> None:
        self.fail_rank = fail_rank
        self.aliases = aliases or {}
        self.former = former_ids(self.aliases)
        self.root = root
        self.baseline = baseline
        self.report_unused = report_unused
        self.waivers_path = waivers
        self.waivers_label = waivers_label or (waivers.as_posix() if waivers else None)
        self.waivers: list[Waiver] = []
        self.file_problems: list[str] = []
        if waivers is not None:
            self.waivers, self.file_problems = load_waivers(waivers, today or date.today(), known)

    def _canon(self, rule: str) -> str:
        return self.aliases.get(rule, rule)

    def _waiver_for(self, res: DocumentResult, f: Finding) -> Waiver | None:
        rid = self._canon(f.rule_id)
        rel = relative_to(res.path, self.root)
        doc_id = str(res.metadata.get("id")) if res.metadata and res.metadata.get("id") is not None else None
        for w in self.waivers:
            if w.problem or w.expired or self._canon(w.rule or "") != rid:
                continue
            if w.path and (glob_match(w.path, rel) or glob_match(w.path, res.path)):
                return w
            if w.document and w.document in (doc_id, res.path, rel):
                return w
        return None

    def apply(self, res: DocumentResult) -> DocumentResult:
        former = assign_fingerprints(res, self.aliases, self.root, self.former)
        for f, old_fps in zip(res.findings, former, strict=True):
            if not f.suppressed and self.waivers:
                w = self._waiver_for(res, f)
                if w is not None:
                    w.used += 1
                    f.suppressed = True
                    f.suppression = {
                        "reason": w.reason,
                        "by": "waiver",
                        "approved_by": w.approved_by,
                        "expires": w.expires.isoformat() if w.expires else None,
                        "source": f"{self.waivers_label}:{w.line}",
                    }
            if self.baseline is not None and not f.suppressed and (
                f.fingerprint in self.baseline or any(fp in self.baseline for fp in old_fps)
            ):
                f.baselined = True
        if res.status in ("pass", "fail"):
            res.status = status_for(res.findings, self.fail_rank)
        return res

    def finish(self) -> list[DocumentResult]:
        """One result for the waivers file when it has problems (invalid, expired, unused waivers)."""
        if self.waivers_path is None:
            return []
        findings: list[Finding] = []
        for msg in self.file_problems:
            findings.append(_auditor_finding(SUPPRESSION_INVALID, msg, "invalid", None, None))
        for w in self.waivers:
            span = Span(0, 0, line=w.line, column=w.column)
            if w.problem:
                findings.append(_auditor_finding(SUPPRESSION_INVALID, f"waiver {w.label()} {w.problem}", "invalid",
                                                 span, w.label()))
            elif w.expired:
                assert w.expires is not None
                findings.append(
                    _auditor_finding(
                        SUPPRESSION_EXPIRED,
                        f"waiver {w.label()} expired on {w.expires.isoformat()} (approved by {w.approved_by})",
                        "expired",
                        span,
                        w.label(),
                    )
                )
            elif not w.used and self.report_unused:
                findings.append(_auditor_finding(SUPPRESSION_UNUSED, f"waiver {w.label()} suppresses nothing",
                                                 "unused", span, w.label()))
        if not findings:
            return []
        res = DocumentResult(path=self.waivers_label or "waivers", format="waivers", status="pass", findings=findings)
        assign_fingerprints(res, self.aliases, self.root)
        if self.baseline is not None:
            for f in findings:
                f.baselined = f.fingerprint in self.baseline
        res.status = status_for(findings, self.fail_rank)
        return [res]
