"""Figures the human-facing reports share (XLSX, HTML, PDF, Markdown), computed from the results dict.

Everything here reads only the JSON results contract. Groupings:
section = documents[].metadata.section (or .category), else the top folder of the path;
month = fields.published.iso[:7] (else the raw date text); author = each of fields.author.
Pass rate = passed / (passed + failed + errors): an unreadable article is not a pass; skipped
files (not articles) do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from auditor.reporters.toolkit.findings import finding_state

SEVERITIES = ("error", "warning", "info")
STATUSES = ("pass", "fail", "error", "skipped")
NO_SECTION = "(no section)"
NO_AUTHOR = "(no author)"
NO_DATE = "(no date)"

# Per-document cell values of the rule matrix.
RULE_PASS, RULE_FAIL, RULE_UNVERIFIED, RULE_SUPPRESSED, RULE_BASELINED, RULE_NA = (
    "pass",
    "fail",
    "unverified",
    "suppressed",
    "baselined",
    "n/a",
)


@dataclass(slots=True)
class Group:
    """Documents of one section / author / month and how they fared."""

    name: str
    documents: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    findings: int = 0  # active findings

    def add(self, status: str, active: int) -> None:
        count_status(self, status)
        self.findings += active

    @property
    def pass_rate(self) -> float | None:
        checked = self.passed + self.failed + self.errors
        return self.passed / checked if checked else None


@dataclass(slots=True)
class RuleFigures:
    id: str
    title: str
    severity: str
    pack: str
    description: str
    references: list[dict[str, Any]]
    fix: str
    findings: int = 0  # active
    documents: int = 0  # documents with at least one active finding of this rule
    suppressed: int = 0
    baselined: int = 0
    unverified: int = 0  # documents where the rule could not be verified


@dataclass(slots=True)
class Summary:
    documents: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    findings: int = 0  # active findings (not suppressed, not baselined)
    suppressed: int = 0
    baselined: int = 0
    by_severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    rules: dict[str, RuleFigures] = field(default_factory=dict)
    sections: dict[str, Group] = field(default_factory=dict)
    authors: dict[str, Group] = field(default_factory=dict)
    months: dict[str, Group] = field(default_factory=dict)
    rule_columns: list[str] = field(default_factory=list)  # rules shown per document (matrix)
    root: tuple[str, ...] = ()  # folders all document paths share

    def section(self, doc: dict[str, Any]) -> str:
        return section_of(doc, self.root)

    @property
    def pass_rate(self) -> float | None:
        checked = self.passed + self.failed + self.errors
        return self.passed / checked if checked else None

    def rules_by_count(self) -> list[RuleFigures]:
        """Rules with active findings, most findings first (ties by id), for charts and tables."""
        hit = [r for r in self.rules.values() if r.findings]
        return sorted(hit, key=lambda r: (-r.findings, r.id))

    @staticmethod
    def sorted_groups(groups: dict[str, Group]) -> list[Group]:
        return [groups[k] for k in sorted(groups, key=_group_key)]


def count_status(target: Group | Summary, status: str) -> None:
    target.documents += 1
    attr = {"pass": "passed", "fail": "failed", "error": "errors"}.get(status, "skipped")
    setattr(target, attr, getattr(target, attr) + 1)


def _group_key(name: str) -> tuple[int, str]:
    # "(no ...)" buckets go last; the rest in plain order (months sort by date that way)
    return (1 if name.startswith("(") else 0, name)


def _dir_parts(path: Any) -> list[str]:
    parts = [p for p in str(path or "").replace("\\", "/").split("/") if p not in ("", ".")]
    return parts[:-1]


def common_root(documents: list[dict[str, Any]]) -> tuple[str, ...]:
    """The folders every document path starts with (so "top folder" means the first one that differs)."""
    root: list[str] | None = None
    for doc in documents:
        parts = _dir_parts(doc.get("path"))
        if root is None:
            root = parts
        else:
            n = 0
            while n < min(len(root), len(parts)) and root[n] == parts[n]:
                n += 1
            del root[n:]
        if not root:
            break
    return tuple(root or ())


def section_of(doc: dict[str, Any], root: tuple[str, ...] = ()) -> str:
    """metadata.section (or .category), else the document's top folder below the common root."""
    meta = doc.get("metadata") or {}
    for key in ("section", "category"):
        val = meta.get(key)
        if isinstance(val, (str, int, float)) and str(val).strip():
            return str(val).strip()
    parts = _dir_parts(doc.get("path"))
    if parts[: len(root)] == list(root) and len(parts) > len(root):
        return parts[len(root)]
    return NO_SECTION


def month_of(doc: dict[str, Any]) -> str:
    pub = (doc.get("fields") or {}).get("published") or {}
    iso = pub.get("iso") or pub.get("date")
    if isinstance(iso, str) and re.match(r"\d{4}-\d{2}", iso):
        return iso[:7]
    raw = pub.get("raw")
    if isinstance(raw, str) and raw.strip():
        return " ".join(raw.split())[:40]
    return NO_DATE


def authors_of(doc: dict[str, Any]) -> list[str]:
    names = [" ".join(str(a).split()) for a in (doc.get("fields") or {}).get("author") or []]
    names = [n for n in names if n]
    return sorted(set(names)) if names else [NO_AUTHOR]


def rule_cell(doc: dict[str, Any], rule_id: str) -> str:
    """The matrix value of one rule for one document."""
    if doc.get("status") in ("error", "skipped"):
        return RULE_NA
    states = {finding_state(f) for f in doc.get("findings", []) if f.get("rule_id") == rule_id}
    if "active" in states:
        return RULE_FAIL
    if rule_id in (doc.get("unverified") or []):
        return RULE_UNVERIFIED
    if "suppressed" in states:
        return RULE_SUPPRESSED
    if "baselined" in states:
        return RULE_BASELINED
    return RULE_PASS


def summarise(results: dict[str, Any]) -> Summary:
    """One pass over the documents: every figure the reports show."""
    s = Summary(root=common_root(results.get("documents", [])))
    for rule in results.get("run", {}).get("rules") or []:
        s.rules[rule["id"]] = _rule_figures(rule)
        s.rule_columns.append(rule["id"])
    extra_columns: set[str] = set()
    from auditor.governance import apply_alias

    aliases = results.get("run", {}).get("aliases") or {}
    sections, authors = aliases.get("sections") or {}, aliases.get("authors") or {}
    for doc in results.get("documents", []):
        status = doc.get("status", "error")
        count_status(s, status)
        active = 0
        rules_hit: set[str] = set()
        for f in doc.get("findings", []):
            rid = f.get("rule_id", "?")
            fig = s.rules.get(rid)
            if fig is None:
                fig = s.rules[rid] = _rule_figures({"id": rid, "severity": f.get("severity", "error"), "pack": f.get("pack") or ""})
                if status not in ("error", "skipped"):
                    extra_columns.add(rid)
            state = finding_state(f)
            if state == "suppressed":
                s.suppressed += 1
                fig.suppressed += 1
            elif state == "baselined":
                s.baselined += 1
                fig.baselined += 1
            else:
                active += 1
                fig.findings += 1
                rules_hit.add(rid)
                sev = f.get("severity", "error")
                s.by_severity[sev] = s.by_severity.get(sev, 0) + 1
        for rid in rules_hit:
            s.rules[rid].documents += 1
        for rid in doc.get("unverified") or []:
            if rid in s.rules:
                s.rules[rid].unverified += 1
        s.findings += active
        _group(s.sections, apply_alias(s.section(doc), sections)).add(status, active)
        _group(s.months, month_of(doc)).add(status, active)
        for author in sorted({apply_alias(a, authors) for a in authors_of(doc)}):
            _group(s.authors, author).add(status, active)
    s.rule_columns.extend(sorted(extra_columns - set(s.rule_columns)))
    return s


def _group(groups: dict[str, Group], name: str) -> Group:
    g = groups.get(name)
    if g is None:
        g = groups[name] = Group(name)
    return g


def _rule_figures(rule: dict[str, Any]) -> RuleFigures:
    return RuleFigures(
        id=rule["id"],
        title=rule.get("title") or "",
        severity=rule.get("severity") or "error",
        pack=rule.get("pack") or "",
        description=rule.get("description") or "",
        references=list(rule.get("references") or []),
        fix=rule.get("fix") or "",
    )
