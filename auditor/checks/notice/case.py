"""notice.case: a form customarily set in capitals is not.

For forms marked ``upper: true``, an exact notice whose letters are not all capitals, and whose
segment is not styled as capitals (CSS ``text-transform``, DOCX all caps), is a finding. The
expected text is the notice in capitals. Where the format carries typography, a pack may leave
case to the typography rule instead.

Outcome: ``case``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from auditor.analysis.notice import Hit, NoticeAnalysis
from auditor.checks.base import Context
from auditor.checks.notice.base import NoticeCheck
from auditor.model import Document, Finding


class Case(NoticeCheck):
    kind: ClassVar[str] = "notice.case"

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        for h in an.hits:
            if not h.exact or not h.form.upper or shown_upper(doc, h):
                continue
            msg = (
                f"the {h.form.id} notice is not set in capitals: every published instance is upper case "
                "(not confirmed as a legal requirement)"
            )
            yield self.emit_hit("case", msg, doc, h, doc.span(h.start, h.end), doc.text[h.start : h.end].upper())


def shown_upper(doc: Document, h: Hit) -> bool:
    seg = doc.segment_at(h.start)
    if seg is not None and seg.style is not None and seg.style.upper is True:
        return True  # capitals by styling (CSS text-transform, DOCX all caps)
    letters = [c for c in doc.text[h.start : h.end] if c.isalpha() and c.lower() != c.upper()]
    return all(c.isupper() for c in letters)


CHECK = Case
