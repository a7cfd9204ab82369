"""The basis of a rule: how binding each reference is, and which instruments are in force.

Every rule reference carries ``binding`` (one of ``BINDINGS``) and may carry ``in_force_from`` /
``in_force_to``. Findings cite only the instruments in force on the audit date (the whole history
stays in ``auditor explain``); a rule without an explicit severity gets one from its strongest
binding; reports lead with the articles whose findings rest on statute, regulation or a court.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

BINDINGS = ("statute", "regulation", "court", "regulator-guidance", "industry-guidance", "house-style")
STATUTORY = frozenset({"statute", "regulation", "court"})
GUIDANCE = frozenset({"regulator-guidance", "industry-guidance"})
BINDING_LABEL = {
    "statute": "statute",
    "regulation": "regulation",
    "court": "court ruling",
    "regulator-guidance": "regulator guidance",
    "industry-guidance": "industry guidance",
    "house-style": "house style",
}
# severity a rule gets when its pack does not say: law is an error, guidance and house style warn
# (house style is the publisher's own choice: shown and counted, but it fails CI only with
# --fail-on warning; a house that wants it to fail the build says so in a profile override)
DEFAULT_SEVERITY = {
    "statute": "error",
    "regulation": "error",
    "court": "error",
    "regulator-guidance": "warning",
    "industry-guidance": "warning",
    "house-style": "warning",
}


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def in_force(ref: dict[str, Any], as_of: date) -> bool:
    start, end = _day(ref.get("in_force_from")), _day(ref.get("in_force_to"))
    return (start is None or start <= as_of) and (end is None or as_of <= end)


def current(refs: list[dict[str, Any]], as_of: date) -> list[dict[str, Any]]:
    """The references in force on as_of; when none is, all of them marked ``in_force: false``."""
    now = [r for r in refs if in_force(r, as_of)]
    if now or not refs:
        return now
    return [{**r, "in_force": False} for r in refs]


def strongest(refs: list[dict[str, Any]]) -> str | None:
    """The most binding ``binding`` among refs (statute first), None when no reference states one."""
    found = {r.get("binding") for r in refs}
    return next((b for b in BINDINGS if b in found), None)


def default_severity(refs: list[dict[str, Any]]) -> str:
    """The severity of a rule that states none: that of its strongest binding (statute, regulation,
    court: error; guidance and house style: warning). A reference the pack does not call CONFIRMED
    (SECONDARY, INFERENCE, UNCONFIRMED) cannot make a rule an error; no binding at all: error."""
    if not any(r.get("binding") for r in refs):
        return "error"
    sure = [r for r in refs if r.get("confidence") in (None, "CONFIRMED")]
    b = strongest(sure)
    return DEFAULT_SEVERITY[b] if b else "warning"


def kind_of(refs: list[dict[str, Any]] | None) -> str:
    """statutory | guidance | house-style: what a finding rests on (references without a binding: house-style)."""
    b = strongest(refs or [])
    if b in STATUTORY:
        return "statutory"
    if b in GUIDANCE:
        return "guidance"
    return "house-style"


def reference_text(ref: dict[str, Any]) -> str:
    """'statute: Federal Law No. 255-FZ, Art. 9 <url>' - the basis line reports print."""
    bits = [b for b in (ref.get("law"), ref.get("article")) if b]
    text = ", ".join(bits) or ref.get("title") or ""
    if ref.get("url"):
        text = f"{text} <{ref['url']}>" if text else ref["url"]
    label = BINDING_LABEL.get(ref.get("binding") or "")
    if label and text:
        text = f"{label}: {text}"
    if ref.get("in_force") is False:
        text += " (not in force on the audit date)"
    return text


def references_text(refs: list[dict[str, Any]] | None) -> str:
    return "; ".join(t for t in (reference_text(r) for r in refs or []) if t)


def article_counts(results: dict[str, Any]) -> dict[str, int]:
    """Articles with an active statutory finding, and articles whose active findings are only
    guidance or house style - the figures every report leads with."""
    statutory = other = 0
    for doc in results.get("documents") or []:
        kinds = {kind_of(f.get("references")) for f in doc.get("findings") or []
                 if not f.get("suppressed") and not f.get("baselined") and f.get("rule_id", "").find("/") > 0}
        if "statutory" in kinds:
            statutory += 1
        elif kinds:
            other += 1
    return {"statutory": statutory, "house_style": other}


def lead_line(results: dict[str, Any]) -> str:
    n = article_counts(results)
    return (f"{n['statutory']} article{'s' if n['statutory'] != 1 else ''} with statutory violations; "
            f"{n['house_style']} with guidance or house-style findings only")


KINDS = ("statutory", "guidance", "house-style")
KIND_LABEL = {"statutory": "statutory", "guidance": "guidance", "house-style": "house style"}


def findings_statutory_first(results: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(document, finding) with the statutory findings first, then guidance, then house style;
    documents and findings keep their order within each. One pass over the documents per kind
    (they may be a spill file: nothing is held)."""
    for kind in KINDS:
        for doc in results.get("documents") or []:
            for f in doc.get("findings") or []:
                if kind_of(f.get("references")) == kind:
                    yield doc, f


def document_rank(doc: dict[str, Any]) -> int:
    """0: an active statutory finding; 1: only guidance or house style; 2: nothing active."""
    kinds = {kind_of(f.get("references")) for f in doc.get("findings") or []
             if not f.get("suppressed") and not f.get("baselined")}
    return 0 if "statutory" in kinds else 1 if kinds else 2
