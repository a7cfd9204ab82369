"""The contract every check kind honours: a pure function of (document, options, context).

Checks do no I/O and keep no globals, so they run the same in a process pool.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from auditor.model import Document, Finding, Notice


class CheckOptions(BaseModel):
    """Base for each kind's options; unknown keys are errors (did-you-mean in the loader)."""

    model_config = ConfigDict(extra="forbid")


@dataclass(slots=True)
class RuleInfo:
    """What a compiled rule tells its check: identity, severity, message and provenance."""

    id: str
    pack: str
    pack_version: str
    title: str
    severity: str
    message: str | None = None  # template: {evidence}, {expected}, {field}, ... filled by the check
    references: list[dict[str, Any]] = field(default_factory=list)
    fix: str | None = None
    scope: list[str] = field(default_factory=list)  # segment kinds or "metadata.<key>" / "field.<name>"


@dataclass(slots=True)
class Context:
    """Run-wide facts a check may use."""

    as_of: date
    settings: dict[str, Any] = field(default_factory=dict)  # merged pack settings (publisher, agent, ...)
    registries: dict[str, Any] = field(default_factory=dict)  # loaded designated-entity registries


class Check:
    kind: ClassVar[str]
    Options: ClassVar[type[CheckOptions]]

    def __init__(self, rule: RuleInfo, options: CheckOptions) -> None:
        self.rule = rule
        self.options = options

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def detect_notices(self, doc: Document, ctx: Context) -> list[Notice]:
        """Notices this check recognises in the document (used to fill Document.notices)."""
        return []

    def unverifiable(self, doc: Document) -> bool:
        """True when this format cannot carry what the check needs (e.g. font size in plain text)."""
        return False

    def finding(self, outcome: str, message: str, **kw: Any) -> Finding:
        r = self.rule
        return Finding(
            rule_id=r.id,
            severity=kw.pop("severity", r.severity),
            message=message,
            outcome=outcome,
            pack=r.pack,
            pack_version=r.pack_version,
            references=list(r.references),
            fix=kw.pop("fix", r.fix),
            **kw,
        )
