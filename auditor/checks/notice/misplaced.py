"""notice.misplaced: the notice does not stand at the beginning of the material.

The notice belongs directly under the headline - only the segment kinds of
``placement.allow_between`` (default: dateline, lead) may stand between them - and, with no
headline, before the text; a notice above the headline, after the body, in page chrome (footer,
sidebar) or in a footnote is misplaced. When every notice of the material is misplaced the
finding points at the first. A format with no recognised layout (plain text without blocks)
cannot be judged: the rule is listed as unverified there.

Outcome: ``misplaced``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from auditor.analysis.notice import NoticeAnalysis
from auditor.analysis.placement import Placement, placement_problem
from auditor.checks.base import CheckOptions, Context
from auditor.checks.notice.base import NoticeCheck, NoticeOptions
from auditor.model import Document, Finding


class Options(NoticeOptions):
    placement: Placement = Field(default_factory=Placement, description="Where the notice must stand.")


class Misplaced(NoticeCheck):
    kind: ClassVar[str] = "notice.misplaced"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def unverifiable(self, doc: Document) -> bool:
        return not doc.segments

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        if not an.hits:
            return
        allow = self.options.placement.allow_between
        problems = [placement_problem(doc, h.start, h.segment, allow) for h in an.hits]
        if not all(problems):
            return
        h = an.hits[0]
        msg = (
            f"notice misplaced: {problems[0]}; the law wants it at the beginning of the material, "
            "directly under the headline (before the text when there is no headline)"
        )
        text = self.fill(ctx, self.target(ctx, h), h)  # what the fix moves under the headline
        f = self.emit_hit("misplaced", msg, doc, h, doc.span(h.start, h.end), text)
        from auditor.places import notice_target

        f.expected = notice_target(doc)  # where the notice must go, not the notice again (issue 17)
        yield f


CHECK = Misplaced
