"""notice.missing: the notice is absent from a material that must carry it.

When the document must carry the notice (option ``required``: ``settings`` follows
settings.notice_required - ``always``, ``publisher`` or ``metadata`` - while the agent is
listed) and no notice-like block stands in it, the finding points just under the headline
(or at the start) and its expected text is the form in force on the audit date, names filled
from the slots' ``equal_to``. A notice quoted inside running text does not count; a translation
standing alone is reported by ``notice.wrong_language`` instead.

Outcome: ``missing``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from auditor.analysis.notice import NoticeAnalysis
from auditor.checks.base import CheckOptions, Context
from auditor.checks.notice.base import REQUIRED_HELP, NoticeCheck, NoticeOptions, Required, notice_due
from auditor.model import Document, Finding


class Options(NoticeOptions):
    required: Required = Field(default="settings", description=REQUIRED_HELP)


class Missing(NoticeCheck):
    kind: ClassVar[str] = "notice.missing"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        current = self.current(ctx)
        if an.hits or an.translations or current is None or not notice_due(self.options.required, doc, ctx):
            return
        headline = next((s for s in doc.segments if s.kind == "headline"), None)
        span = doc.span(headline.end, headline.end) if headline else doc.span(0, 0)
        msg = (
            f"statutory notice missing: on {ctx.as_of.isoformat()} the law wants the {current.id} form "
            "at the beginning of the material, directly under the headline"
        )
        yield self.emit_hit("missing", msg, doc, None, span, self.fill(ctx, current, None))


CHECK = Missing
