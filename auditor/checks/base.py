"""The contract every check kind honours: a pure function of (document, options, context).

Checks do no I/O and keep no globals, so they run the same in a process pool.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

import regex
from pydantic import BaseModel, ConfigDict

from auditor.analysis import DocumentAnalysis
from auditor.analysis.forms import NoticeSet
from auditor.analysis.patterns import compile_regex
from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.model import Document, Finding, Fix, Notice, Span

__all__ = ["Check", "CheckOptions", "Context", "RuleInfo", "compile_regex", "is_publisher"]


_OFFSET = regex.compile(r"^\s*(?:[+-]\d|(?:UTC|GMT|Z)\s*[+-]\d)", regex.IGNORECASE)


def check_zone(value: str | None) -> str | None:
    """A named IANA zone (Europe/Moscow); a fixed offset such as +03:00 is a ValueError."""
    if value is None:
        return value
    if _OFFSET.match(value):
        raise ValueError(
            f"{value!r} is a fixed UTC offset; name an IANA time zone such as 'Europe/Moscow' "
            "(a zone follows the law's changes of offset, a fixed offset does not)"
        )
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone name (e.g. 'Europe/Moscow')") from None
    return value


def is_publisher(doc: Document, publisher: dict[str, Any] | None) -> bool:
    """True when the document comes from the configured publisher (by name or URL domain)."""
    if not publisher:
        return False
    from auditor.text import normalize_text

    names = {normalize_text(n) for n in publisher.get("names") or []}
    for value in (doc.fields.publisher, doc.metadata.get("publisher")):
        if isinstance(value, str) and normalize_text(value) in names:
            return True
    url = doc.fields.url or doc.metadata.get("url")
    if isinstance(url, str) and url:
        host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
        for dom in publisher.get("domains") or []:
            dom = dom.lower().lstrip(".")
            if host == dom or host.endswith("." + dom):
                return True
    return False


class CheckOptions(BaseModel):
    """Base for each kind's options; unknown keys are errors (did-you-mean in the loader)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")


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
    fix_auto: str = "off"  # the pack's `fix.auto`: safe | needs-review | off (edits not attached)
    scope: list[str] = field(default_factory=list)  # segment kinds or "metadata.<key>" / "field.<name>"


@dataclass(slots=True)
class Context:
    """What a check is given besides the document: the date, pack settings, registries, analyses."""

    as_of: date
    settings: dict[str, Any] = field(default_factory=dict)  # merged pack settings (publisher, agent, ...)
    registries: dict[str, Any] = field(default_factory=dict)  # loaded designated-entity registries
    notices: dict[str, NoticeSet] = field(default_factory=dict)  # the packs' notice sets by id
    # the document's analyses (notice, mentions), computed once and shared by every rule
    analysis: DocumentAnalysis = field(default_factory=DocumentAnalysis)
    # seconds one pack regex may search this document (the run's regex-time limit; None: no limit):
    # every search a check makes passes it as ``timeout=``
    regex_time: float | None = DEFAULT_LIMITS.regex_timeout


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

    def unverified_after(self, doc: Document, ctx: Context) -> bool:
        """True when the check ran but its verdict cannot be relied on (a sample registry)."""
        return False

    def message(self, default: str, **values: Any) -> str:
        """``default``, or the rule's message template with {placeholders} filled ({message} is the default).

        Unknown placeholders stay as written; a malformed template falls back to ``default``.
        """
        if not self.rule.message:
            return default
        filled = _Keep({k: "" if v is None else v for k, v in values.items()})
        filled["message"] = default
        try:
            return self.rule.message.format_map(filled)
        except (ValueError, IndexError, AttributeError, TypeError):
            return default

    def emit(
        self,
        outcome: str,
        default: str,
        span: Span | None,
        evidence: str | None = None,
        expected: str | None = None,
        diff: str | None = None,
        **values: Any,
    ) -> Finding:
        """A finding with the rule's message template (or ``default``) filled in."""
        text = self.message(default, outcome=outcome, evidence=evidence, expected=expected, **values)
        return self.finding(outcome, text, span=span, evidence=evidence, expected=expected, diff=diff)

    def attach(self, finding: Finding, fix: Fix | None) -> Finding:
        """Put a repair on ``finding`` when the rule's pack lets its edits apply (``fix.auto``);
        the pack may lower a safe fix to needs-review, never raise one."""
        auto = self.rule.fix_auto
        if fix is not None and fix.edits and auto != "off":
            if auto == "needs-review":
                fix.safety = "needs-review"
            finding.autofix = fix
        return finding

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


class _Keep(dict):  # type: ignore[type-arg]
    """format_map helper: a placeholder the check does not provide is left as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
