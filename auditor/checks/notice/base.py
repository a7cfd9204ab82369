"""What every notice kind shares: its notice set, the analysis, the expected text, when a notice is due."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field

from auditor.analysis.forms import Form, NoticeSet, plan
from auditor.analysis.notice import Hit, NoticeAnalysis, fill
from auditor.checks.base import Check, CheckOptions, Context, RuleInfo, is_publisher
from auditor.model import Document, Finding, Notice, Span

Required = Literal["settings", "always", "never"]
REQUIRED_HELP = "When the notice is due: `settings` follows settings.notice_required; `always`; `never`."


class NoticeOptions(CheckOptions):
    notice: str = Field(description="Id of the notice set (the pack's `notices:`) this rule checks.")


class NoticeCheck(Check):
    """Base of the ``notice.*`` kinds: ``check(doc, ctx, analysis)`` yields the kind's findings."""

    kind: ClassVar[str]
    Options: ClassVar[type[CheckOptions]] = NoticeOptions
    options: NoticeOptions

    def __init__(self, rule: RuleInfo, options: CheckOptions, notice_set: NoticeSet | None = None) -> None:
        super().__init__(rule, options)
        self.inline = notice_set  # a notice set given with the rule (the `required_text` kind)

    def notice_set(self, ctx: Context) -> NoticeSet:
        return self.inline if self.inline is not None else ctx.notices[self.options.notice]

    def analysis(self, doc: Document, ctx: Context) -> NoticeAnalysis | str:
        return ctx.analysis.notice(doc, self.notice_set(ctx), ctx.settings, ctx.regex_time)

    def run(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        an = self.analysis(doc, ctx)
        if isinstance(an, str):
            yield self.finding("timeout", self.message(an, outcome="timeout"), span=doc.span(0, 0))
            return
        yield from self.check(doc, ctx, an)

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterable[Finding]:
        raise NotImplementedError

    def detect_notices(self, doc: Document, ctx: Context) -> list[Notice]:
        """The notices of the analysis, made once per document and notice set (every rule of the
        set asks; the caller only reads them)."""
        key = ("notices", plan(self.notice_set(ctx)).key)
        return ctx.analysis.shared(key, lambda: self._notices(doc, ctx))

    def _notices(self, doc: Document, ctx: Context) -> list[Notice]:
        an = self.analysis(doc, ctx)
        if isinstance(an, str):
            return []
        out = [
            Notice(doc.text[h.start : h.end], h.form.id if h.valid else None, doc.span(h.start, h.end), h.segment)
            for h in an.hits
        ]
        out += [Notice(doc.text[t.start : t.end], None, doc.span(t.start, t.end), t.segment) for t in an.translations]
        return out

    # -- helpers for the kinds ----------------------------------------------------------------------
    def current(self, ctx: Context) -> Form | None:
        """The form in force on the audit date."""
        return self.notice_set(ctx).current(ctx.as_of)

    def target(self, ctx: Context, h: Hit) -> Form:
        """The form a hit is held to: its own when in force, else the one in force."""
        current = self.current(ctx)
        return h.form if (h.form.in_force(ctx.as_of) or current is None) else current

    def fill(self, ctx: Context, form: Form, hit: Hit | None) -> str:
        return fill(self.notice_set(ctx), form, ctx.settings, hit)

    def emit_hit(
        self, outcome: str, msg: str, doc: Document, h: Hit | None, span: Span, expected: str, diff: str | None = None
    ) -> Finding:
        """A finding on hit ``h`` (None: no notice), with the repair the pack lets apply (``fix.auto``)."""
        from auditor.fix.builders import for_notice

        evidence = doc.text[h.start : h.end] if h is not None else None
        f = self.emit(outcome, msg, span, evidence=evidence, expected=expected, diff=diff)
        if h is None:
            return self.attach(f, for_notice(outcome, doc, None, None, expected))
        return self.attach(f, for_notice(outcome, doc, h.start, h.end, expected, exact=h.exact, ratio=h.ratio))


def notice_due(mode: Required, doc: Document, ctx: Context) -> bool:
    """Whether this document must carry the notice on the audit date (and the agent is listed then)."""
    if mode == "never":
        return False
    if mode == "settings":
        policy = ctx.settings.get("notice_required") or "never"
        policies = [policy] if isinstance(policy, str) else list(policy)
        if not any(_policy_holds(p, doc, ctx) for p in policies):
            return False
    agent = ctx.settings.get("agent") or {}
    lf, lt = agent.get("listed_from"), agent.get("listed_to")
    if isinstance(lf, date) and ctx.as_of < lf:
        return False
    return not (isinstance(lt, date) and ctx.as_of > lt)


def _policy_holds(policy: str, doc: Document, ctx: Context) -> bool:
    """One way a document comes to need the notice: always, by publisher, or by its metadata."""
    if policy == "always":
        return True
    if policy == "publisher":
        return is_publisher(doc, ctx.settings.get("publisher"))
    if policy == "metadata":
        key = ctx.settings.get("notice_metadata_key") or "foreign_agent"
        return _truthy(doc.metadata.get(key))
    return False


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "да")
    return bool(value)


def at(doc: Document, offset: int) -> str:
    """``line:column`` of an offset, for messages."""
    line, col = doc.line_col(offset)
    return f"{line}:{col}"
