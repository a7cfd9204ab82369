"""Per-document analysis, computed once and shared by every rule on ``Context.analysis``.

- ``forms.py``: notice sets (accepted wordings, slots, translations) as packs declare them
- ``notice.py``: the notice analysis (candidates, matched form, near misses, age mark, translations)
- ``worddiff.py``: word-level diff of a near miss against the closest wording
- ``names.py``: names in slots (normalised, look-alikes, declension)
- ``placement.py``: where a notice stands relative to the headline
- ``mentions.py``: the mention analysis (registry names with declension, the status stated or not)
- ``patterns.py``: pack regexes (compiled once, searched with a timeout)

Nothing here knows a rule, a pack loader, a reporter or the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from auditor.analysis.forms import NoticeSet
    from auditor.analysis.notice import NoticeAnalysis
    from auditor.model import Document

T = TypeVar("T")
# how a regex timeout names its limit (auditor/limits.py), in every message that reports one
REGEX_LIMIT = " (limit: regex-time, --max-regex-time)"


class DocumentAnalysis:
    """The analyses of one document, each computed on first use (one evaluate() call, one document)."""

    def __init__(self) -> None:
        self._notice: dict[tuple[Any, ...], NoticeAnalysis | str] = {}
        self._other: dict[tuple[Any, ...], Any] = {}

    def notice(
        self, doc: Document, nset: NoticeSet, settings: dict[str, Any], timeout: float | None
    ) -> NoticeAnalysis | str:
        """The notice analysis for one notice set, or why it could not be made (a search took longer
        than ``timeout`` seconds, the run's regex-time limit)."""
        from auditor.analysis.forms import plan

        key = plan(nset).key
        found = self._notice.get(key)
        if found is None:
            from auditor.analysis.notice import analyse
            try:
                found = analyse(doc, nset, settings, timeout)
            except TimeoutError:
                after = f" than {timeout:g} s" if timeout else ""
                found = f"a notice pattern took longer{after} on this document{REGEX_LIMIT}"
            self._notice[key] = found
        return found

    def shared(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Another analysis several rules share (e.g. the mention analysis), computed once per key."""
        if key not in self._other:
            self._other[key] = compute()
        return self._other[key]  # type: ignore[no-any-return]
