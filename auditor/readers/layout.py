"""Blocks -> typed segments (dateline, headline, notice, body, attribution, footnote, chrome).

Shared by every reader so text, HTML, PDF and DOCX agree on what a headline is.
A reader cuts its input into ``Block``s (paragraph-like units, in reading order, with the
offsets they occupy in the document text and whatever layout it knows), optionally with a
``hint`` when its structure already says what a block is (an HTML <h1>, a DOCX Title style,
a PDF header repeated on every page). ``classify`` assigns the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import Segment, Style


@dataclass(slots=True)
class Block:
    start: int  # offsets into the document text
    end: int
    hint: str | None = None  # a segment kind the reader is sure of, or None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    field: str | None = None
    style: Style | None = None


def join_blocks(parts: list[tuple[str, dict]]) -> tuple[str, list[Block]]:
    """Build a document text from (text, block attributes) pairs, blank line between blocks."""
    chunks: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i, (text, attrs) in enumerate(parts):
        if i:
            chunks.append("\n\n")
            pos += 2
        chunks.append(text)
        blocks.append(Block(pos, pos + len(text), **attrs))
        pos += len(text)
    return "".join(chunks), blocks


def to_segments(blocks: list[Block], kinds: list[str]) -> list[Segment]:
    return [
        Segment(
            kind=k,
            start=b.start,
            end=b.end,
            page=b.page,
            bbox=b.bbox,
            paragraph=b.paragraph,
            field=b.field,
            style=b.style,
        )
        for b, k in zip(blocks, kinds, strict=True)
    ]
