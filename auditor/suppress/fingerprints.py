"""Fingerprints: rule + document + normalised evidence (+ how many alike came before), stable under
edits elsewhere in the article; what the baseline and the history match findings by."""

from __future__ import annotations

import hashlib
import unicodedata

from auditor.config import relative_to
from auditor.model import FORMER_OUTCOMES, DocumentResult

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
    need them) and, for a finding without evidence, under its outcome's former spelling
    (``model.FORMER_OUTCOMES``), so a baseline recorded before a rename still matches.
    """
    doc = document_key(res, root)
    former = former or {}
    seen: dict[str, int] = {}
    alternatives: list[list[str]] = []
    for f in res.findings:
        rule = aliases.get(f.rule_id, f.rule_id)
        basis = _basis(f.evidence, f.outcome, f.span.field if f.span and f.span.field else "")
        base = _fingerprint_base(rule, doc, basis)
        n = seen[base] = seen.get(base, 0) + 1
        f.fingerprint = _fingerprint(base, n)
        alts = [_fingerprint(_fingerprint_base(old, doc, basis), n) for old in former.get(rule, ())]
        if not f.evidence and f.outcome in FORMER_OUTCOMES:  # recorded with the outcome's former spelling
            old_basis = _basis(None, FORMER_OUTCOMES[f.outcome], f.span.field if f.span and f.span.field else "")
            alts += [_fingerprint(_fingerprint_base(r, doc, old_basis), n) for r in (rule, *former.get(rule, ()))]
        alternatives.append(alts)
    return alternatives


def _basis(evidence: str | None, outcome: str, field: str) -> str:
    return normalise_evidence(evidence) if evidence else f"<{outcome}:{field}>"


def _fingerprint_base(rule: str, doc: str, basis: str) -> str:
    return hashlib.sha256("\0".join((rule, doc, basis)).encode("utf-8")).hexdigest()


def _fingerprint(base: str, n: int) -> str:
    return hashlib.sha256(f"{base}:{n}".encode()).hexdigest()[:32]
