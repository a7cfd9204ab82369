"""PDF layout: pdfplumber's words -> lines -> paragraphs in reading order (XY-cut, two columns
included), running headers and footers as chrome, block styles and backgrounds. No file access:
``pdf_file.py`` opens and bounds the file, ``pdf.py`` turns the blocks into a Document."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from auditor.model import Style

BBox = tuple[float, float, float, float]

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
EDGE_ZONE = 0.12  # share of the page height at the top and bottom where running headers/footers live


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


def color_of(value: Any) -> str | None:
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


def page_words(page: Any) -> list[Word]:
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
                color=color_of(w.get("non_stroking_color")),
            )
        )
    return words


def page_lines(words: list[Word], page: int) -> list[Line]:
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


def mark_chrome(pages: list[PageInfo]) -> None:
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


def reading_order(lines: list[Line]) -> list[Line]:
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
    return reading_order(first) + reading_order(rest)


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


def line_gaps(lines: list[Line]) -> dict[float, float]:
    """The usual gap between consecutive lines of one paragraph, per font size: the median of the
    gaps narrower than a line (wider ones are paragraph breaks, however many there are)."""
    gaps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        h = a.bottom - a.top
        gap = b.top - a.bottom
        if a.page == b.page and a.size == b.size and 0 <= gap < h and b.x0 < a.x1 and a.x0 < b.x1:
            gaps.setdefault(a.size, []).append(gap)
    return {size: statistics.median_low(found) for size, found in gaps.items()}


def paragraphs(lines: list[Line], usual_gap: dict[float, float]) -> list[list[Line]]:
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


def join_lines(lines: list[Line]) -> str:
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


def block_style(lines: list[Line], background: str | None) -> Style:
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


def background_of(p: PageInfo, box: BBox) -> str | None:
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


def bbox_of(lines: list[Line]) -> BBox:
    return (
        round(min(ln.x0 for ln in lines), 2),
        round(min(ln.top for ln in lines), 2),
        round(max(ln.x1 for ln in lines), 2),
        round(max(ln.bottom for ln in lines), 2),
    )

