"""PDF reader (pdfplumber): words with size, font, colour and box -> lines -> blocks in reading
order (two columns included), repeated page headers/footers as chrome, headline by size.

Spans map to page and bounding box (x0, top, x1, bottom in points from the top-left corner).
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from auditor.model import Document, Fields, Segment, Style
from auditor.readers import LimitExceeded, ReaderOptions, ReadError
from auditor.readers.layout import Block, join_blocks, to_segments

NAME = "pdf"
EXTENSIONS = (".pdf",)

BBox = tuple[float, float, float, float]

# a block that opens with a statutory notice formula is never the headline (the notice is often larger)
_NOTICE_START = re.compile(
    r"^\W*(?:18\+\s*)?(?:настоящий\s+материал|данное\s+сообщение|this\s+(?:material|message))", re.IGNORECASE
)
_AGENT = re.compile(r"иностранн\w*\s+агент|foreign[\s-]+agent", re.IGNORECASE)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
EDGE_ZONE = 0.12  # share of the page height at the top and bottom where running headers/footers live


def sniff(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # readers accept junk before the header within the first 1 KiB


# -- shared with the DOCX and records readers ----------------------------------------------------
def looks_like_notice(text: str) -> bool:
    """A block that reads as a statutory notice (by its opening words, or upper case naming an agent)."""
    if _NOTICE_START.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 40 and all(c.isupper() for c in letters) and bool(_AGENT.search(text))


def is_upper(text: str) -> bool | None:
    """True when every cased letter is upper case; None when the text has no cased letters."""
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if not cased:
        return None
    return all(c.isupper() for c in cased)


def weighted_mode(pairs: Iterable[tuple[Any, int]]) -> Any:
    """The value carrying most characters (ties: the first seen), or None."""
    counts: Counter[Any] = Counter()
    for value, weight in pairs:
        if value is not None:
            counts[value] += weight
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v, c in counts.items() if c == best)


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


# -- words, lines, blocks -----------------------------------------------------------------------
@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str | None
    color: str | None


@dataclass(slots=True)
class Line:
    """Words on one baseline with no wide gap between them (a line of one column)."""

    words: list[Word]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    chrome: bool = False
    text: str = ""
    size: float = 0.0

    def finish(self) -> Line:
        ws = self.words
        self.x0 = min(w.x0 for w in ws)
        self.x1 = max(w.x1 for w in ws)
        self.top = min(w.top for w in ws)
        self.bottom = max(w.bottom for w in ws)
        out = [ws[0].text]
        for prev, w in zip(ws, ws[1:], strict=False):
            if w.x0 - prev.x1 > 0.1 * min(prev.size, w.size):
                out.append(" ")
            out.append(w.text)
        self.text = "".join(out)
        self.size = weighted_mode((w.size, len(w.text)) for w in ws) or ws[0].size
        return self


@dataclass(slots=True)
class PageInfo:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    fills: list[tuple[BBox, str | None]] = field(default_factory=list)  # filled rects, drawing order
    images: list[BBox] = field(default_factory=list)


def _color(value: Any) -> str | None:
    """pdfplumber's non-stroking colour (gray, RGB or CMYK tuple) -> "#rrggbb"; None if a pattern."""
    if value is None:
        return "#000000"  # the PDF default fill colour
    if isinstance(value, (int, float)):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not all(isinstance(v, (int, float)) for v in value):
        return None
    v = [min(1.0, max(0.0, float(x))) for x in value]
    if len(v) == 1:
        rgb = (v[0], v[0], v[0])
    elif len(v) == 3:
        rgb = (v[0], v[1], v[2])
    elif len(v) == 4:
        c, m, y, k = v
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    return "#" + "".join(f"{round(x * 255):02x}" for x in rgb)


def _font(name: Any) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _page_words(page: Any) -> list[Word]:
    raw = page.extract_words(
        keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname", "non_stroking_color"]
    )
    words = []
    for w in raw:
        if not w.get("upright", True):
            continue  # rotated text: watermarks, margin stamps
        text = w["text"]
        if not text.strip():
            continue
        words.append(
            Word(
                text=text,
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                size=round(float(w["size"]), 1),
                font=_font(w.get("fontname")),
                color=_color(w.get("non_stroking_color")),
            )
        )
    return words


def _lines(words: list[Word], page: int) -> list[Line]:
    """Rows of words sharing a baseline, cut where the gap is wider than about one em (columns)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            ref = rows[-1][0]
            overlap = min(ref.bottom, w.bottom) - max(ref.top, w.top)
            if overlap > 0.5 * min(ref.bottom - ref.top, w.bottom - w.top):
                rows[-1].append(w)
                continue
        rows.append([w])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for prev, w in zip(row, row[1:], strict=False):
            if w.x0 - prev.x1 > 1.0 * max(prev.size, w.size):
                lines.append(Line(current, page).finish())
                current = []
            current.append(w)
        lines.append(Line(current, page).finish())
    return lines


def _mark_chrome(pages: list[PageInfo]) -> None:
    """Lines near the top or bottom edge whose text (digits aside) recurs on most pages."""
    if len(pages) < 2:
        return
    seen: dict[str, set[int]] = {}
    for p in pages:
        for ln in p.lines:
            if _in_edge(ln, p):
                seen.setdefault(_chrome_key(ln.text), set()).add(p.number)
    need = max(2, math.ceil(0.5 * len(pages)))
    repeated = {k for k, pgs in seen.items() if len(pgs) >= need}
    for p in pages:
        for ln in p.lines:
            if _in_edge(ln, p) and _chrome_key(ln.text) in repeated:
                ln.chrome = True


def _in_edge(ln: Line, p: PageInfo) -> bool:
    return ln.bottom <= p.height * EDGE_ZONE or ln.top >= p.height * (1 - EDGE_ZONE)


def _chrome_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()).casefold())


def _reading_order(lines: list[Line]) -> list[Line]:
    """Recursive XY-cut: split at the widest empty band, across (top to bottom) or down (left to right).

    Column gutters are favoured a little so that aligned lines of two columns are not interleaved.
    """
    if len(lines) <= 1:
        return list(lines)
    h_gap, h_at = _widest_gap([(ln.top, ln.bottom) for ln in lines])
    v_gap, v_at = _widest_gap([(ln.x0, ln.x1) for ln in lines])
    if v_gap > 0 and v_gap * 1.5 >= h_gap:
        first = [ln for ln in lines if ln.x1 <= v_at]
        rest = [ln for ln in lines if ln.x1 > v_at]
    elif h_gap > 0:
        first = [ln for ln in lines if ln.bottom <= h_at]
        rest = [ln for ln in lines if ln.bottom > h_at]
    else:  # overlapping lines with no clean cut: plain top-to-bottom, left-to-right
        return sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    if not first or not rest:
        return sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    return _reading_order(first) + _reading_order(rest)


def _widest_gap(intervals: list[tuple[float, float]]) -> tuple[float, float]:
    """(width, position) of the widest empty gap between the merged intervals; (0, 0) if none."""
    best, at = 0.0, 0.0
    ivs = sorted(intervals)
    end = ivs[0][1]
    for lo, hi in ivs[1:]:
        if lo > end and lo - end > best:
            best, at = lo - end, end + (lo - end) / 2
        end = max(end, hi)
    return best, at


def _line_gaps(lines: list[Line]) -> dict[float, float]:
    """The usual gap between consecutive lines of one paragraph, per font size: the median of the
    gaps narrower than a line (wider ones are paragraph breaks, however many there are)."""
    gaps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        h = a.bottom - a.top
        gap = b.top - a.bottom
        if a.page == b.page and a.size == b.size and 0 <= gap < h and b.x0 < a.x1 and a.x0 < b.x1:
            gaps.setdefault(a.size, []).append(gap)
    return {size: statistics.median_low(found) for size, found in gaps.items()}


def _paragraphs(lines: list[Line], usual_gap: dict[float, float]) -> list[list[Line]]:
    paras: list[list[Line]] = []
    for ln in lines:
        if paras:
            prev = paras[-1][-1]
            h = prev.bottom - prev.top
            gap = ln.top - prev.bottom
            base = usual_gap.get(prev.size, 0.3 * h)
            same = (
                ln.page == prev.page
                and ln.chrome == prev.chrome
                and abs(ln.size - prev.size) <= 0.05 * prev.size
                and _bold(ln) == _bold(prev)
                and -0.5 * h <= gap <= base + max(2.0, 0.35 * h)
                and ln.x0 < prev.x1
                and prev.x0 < ln.x1  # same column
            )
            if same:
                paras[-1].append(ln)
                continue
        paras.append([ln])
    return paras


def _bold(ln: Line) -> bool:
    return bool(weighted_mode((bool(w.font and _BOLD_NAME.search(w.font)), len(w.text)) for w in ln.words))


def _join_lines(lines: list[Line]) -> str:
    out = lines[0].text
    for ln in lines[1:]:
        nxt = ln.text
        if out.endswith("\u00ad"):
            out = out[:-1] + nxt
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and nxt[:1].islower():
            out = out[:-1] + nxt  # a word hyphenated at the line end
        else:
            out += " " + nxt
    return out


def _block_style(lines: list[Line], background: str | None) -> Style:
    words = [w for ln in lines for w in ln.words]
    text = " ".join(ln.text for ln in lines)
    return Style(
        font_size=weighted_mode((w.size, len(w.text)) for w in words),
        font_name=weighted_mode((w.font, len(w.text)) for w in words),
        bold=bool(weighted_mode((bool(w.font and _BOLD_NAME.search(w.font)), len(w.text)) for w in words)),
        color=weighted_mode((w.color, len(w.text)) for w in words),
        background=background,
        upper=is_upper(text),
    )


def _background(p: PageInfo, box: BBox) -> str | None:
    """Fill colour under the block: the last filled rectangle holding its centre, white paper if
    none; unknown (None) when a picture lies under it."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for ix0, itop, ix1, ibottom in p.images:
        if ix0 <= cx <= ix1 and itop <= cy <= ibottom:
            return None
    colour: str | None = "#ffffff"
    for (x0, top, x1, bottom), fill in p.fills:
        if x0 <= cx <= x1 and top <= cy <= bottom:
            colour = fill
    return colour


def _bbox(lines: list[Line]) -> BBox:
    return (
        round(min(ln.x0 for ln in lines), 2),
        round(min(ln.top for ln in lines), 2),
        round(max(ln.x1 for ln in lines), 2),
        round(max(ln.bottom for ln in lines), 2),
    )


# -- reading ----------------------------------------------------------------------------------------
def _check_container(data: bytes) -> None:
    if not data.strip():
        raise ReadError("empty file")
    if not sniff(data[:1024]):
        raise ReadError("not a PDF: no %PDF- header")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]:
        raise ReadError("truncated PDF: no end-of-file marker (%%EOF)")


def _open(data: bytes) -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise ReadError("PDF support is not installed: pip install 'auditor[pdf]'") from None

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(_reason(exc)) from None


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "encrypted PDF: needs a password"
    if name in ("PSEOF",):
        return "truncated or corrupt PDF: unexpected end of data"
    detail = str(inner).strip() or name
    return f"corrupt PDF: {detail}".splitlines()[0]


def _close(pdf: Any, loaded: bool) -> None:
    """pdfplumber's close() builds every page in order to close it: only once they are built."""
    try:
        if loaded:
            pdf.close()
            return
    except Exception:
        pass
    with contextlib.suppress(Exception):
        pdf.stream.close()


def _check_pages(pdf: Any, limit: int) -> None:
    """Raise LimitExceeded past ``limit`` pages (0: none), counting as pages are reached (lazily:
    pdfplumber's page list would build every page of a 10,000-page file first, ~20 s)."""
    if limit <= 0:
        return
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    try:  # the page tree's /Count: instant (checked again page by page when it is missing)
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:
        declared = None
    if isinstance(declared, int) and not isinstance(declared, bool):
        if declared > limit:
            raise LimitExceeded(f"{declared} pages, more than the {limit}-page limit (limit: pages, --max-pages)")
        return
    count = 0
    try:
        for _page in PDFPage.create_pages(pdf.doc):
            count += 1
            if count > limit:
                break
    except Exception:  # a broken page tree: left to pdfplumber, which reports it
        return
    if count > limit:
        raise LimitExceeded(f"more than {limit} pages (limit: pages, --max-pages)")


def _load_pages(pdf: Any) -> list[PageInfo]:
    pages: list[PageInfo] = []
    for page in pdf.pages:
        n = page.page_number
        try:
            info = PageInfo(n, float(page.width), float(page.height))
            info.lines = _lines(_page_words(page), n)
            for r in page.rects:
                if r.get("fill"):
                    info.fills.append(
                        ((r["x0"], r["top"], r["x1"], r["bottom"]), _color(r.get("non_stroking_color")))
                    )
            info.images = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"page {n}: {_reason(exc)}") from None
        finally:
            page.close()
        pages.append(info)
    return pages


def _metadata(pdf: Any, pages: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"pages": pages}
    for key, value in sorted((pdf.metadata or {}).items()):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[f"pdf_{str(key).lower()}"] = value
    return meta


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    _check_container(data)
    pdf = _open(data)
    loaded = False
    try:
        _check_pages(pdf, options.limits.pages)
        pages = _load_pages(pdf)
        loaded = True
        metadata = _metadata(pdf, len(pages))
    except ReadError:
        raise
    except Exception as exc:  # a damaged page tree or box surfaces as pdfminer's own errors
        raise ReadError(_reason(exc)) from None
    finally:
        _close(pdf, loaded)
    if not any(p.lines for p in pages):
        if any(p.images for p in pages):
            raise ReadError("no text layer: needs OCR (pages hold only images)")
        raise ReadError("no text layer: needs OCR (no text on any page)")
    _mark_chrome(pages)

    ordered: list[Line] = []
    for p in pages:
        body = [ln for ln in p.lines if not ln.chrome]
        head = sorted(
            (ln for ln in p.lines if ln.chrome and ln.top < p.height / 2), key=lambda ln: (ln.top, ln.x0)
        )
        foot = sorted(
            (ln for ln in p.lines if ln.chrome and ln.top >= p.height / 2), key=lambda ln: (ln.top, ln.x0)
        )
        ordered += head + _reading_order(body) + foot
    paras = _paragraphs(ordered, _line_gaps([ln for ln in ordered if not ln.chrome]))

    by_number = {p.number: p for p in pages}
    texts = [_join_lines(para) for para in paras]
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
        (_background(by_number[ln.page], (ln.x0, ln.top, ln.x1, ln.bottom)), len(ln.text)) for ln in content
    )
    parts: list[tuple[str, dict[str, Any]]] = []
    for para, text in zip(paras, texts, strict=True):
        box = _bbox(para)
        page = by_number[para[0].page]
        attrs = {"page": page.number, "bbox": box, "style": _block_style(para, _background(page, box))}
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
