"""What the checks say about a document: findings (with their fixes) and the document's result.

``to_dict`` gives the JSON results contract (``auditor/schemas/results.schema.json``) that every
reporter reads; ``from_dict`` reads it back (the cache, ``auditor report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from auditor.model.document import Span, jsonable

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
Status = Literal["pass", "fail", "error", "skipped"]

Safety = Literal["safe", "needs-review"]

# Outcome ids are spelled like rule ids, in kebab-case (``wrong-language``, ``age-mark``). These
# former snake_case spellings (before issue 11) are read as the new ones wherever results, packs,
# rule cases or baselines come back in: the one migration map (docs/architecture.md, Migrations).
OUTCOME_ALIASES: dict[str, str] = {
    "wrong_status": "wrong-status",
    "footnote_missing": "footnote-missing",
    "age_mark": "age-mark",
    "too_many": "too-many",
    "too_small": "too-small",
    "low_contrast": "low-contrast",
    "not_upper": "not-upper",
}
FORMER_OUTCOMES: dict[str, str] = {new: old for old, new in OUTCOME_ALIASES.items()}


def canonical_outcome(outcome: str) -> str:
    """An outcome id as spelled now (a former spelling is read as the current one)."""
    return OUTCOME_ALIASES.get(outcome, outcome)


def migrate_results(data: dict[str, Any]) -> dict[str, Any]:
    """JSON results as this version writes them: former outcome spellings renamed, in place."""
    for doc in data.get("documents") or []:
        findings = doc.get("findings") if isinstance(doc, dict) else None
        for f in findings or []:
            if isinstance(f, dict) and f.get("outcome") in OUTCOME_ALIASES:
                f["outcome"] = OUTCOME_ALIASES[f["outcome"]]
    return data


@dataclass(slots=True)
class Edit:
    """One change of a fix, in ``Document.text`` offsets (like spans): text[start:end] becomes ``text``.

    ``block`` edits work on whole blocks: with start == end, ``text`` is inserted as a block of its
    own (a paragraph, an HTML element, a DOCX paragraph) after the block that ends at ``start``;
    with empty ``text``, the block holding text[start:end] is removed. Each format's applier
    (auditor/fix/) turns them into changes of the file.
    """

    start: int
    end: int
    text: str
    block: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.block:
            out["block"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        return cls(data["start"], data["end"], data.get("text", ""), bool(data.get("block")))


@dataclass(slots=True)
class Fix:
    """A machine-applicable repair of a finding: edits, how safe it is, and one line saying what it does."""

    description: str
    edits: list[Edit] = field(default_factory=list)
    safety: str = "safe"  # "safe" (applied by `auditor fix`) or "needs-review" (only with --unsafe)

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "safety": self.safety, "edits": [e.to_dict() for e in self.edits]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fix:
        return cls(
            data.get("description", ""),
            [Edit.from_dict(e) for e in data.get("edits") or []],
            data.get("safety", "needs-review"),
        )


@dataclass(slots=True)
class Finding:
    rule_id: str
    severity: str
    message: str
    outcome: str = "invalid"  # missing, altered, misplaced, outdated, invalid, forbidden, unknown...
    pack: str | None = None
    pack_version: str | None = None
    span: Span | None = None
    evidence: str | None = None
    expected: str | None = None
    diff: str | None = None
    references: list[dict[str, Any]] = field(default_factory=list)
    fix: str | None = None
    suppressed: bool = False
    suppression: dict[str, Any] | None = None  # {"reason", "by": "directive"|"waiver", ...}
    baselined: bool = False
    fingerprint: str | None = None
    context: dict[str, str] | None = None  # {"before", "match", "after"}: the span's text in context
    autofix: Fix | None = None  # edits that repair the finding (auditor fix, editor quick fixes)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        """The inverse of ``to_dict`` (the JSON results contract, the cache, ``auditor report``)."""
        return cls(
            rule_id=d["rule_id"],
            severity=d["severity"],
            message=d["message"],
            outcome=canonical_outcome(d["outcome"]),
            pack=d.get("pack"),
            pack_version=d.get("pack_version"),
            span=Span.from_dict(d["span"]) if d.get("span") else None,
            evidence=d.get("evidence"),
            expected=d.get("expected"),
            diff=d.get("diff"),
            references=d.get("references") or [],
            fix=d.get("fix"),
            suppressed=d.get("suppressed", False),
            suppression=d.get("suppression"),
            baselined=d.get("baselined", False),
            fingerprint=d.get("fingerprint"),
            context=d.get("context"),
            autofix=Fix.from_dict(d["autofix"]) if d.get("autofix") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "pack": self.pack,
            "pack_version": self.pack_version,
            "severity": self.severity,
            "outcome": self.outcome,
            "message": self.message,
            "span": self.span.to_dict() if self.span else None,
            "evidence": self.evidence,
            "expected": self.expected,
            "diff": self.diff,
            "references": self.references,
            "fix": self.fix,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
        }
        if self.suppression:
            out["suppression"] = self.suppression
        if self.fingerprint:
            out["fingerprint"] = self.fingerprint
        if self.context:
            out["context"] = self.context
        if self.autofix is not None:
            out["autofix"] = self.autofix.to_dict()
        return out


@dataclass(slots=True)
class Directive:
    """An inline ``auditor: ignore`` / ``ignore-file`` directive as the document carries it.

    Found by the engine while the document is in hand (``auditor.suppress.directives``), with the
    places the apply stage needs; honoured by the apply stage (``auditor.suppress.apply``).
    """

    file_wide: bool
    start: int  # where it stands in Document.text
    end: int
    text: str
    rules: list[str] = field(default_factory=list)
    reason: str | None = None
    problem: str | None = None
    block: tuple[int, int] | None = None  # the text it covers (ignore)
    span: Span | None = None  # where it stands, located (for the findings about it)
    line: int = 0  # its line in the file the user opens

    def to_dict(self) -> dict[str, Any]:
        out = {"file_wide": self.file_wide, "start": self.start, "end": self.end, "text": self.text,
               "rules": self.rules, "reason": self.reason, "problem": self.problem,
               "block": list(self.block) if self.block else None, "line": self.line}
        if self.span is not None:
            out["span"] = self.span.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Directive:
        block = d.get("block")
        return cls(d["file_wide"], d["start"], d["end"], d["text"], list(d.get("rules") or []), d.get("reason"),
                   d.get("problem"), (block[0], block[1]) if block else None,
                   Span.from_dict(d["span"]) if d.get("span") else None, d.get("line", 0))


@dataclass(slots=True)
class DocumentResult:
    path: str
    format: str | None
    status: str
    document: dict[str, Any] | None = None  # Document.to_dict() (fields, notices)
    findings: list[Finding] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    error: str | None = None
    note: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # section, etc. for reports
    # what the engine hands to the apply stage and the history, never part of the JSON results:
    directives: list[Directive] = field(default_factory=list)  # the inline directives the document carries
    text: str | None = None  # Document.text, kept while the document has findings (the history's review desk)

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> DocumentResult:
        """The inverse of ``to_record`` (the cache)."""
        return cls(
            path=d["path"],
            format=d["format"],
            status=d["status"],
            document=d["document"],
            findings=[Finding.from_dict(f) for f in d["findings"]],
            unverified=list(d["unverified"]),
            error=d["error"],
            note=d["note"],
            metadata=d["metadata"] or {},
            directives=[Directive.from_dict(x) for x in d.get("directives") or []],
            text=d.get("text"),
        )

    def to_record(self) -> dict[str, Any]:
        """Everything the engine produced, as JSON data (the cache keeps engine results as they are)."""
        return {
            "path": self.path,
            "format": self.format,
            "status": self.status,
            "document": self.document,
            "findings": [f.to_dict() for f in self.findings],
            "unverified": self.unverified,
            "error": self.error,
            "note": self.note,
            "metadata": self.metadata,
            "directives": [x.to_dict() for x in self.directives],
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentResult:
        """A document of the JSON results contract read back (``auditor report``)."""
        return cls(
            path=d["path"],
            format=d["format"],
            status=d["status"],
            document={"fields": d["fields"], "notices": d.get("notices") or []},
            findings=[Finding.from_dict(f) for f in d["findings"]],
            unverified=list(d.get("unverified") or []),
            error=d.get("error"),
            note=d.get("note"),
            metadata=dict(d.get("metadata") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        doc = self.document or {}
        fields = doc.get(
            "fields",
            {"title": None, "published": {"raw": None, "iso": None}, "author": [], "source": [], "language": None},
        )
        out: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "status": self.status,
            "fields": fields,
            "notices": doc.get("notices", []),
            "unverified": list(self.unverified),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.error:
            out["error"] = self.error
        if self.note:
            out["note"] = self.note
        if self.metadata:
            out["metadata"] = jsonable(self.metadata)
        return out


def status_for(findings: list[Finding], fail_rank: int) -> str:
    """pass/fail for a readable document: fail when an active finding is at or above fail_rank."""
    for f in findings:
        if f.suppressed or f.baselined:
            continue
        if SEVERITY_RANK.get(f.severity, 0) >= fail_rank:
            return "fail"
    return "pass"
