"""PDF reader (pdfplumber): words with size, font, colour and box -> lines -> blocks in reading
order (two columns included), repeated page headers/footers as chrome, headline by size.

Spans map to page and bounding box (x0, top, x1, bottom in points from the top-left corner).
"""

from __future__ import annotations

import re
from typing import Any

from auditor.model import Document, Fields, Segment, Style
from auditor.readers import ReaderOptions, ReadError
from auditor.readers.layout import Block, join_blocks, to_segments
from auditor.readers.pdf_file import (
    check_container,
    check_pages,
    close_pdf,
    load_pages,
    metadata_of,
    open_pdf,
    reason,
)
from auditor.readers.pdf_file import sniff as sniff
from auditor.readers.pdf_layout import (
    Line,
    PageInfo,
    background_of,
    bbox_of,
    block_style,
    is_upper,
    join_lines,
    line_gaps,
    mark_chrome,
    paragraphs,
    reading_order,
    weighted_mode,
)

NAME = "pdf"
EXTENSIONS = (".pdf",)

# a block that opens with a statutory notice formula is never the headline (the notice is often larger)
_NOTICE_START = re.compile(
    r"^\W*(?:18\+\s*)?(?:настоящий\s+материал|данное\s+сообщение|this\s+(?:material|message))", re.IGNORECASE
)
_AGENT = re.compile(r"иностранн\w*\s+агент|foreign[\s-]+agent", re.IGNORECASE)

__all__ = ["EXTENSIONS", "NAME", "build_document", "is_upper", "looks_like_notice", "read", "sniff", "weighted_mode"]


# -- shared with the DOCX and records readers ----------------------------------------------------
def looks_like_notice(text: str) -> bool:
    """A block that reads as a statutory notice (by its opening words, or upper case naming an agent)."""
    if _NOTICE_START.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 40 and all(c.isupper() for c in letters) and bool(_AGENT.search(text))



def build_document(
    path: str,
    fmt: str,
    parts: list[tuple[str, dict[str, Any]]],
    options: ReaderOptions,
    *,
    metadata: dict[str, Any] | None = None,
    fields: Fields | None = None,
    body_style: Style | None = None,
) -> Document:
    """Blocks -> text and segments (through the shared layout classifier) -> Document with fields."""
    text, blocks = join_blocks(parts)
    segments = classify_blocks(text, blocks, options)
    doc = Document(path, fmt, text, segments, metadata=metadata or {}, fields=fields, body_style=body_style)
    if fields is None:
        fill_fields(doc, options)
    return doc


def classify_blocks(text: str, blocks: list[Block], options: ReaderOptions) -> list[Segment]:
    """The shared classifier when it is there; until then the readers' own hints, the rest body."""
    from auditor.readers import layout

    classify = getattr(layout, "classify", None)
    if classify is not None:
        return classify(text, blocks, options)
    return to_segments(blocks, [b.hint or "body" for b in blocks])


def fill_fields(doc: Document, options: ReaderOptions) -> None:
    """Title, dates, attribution from the segments (shared extraction when available)."""
    try:
        from auditor.readers import common
    except ImportError:
        common = None  # type: ignore[assignment]
    extract = getattr(common, "extract_fields", None) if common is not None else None
    if extract is not None:
        doc.fields = extract(doc, options)
        return
    heads = doc.segments_of("headline")
    if heads:
        doc.fields.title = " ".join(doc.seg_text(heads[0]).split())
    if doc.fields.language is None:
        doc.fields.language = options.language



# -- reading ----------------------------------------------------------------------------------------
def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    check_container(data)
    pdf = open_pdf(data)
    try:
        check_pages(pdf, options.limits.pages, options.limits.depth)
        pages = load_pages(pdf)
        metadata = metadata_of(pdf, len(pages))
    except ReadError:
        raise
    except Exception as exc:  # a damaged page tree or box surfaces as pdfminer's own errors
        raise ReadError(reason(exc)) from None
    finally:
        close_pdf(pdf)
    if not any(p.lines for p in pages):
        if any(p.images for p in pages):
            raise ReadError("no text layer: needs OCR (pages hold only images)")
        raise ReadError("no text layer: needs OCR (no text on any page)")
    mark_chrome(pages)

    ordered: list[Line] = []
    for p in pages:
        body = [ln for ln in p.lines if not ln.chrome]
        head = sorted(
            (ln for ln in p.lines if ln.chrome and ln.top < p.height / 2), key=lambda ln: (ln.top, ln.x0)
        )
        foot = sorted(
            (ln for ln in p.lines if ln.chrome and ln.top >= p.height / 2), key=lambda ln: (ln.top, ln.x0)
        )
        ordered += head + reading_order(body) + foot
    paras = paragraphs(ordered, line_gaps([ln for ln in ordered if not ln.chrome]))

    by_number = {p.number: p for p in pages}
    texts = [join_lines(para) for para in paras]
    # the body style is the most common one outside chrome and notices (a notice may be long)
    content = [
        ln
        for para, text in zip(paras, texts, strict=True)
        if not para[0].chrome and not looks_like_notice(text)
        for ln in para
    ]
    content = content or [ln for ln in ordered if not ln.chrome]
    body_style = Style(
        font_size=weighted_mode((ln.size, len(ln.text)) for ln in content),
        font_name=weighted_mode((w.font, len(w.text)) for ln in content for w in ln.words),
        color=weighted_mode((w.color, len(w.text)) for ln in content for w in ln.words),
    )
    body_style.background = weighted_mode(
        (background_of(by_number[ln.page], (ln.x0, ln.top, ln.x1, ln.bottom)), len(ln.text)) for ln in content
    )
    parts: list[tuple[str, dict[str, Any]]] = []
    for para, text in zip(paras, texts, strict=True):
        box = bbox_of(para)
        page = by_number[para[0].page]
        attrs = {"page": page.number, "bbox": box, "style": block_style(para, background_of(page, box))}
        attrs["hint"] = "chrome" if para[0].chrome else None
        parts.append((text, attrs))
    _hint_headline(parts, body_style.font_size, by_number)
    return [build_document(path, NAME, parts, options, metadata=metadata, body_style=body_style)]


def _hint_headline(
    parts: list[tuple[str, dict[str, Any]]], body_size: float | None, pages: dict[int, PageInfo]
) -> None:
    """The largest text in the top half of page 1 that is not a notice, if larger than the body."""
    if body_size is None or 1 not in pages:
        return
    for text, attrs in parts:
        if attrs["hint"] is None and looks_like_notice(text):
            attrs["hint"] = "notice"
    half = pages[1].height / 2
    best: tuple[float, int] | None = None
    for i, (text, attrs) in enumerate(parts):
        if attrs["page"] != 1 or attrs["hint"] is not None:
            continue
        size = attrs["style"].font_size or 0.0
        if size < body_size * 1.1 and len(text) > 150:
            break  # the body has begun
        if attrs["bbox"][1] > half or size < body_size * 1.1 or len(text) > 300:
            continue
        if best is None or size > best[0]:
            best = (size, i)
    if best is not None:
        parts[best[1]][1]["hint"] = "headline"
