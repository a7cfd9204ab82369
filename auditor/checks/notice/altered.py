"""notice.altered: a notice that is not word for word an accepted form.

A notice-like block (it opens like a form - the form's ``head`` - or holds a marker phrase of
the set or of settings.notice_markers) that matches no form is compared word by word with the
closest accepted wording (``text`` and ``variants``); from a similarity of ``near_miss`` (or
whenever the block opens like a form) it is an altered notice, reported with a word diff
(``[-word-]`` not in the form, ``{+word+}`` missing). An exact match is altered too when it hides
Latin look-alike letters (each named with line and column) or repeats a verb of the form's
``once`` list. The expected text is the form in force, names filled.

Outcome: ``altered``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from auditor.analysis.notice import Hit, NoticeAnalysis
from auditor.analysis.worddiff import diff_summary
from auditor.checks.base import Context
from auditor.checks.notice.base import NoticeCheck, at
from auditor.model import Document, Finding


class Altered(NoticeCheck):
    kind: ClassVar[str] = "notice.altered"

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        for h in an.hits:
            if not h.valid:
                yield self._altered(doc, h, self.fill(ctx, self.target(ctx, h), h))

    def _altered(self, doc: Document, h: Hit, expected: str) -> Finding:
        parts = []
        if not h.exact:
            parts.append(
                f"the words differ from the {h.form.id} form ({diff_summary(h.diff)})"
                + ("; the notice names no agent" if h.nameless else "")
            )
        if h.repeated:
            parts.append(f"word(s) repeated in the verb list: {', '.join(h.repeated)}")
        if h.lookalikes:
            chars = "; ".join(f"{lk.describe()} at {at(doc, lk.offset)}" for lk in h.lookalikes)
            parts.append(f"Latin look-alike letter(s) in the Russian text: {chars}")
        diff = h.diff
        if h.lookalikes:
            marks = "\n".join(
                f"{at(doc, lk.offset)}: {lk.char!r} -> {lk.cyrillic!r} in {lk.word!r}" for lk in h.lookalikes
            )
            diff = f"{diff}\n{marks}" if diff else marks
        msg = "notice altered: " + "; ".join(parts) + "; the law wants the form word for word"
        return self.emit_hit("altered", msg, doc, h, doc.span(h.start, h.end), expected, diff)


CHECK = Altered
