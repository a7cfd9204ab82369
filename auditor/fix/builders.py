"""Fix builders: the edits that repair a finding, from what the check found (its analysis).

Checks call these and hand the result to ``Check.attach`` (which honours the pack's ``fix.auto``).
They only compute edits in ``Document.text`` offsets; turning edits into file changes is each
format's applier (auditor/fix/apply_*.py). A builder never invents content: a name the pack does
not give stays a placeholder the check flags again, and the fix is then ``needs-review``.
"""

from __future__ import annotations

import re

from auditor.model import Document, Edit, Fix
from auditor.text import INVISIBLE

# a name slot the pack could not fill: `_fill` writes it as <group>
PLACEHOLDER = re.compile(r"<[a-z_][a-z0-9_]*>")


def _safety(text: str, safe: bool = True) -> str:
    return "safe" if safe and not PLACEHOLDER.search(text) else "needs-review"


def notice_anchor(doc: Document) -> tuple[int, str]:
    """Where a notice goes: (offset, "after") at the end of the headline, else (offset, "before")
    the first block of the material (front matter, page chrome and the dateline aside)."""
    segs = sorted(doc.segments, key=lambda s: s.start)
    headline = next((s for s in segs if s.kind == "headline"), None)
    if headline is not None:
        return headline.end, "after"
    first = next((s for s in segs if s.kind not in ("metadata", "chrome", "dateline")), None)
    if first is not None:
        return first.start, "before"
    return 0, "before"


def insert_notice(doc: Document, text: str, what: str = "insert the notice in force") -> Fix:
    """A missing notice, inserted as a block of its own directly under the headline."""
    at, _side = notice_anchor(doc)
    safety = _safety(text)
    desc = f"{what} directly under the headline"
    if safety != "safe":
        desc += " (the pack names no agent: fill in the placeholder)"
    return Fix(desc, [Edit(at, at, text, block=True)], safety)


def replace_text(doc: Document, start: int, end: int, new: str, description: str, safe: bool = True) -> Fix | None:
    """text[start:end] becomes ``new``; None when nothing would change."""
    if doc.text[start:end] == new or end <= start:
        return None
    return Fix(description, [Edit(start, end, new)], _safety(new, safe))


def move_notice(doc: Document, start: int, end: int, new: str | None = None) -> Fix | None:
    """A misplaced notice: its block removed where it stands, the notice inserted under the headline."""
    at, side = notice_anchor(doc)
    if start <= at <= end:
        return None
    text = doc.text[start:end] if new is None else new
    desc = "move the notice directly under the headline"
    return Fix(desc, [Edit(start, end, "", block=True), Edit(at, at, text, block=True)], _safety(text))


def strip_invisible(doc: Document, start: int, end: int) -> Fix | None:
    """Soft hyphens and zero-width characters dropped from the notice's words."""
    raw = doc.text[start:end]
    clean = "".join(c for c in raw if c not in INVISIBLE)
    return replace_text(doc, start, end, clean, "remove the invisible characters from the notice")


def upper_case(doc: Document, start: int, end: int) -> Fix | None:
    raw = doc.text[start:end]
    return replace_text(doc, start, end, raw.upper(), "set the notice in capitals")


def for_notice(outcome: str, doc: Document, start: int | None, end: int | None, expected: str | None,
               *, exact: bool = True, ratio: float = 1.0) -> Fix | None:
    """The repair of one notice finding, by its outcome (required_text: auditor/checks/notice/)."""
    if outcome in ("missing", "wrong-language"):
        return insert_notice(doc, expected) if expected else None
    if start is None or end is None:
        return None
    if outcome == "misplaced":
        return move_notice(doc, start, end)
    if outcome == "case":
        return upper_case(doc, start, end)
    if outcome == "hidden-characters":
        return strip_invisible(doc, start, end)
    if expected is None:
        return None
    if outcome == "altered":
        # Latin look-alikes or a dropped word: the canonical form; a loose near miss needs a human eye
        return replace_text(doc, start, end, expected, "replace the altered notice by the exact form",
                            safe=exact or ratio >= 0.8)
    if outcome == "outdated":
        return replace_text(doc, start, end, expected, "replace the notice by the form in force")
    if outcome == "name":
        return replace_text(doc, start, end, expected, "write the agent's registry name in both slots")
    if outcome == "age-mark":
        return replace_text(doc, start, end, expected, "add the 18+ mark after the notice", safe=False)
    return None


def timestamp(doc: Document, start: int, end: int, raw: str, new: str, *, zoned: bool) -> Fix | None:
    """The published timestamp rewritten in the house format, where it stands in the text.

    Front matter and machine metadata are left alone (a fix edits the visible text only); a
    timestamp with a zone that the house format drops needs a look (the zone is converted away).
    """
    if end <= start or doc.text[start:end].strip() != raw.strip():
        return None
    seg = doc.segment_at(start)
    if seg is not None and seg.kind == "metadata":
        return None
    lead = len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
    tail = len(doc.text[start:end].rstrip())
    return replace_text(doc, start + lead, start + tail, new, "write the timestamp in the house format",
                        safe=not zoned)
