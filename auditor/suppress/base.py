"""The ``auditor.`` findings about suppressions themselves (invalid, expired, unused)."""

from __future__ import annotations

from auditor import __version__
from auditor.model import Finding, Span

SUPPRESSION_INVALID = "auditor.suppression-invalid"
SUPPRESSION_EXPIRED = "auditor.suppression-expired"
SUPPRESSION_UNUSED = "auditor.suppression-unused"
AUDITOR_RULES = {
    SUPPRESSION_INVALID: ("Suppression is invalid", "error"),
    SUPPRESSION_EXPIRED: ("Waiver has expired", "error"),
    SUPPRESSION_UNUSED: ("Suppression suppresses nothing", "warning"),
}


def auditor_finding(rule_id: str, message: str, outcome: str, span: Span | None, evidence: str | None) -> Finding:
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
