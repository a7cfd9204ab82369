"""Walking the findings of the JSON results: each with its document, its state (active, suppressed,
baselined), whether it fails the run, and the rules the run knows (the tool's own included)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from auditor.model import SEVERITY_RANK
from auditor.reporters.toolkit.text import one_line

# Rules the tool itself reports (not in any pack): id -> (title, severity, help)
TOOL_RULES: dict[str, tuple[str, str, str]] = {
    "auditor.read-error": ("File could not be read", "error", "The file could not be read or parsed; fix or exclude it."),
    "auditor.encoding": (
        "Encoding was guessed",
        "warning",
        "The file is not UTF-8 and declares no encoding; it was read in the encoding that fits best. Save it as UTF-8.",
    ),
    "auditor.suppression-invalid": (
        "Suppression is invalid",
        "error",
        'A directive or waiver without a reason, naming an unknown rule, or malformed. Write: auditor: ignore RULE_ID reason="why".',
    ),
    "auditor.suppression-expired": (
        "Waiver has expired",
        "error",
        "The waiver's expires date has passed: renew it with a new approval or fix the finding.",
    ),
    "auditor.suppression-unused": (
        "Suppression suppresses nothing",
        "warning",
        "Remove the directive or waiver: the finding it was written for is gone.",
    ),
}

def is_active(finding: dict[str, Any]) -> bool:
    return not finding.get("suppressed") and not finding.get("baselined")


def finding_state(finding: dict[str, Any]) -> str:
    if finding.get("suppressed"):
        return "suppressed"
    if finding.get("baselined"):
        return "baselined"
    return "active"


def iter_findings(results: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(document, finding) in document order, then finding order (the engine's stable order)."""
    for doc in results.get("documents", []):
        for f in doc.get("findings", []):
            yield doc, f



@dataclass(slots=True)
class Item:
    doc: dict[str, Any]
    finding: dict[str, Any]

    @property
    def path(self) -> str:
        return self.doc["path"]

    @property
    def state(self) -> str:
        """active, suppressed or baselined."""
        if self.finding.get("suppressed"):
            return "suppressed"
        if self.finding.get("baselined"):
            return "baselined"
        return "active"

    def line(self) -> int | None:
        span = self.finding.get("span") or {}
        return span.get("line")

    def column(self) -> int | None:
        span = self.finding.get("span") or {}
        return span.get("column")

    def note(self) -> str:
        """'' for an active finding, else why it does not count."""
        if self.state == "suppressed":
            sup = self.finding.get("suppression") or {}
            by = sup.get("by")
            return f"suppressed{f' by {by}' if by else ''}: {sup.get('reason') or 'no reason'}"
        if self.state == "baselined":
            return "baselined"
        return ""

    def text(self, limit: int = 0) -> str:
        """Message, found and expected text on one line, with the suppression note."""
        f = self.finding
        parts = [f["message"]]
        if f.get("evidence"):
            parts.append(f"found: “{one_line(f['evidence'], 200)}”")
        if f.get("expected"):
            parts.append(f"expected: “{one_line(f['expected'], 300)}”")
        note = self.note()
        if note:
            parts.append(f"[{note}]")
        out = " — ".join(parts)
        return one_line(out, limit) if limit else out


def items(results: dict[str, Any]) -> Iterator[Item]:
    for doc in results["documents"]:
        for f in doc["findings"]:
            yield Item(doc, f)


def fail_rank(results: dict[str, Any]) -> int:
    fail_on = (results.get("run") or {}).get("fail_on") or "error"
    return 99 if fail_on == "never" else SEVERITY_RANK.get(fail_on, 3)


def fails(item: Item, rank: int) -> bool:
    return item.state == "active" and SEVERITY_RANK.get(item.finding["severity"], 0) >= rank


def rules_by_id(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Rules of the run, plus the tool's own rules and any rule id only seen in findings."""
    out: dict[str, dict[str, Any]] = {}
    for r in (results.get("run") or {}).get("rules") or []:
        out.setdefault(r["id"], r)
    for it in items(results):
        rid = it.finding["rule_id"]
        if rid in out:
            continue
        title, sev, help_text = TOOL_RULES.get(rid, (rid, it.finding["severity"], ""))
        out[rid] = {"id": rid, "pack": it.finding.get("pack") or "auditor", "title": title, "severity": sev,
                    "description": help_text or None, "references": it.finding.get("references") or []}
    return out
