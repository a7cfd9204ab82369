"""notice.wrong_language: only a translation of the notice stands where the notice belongs.

The notice set's ``translations`` (e.g. English renderings) are looked for at the start of
each block. One standing alone, with no notice in the language of the forms anywhere in the
material, is a finding: the law wants the notice in its own language, word for word, also on
pages in other languages. A translation next to the notice itself is harmless. The expected
text is the form in force (else the first form), names filled.

Outcome: ``wrong-language``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from auditor.analysis.notice import NoticeAnalysis
from auditor.checks.base import Context
from auditor.checks.notice.base import NoticeCheck
from auditor.model import Document, Finding


class WrongLanguage(NoticeCheck):
    kind: ClassVar[str] = "notice.wrong_language"

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        if an.hits:
            return
        expected = self.fill(ctx, self.current(ctx) or self.notice_set(ctx).forms[0], None)
        for t in an.translations:
            msg = (
                f"the notice is given only in translation ({t.lang}): the law wants it in Russian, word for word, "
                "also on pages in other languages"
            )
            span = doc.span(t.start, t.end)
            f = self.emit("wrong-language", msg, span, evidence=doc.text[t.start : t.end], expected=expected)
            from auditor.fix.builders import for_notice

            yield self.attach(f, for_notice("wrong-language", doc, t.start, t.end, expected))


CHECK = WrongLanguage
