"""Places a person can find: "paragraph 9" in a DOCX, "page 2" in a PDF, "line 17" elsewhere.

Used in check messages and in the expected text of a misplaced notice, which says where the
notice must go rather than repeating the notice found.
"""

from __future__ import annotations

from typing import Any


def place_of(doc: Any, offset: int) -> str:
    seg = doc.segment_at(offset)
    if seg is not None and seg.paragraph is not None:
        return f"paragraph {seg.paragraph}"
    if seg is not None and seg.page is not None:
        return f"page {seg.page}"
    return f"line {doc.line_col(offset)[0]}"


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def notice_target(doc: Any) -> str:
    """Where the notice must go: directly under the headline (named, with its place), else first."""
    heads = [s for s in doc.segments if s.kind == "headline"]
    if not heads:
        return "at the beginning of the material, before the text"
    head = min(heads, key=lambda s: s.start)
    where = place_of(doc, head.start)
    out = f"directly under the headline “{_short(doc.text[head.start:head.end])}” ({where})"
    if head.paragraph is not None:
        out += f", as paragraph {head.paragraph + 1}"
    return out
