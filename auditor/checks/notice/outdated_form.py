"""notice.outdated_form: the notice uses a form not in force on the audit date.

A notice that matches a form exactly, where that form's ``effective_from``/``effective_to`` do
not cover the audit date (outdated, or not yet in force), while another form is in force. It is
the rule's severity where the material must carry the notice (option ``required``, as for
``notice.missing``) and at most a warning where it need not. The expected text is the form in
force, names filled.

Outcome: ``outdated``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from auditor.analysis.notice import NoticeAnalysis
from auditor.checks.base import CheckOptions, Context
from auditor.checks.notice.base import REQUIRED_HELP, NoticeCheck, NoticeOptions, Required, notice_due
from auditor.model import SEVERITY_RANK, Document, Finding


class Options(NoticeOptions):
    required: Required = Field(default="settings", description=REQUIRED_HELP)


class OutdatedForm(NoticeCheck):
    kind: ClassVar[str] = "notice.outdated_form"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        current = self.current(ctx)
        if current is None:
            return
        day = ctx.as_of.isoformat()
        for h in an.hits:
            if not h.exact or h.form.in_force(ctx.as_of):
                continue
            if h.form.effective_from is not None and ctx.as_of < h.form.effective_from:
                state = f"not yet in force on {day} (from {h.form.effective_from.isoformat()})"
            else:
                state = f"no longer in force on {day}"
            msg = f"outdated notice: the {h.form.id} form is {state}; the law wants the {current.id} form"
            f = self.emit_hit("outdated", msg, doc, h, doc.span(h.start, h.end), self.fill(ctx, current, h))
            if not notice_due(self.options.required, doc, ctx) and SEVERITY_RANK.get(f.severity, 0) > SEVERITY_RANK["warning"]:
                f.severity = "warning"
                f.message += " (this material is not required to carry the notice, so a warning)"
            yield f


CHECK = OutdatedForm
