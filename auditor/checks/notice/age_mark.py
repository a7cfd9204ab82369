"""notice.age_mark: no age mark goes with the notice.

Where a notice stands in a material that must carry it (option ``required``, as for
``notice.missing``), the set's ``age_mark`` (default ``18+`` or "Запрещено для детей") is looked
for anywhere in the material - glued before or after the notice counts - and in metadata
``age_rating``. Without one the finding points at the first notice; its expected text is the
notice followed by " 18+".

Outcome: ``age-mark``.
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


class AgeMark(NoticeCheck):
    kind: ClassVar[str] = "notice.age_mark"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        if not an.hits or an.age_marked or not notice_due(self.options.required, doc, ctx):
            return
        h = an.hits[0]
        msg = (
            'no age mark with the foreign-agent notice: Roskomnadzor asks for "18+" (or "Запрещено для '
            'детей") on information related to foreign agents'
        )
        expected = doc.text[h.start : h.end] + " 18+"
        yield self.emit_hit("age-mark", msg, doc, h, doc.span(h.start, h.end), expected)


CHECK = AgeMark
