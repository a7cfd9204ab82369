"""notice.hidden_characters: invisible characters inside the notice's words.

Soft hyphens and zero-width characters are read through when the notice is matched, so the
notice still counts; where one stands between letters of a word it breaks a copy or a search of
the text. Each is named (code point, name, line:column). Soft hyphens alone (hyphenation hints)
are ``info``; a non-breaking space between words is ordinary typography and is not reported.
Checked on exact matches of a form.

Outcome: ``hidden-characters``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import ClassVar

from auditor.analysis.notice import NoticeAnalysis
from auditor.checks.base import Context
from auditor.checks.notice.base import NoticeCheck, at
from auditor.model import Document, Finding
from auditor.text import INVISIBLE


class HiddenCharacters(NoticeCheck):
    kind: ClassVar[str] = "notice.hidden_characters"

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        text = doc.text
        for h in an.hits:
            if not h.exact:
                continue
            found = [
                i for i in range(h.start, h.end)
                if text[i] in INVISIBLE and _letter_near(text, i, -1, h.start) and _letter_near(text, i, 1, h.end)
            ]  # fmt: skip
            if not found:
                continue
            names = "; ".join(f"U+{ord(text[i]):04X} {unicodedata.name(text[i], '?')} at {at(doc, i)}" for i in found)
            msg = (
                f"invisible character(s) inside the notice's words: {names}; the notice reads right but a copy "
                "or a search for its words fails"
            )
            expected = self.fill(ctx, self.target(ctx, h), h)
            f = self.emit_hit("hidden-characters", msg, doc, h, doc.span(h.start, h.end), expected)
            if all(text[i] == "\u00ad" for i in found):  # soft hyphens are ordinary hyphenation hints
                f.severity = "info"
            yield f


def _letter_near(text: str, i: int, step: int, limit: int) -> bool:
    """A letter next to position i (skipping other invisible characters), within the notice."""
    j = i + step
    while (j < limit if step > 0 else j >= limit) and text[j] in INVISIBLE:
        j += step
    return (j < limit if step > 0 else j >= limit) and text[j].isalnum()


CHECK = HiddenCharacters
