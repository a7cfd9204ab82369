"""What a reader makes of an article: the text, its typed segments, spans into it, the fields.

Readers produce a ``Document``; the analysis and the checks read it; a ``Span`` is a character
range of ``Document.text`` with every location the format knows (line, page, bbox, CSS path).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

# Segment kinds every reader uses, so text, HTML, PDF and DOCX agree on what a headline is.
SEGMENT_KINDS = (
    "dateline",  # the article's own published timestamp line
    "headline",
    "notice",  # a statutory notice / disclosure block standing on its own
    "lead",  # standfirst / summary directly under the headline
    "body",
    "attribution",  # Author:/Source:/By ... lines
    "footnote",  # "* — признан ..." lines after the body
    "chrome",  # navigation, "All news" lists, teasers of other articles, footers
    "metadata",  # a front-matter region (Markdown YAML header)
)


@dataclass(slots=True)
class Style:
    """Typography of a segment where the format carries it; None means unknown."""

    font_size: float | None = None  # points (PDF/DOCX) or CSS px (HTML)
    font_name: str | None = None
    bold: bool | None = None
    color: str | None = None  # "#rrggbb"
    background: str | None = None  # "#rrggbb"
    upper: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


@dataclass(slots=True)
class Span:
    """A character range [start, end) in Document.text, with every location the format knows."""

    start: int
    end: int
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points
    paragraph: int | None = None  # DOCX: counted from 1, as Word users count
    field: str | None = None  # metadata field or record field name
    element: str | None = None  # HTML: CSS path of the block element, e.g. "article > div.text > p:nth-of-type(2)"
    near: str | None = None  # HTML: the nearest headline/paragraph text, e.g. 'after “The court extended…”'

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        for key in ("line", "column", "end_line", "end_column", "page", "paragraph", "field", "element", "near"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        bbox = data.get("bbox")
        return cls(
            start=data["start"],
            end=data["end"],
            line=data.get("line"),
            column=data.get("column"),
            end_line=data.get("end_line"),
            end_column=data.get("end_column"),
            page=data.get("page"),
            bbox=tuple(bbox) if bbox else None,  # type: ignore[arg-type]
            paragraph=data.get("paragraph"),
            field=data.get("field"),
            element=data.get("element"),
            near=data.get("near"),
        )


@dataclass(slots=True)
class Segment:
    """A typed block of the document text: Document.text[start:end]."""

    kind: str
    start: int
    end: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    field: str | None = None
    style: Style | None = None
    element: str | None = None  # HTML: CSS path of the block element
    # the finer line role from the layout analysis (rubric, caption, byline, related ...) and why
    role: str | None = None
    reason: str | None = None


@dataclass(slots=True)
class Published:
    raw: str | None = None
    iso: str | None = None
    span: Span | None = None
    source: str | None = None  # "text", "jsonld", "meta", "front_matter", "record"
    date: str | None = None  # YYYY-MM-DD of the parsed date, zone or not (issue 17); filled from iso or raw
    # the local reading without a zone: "2024-03-05T14:07", "2024-03-05", "--03-05" (no year)
    value: str | None = None
    pattern: str | None = None  # strftime-like pattern of ``raw`` as shown
    flags: list[str] = field(default_factory=list)  # "inferred-year", "relative", "time-only", "no-year"
    reason: str | None = None  # why this candidate was taken

    def to_dict(self) -> dict[str, Any]:
        """raw, date (always when the date was parsed) and iso (with offset, only when the zone is known);
        value and flags when the reader gives them."""
        day = self.date or (self.iso[:10] if self.iso else None)
        if day is None and self.raw:
            from auditor.dates import parse_any

            parsed = parse_any(self.raw)
            if parsed is not None and parsed.has_year:
                day = parsed.datetime.date().isoformat()
        out: dict[str, Any] = {"raw": self.raw, "date": day, "iso": self.iso}
        out.update({"value": self.value} if self.value is not None else {})
        return out | ({"flags": list(self.flags)} if self.flags else {})


@dataclass(slots=True)
class Fields:
    title: str | None = None
    published: Published = field(default_factory=Published)
    updated: Published = field(default_factory=Published)  # an "Обновлено"/"Updated" stamp, kept apart
    author: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    language: str | None = None
    publisher: str | None = None
    url: str | None = None
    # where each attribution value was found (for findings and reports)
    author_spans: list[Span] = field(default_factory=list)
    source_spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published.to_dict(),
            "author": list(self.author),
            "source": list(self.source),
            "language": self.language,
            **({"updated": self.updated.to_dict()} if self.updated.raw else {}),
        }


@dataclass(slots=True)
class Notice:
    """A statutory notice found in the document (filled in by the engine's notice detector)."""

    text: str
    form: str | None  # "2022", "2020" or None (unrecognised / hybrid)
    span: Span
    segment: str | None = None  # kind of the segment it stands in

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "form": self.form, "span": self.span.to_dict(), "segment": self.segment}


class SourceMap:
    """Where the characters of Document.text stand in a source file whose text differs from it.

    An HTML reader extracts the visible text; an editor, a CI annotation or SARIF opens the page
    markup. ``anchors`` are (text offset, source offset) pairs, increasing in both: the character
    at text offset ``t`` came from ``source_offset + (t - text_offset)`` of the last anchor at or
    before ``t``, never reaching past the next anchor's source offset. Line and column are counted
    in ``source`` (1-based, in characters, lines ended by "\n"). Readers whose text is the file
    text (plain text, Markdown) need none.
    """

    __slots__ = ("source", "_texts", "_sources", "_line_starts")

    def __init__(self, source: str, anchors: list[tuple[int, int]]) -> None:
        self.source = source
        self._texts: list[int] = []
        self._sources: list[int] = []
        for t, s in anchors:  # keep the anchors that go forward in both texts
            if self._texts and (t <= self._texts[-1] or s < self._sources[-1]):
                continue
            self._texts.append(t)
            self._sources.append(s)
        self._line_starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self._texts)

    def source_offset(self, offset: int) -> int:
        """The source offset of the character at text offset ``offset``."""
        texts, sources = self._texts, self._sources
        if not texts:
            return 0
        i = bisect.bisect_right(texts, offset) - 1
        if i < 0:
            return sources[0]
        pos = sources[i] + offset - texts[i]
        if i + 1 < len(sources):
            pos = min(pos, max(sources[i], sources[i + 1] - 1))
        return min(pos, len(self.source))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the source of the character at text offset ``offset``."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.source)
        return _locate(self._line_starts, self.source_offset(offset))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _locate(line_starts: list[int], offset: int) -> tuple[int, int]:
    idx = bisect.bisect_right(line_starts, offset) - 1
    return idx + 1, offset - line_starts[idx] + 1


class Document:
    """An article as read: full text, typed segments with spans, metadata and extracted fields.

    Offsets (spans, segments) are always into ``text``. Line and column are those of the file the
    user opens: of ``text`` itself, or of the source through ``source_map`` when a reader sets one
    (HTML: the page markup).
    """

    __slots__ = (
        "path",
        "format",
        "text",
        "segments",
        "metadata",
        "fields",
        "notices",
        "encoding",
        "body_style",
        "notes",
        "source_map",
        "_line_starts",
    )

    def __init__(
        self,
        path: str,
        format: str,
        text: str,
        segments: list[Segment] | None = None,
        metadata: dict[str, Any] | None = None,
        fields: Fields | None = None,
        encoding: str | None = None,
        body_style: Style | None = None,
    ) -> None:
        self.path = path
        self.format = format
        self.text = text
        self.segments = segments or []
        self.metadata = metadata or {}
        self.fields = fields or Fields()
        self.notices: list[Notice] = []
        self.encoding = encoding
        self.body_style = body_style
        self.notes: list[str] = []
        self.source_map: SourceMap | None = None
        self._line_starts: list[int] | None = None

    # -- locations -------------------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset of ``text``, in the file the user opens."""
        if self.source_map is not None:
            return self.source_map.line_col(offset)
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        return _locate(self._line_starts, max(0, min(offset, len(self.text))))

    def span(self, start: int, end: int, field: str | None = None) -> Span:
        """A Span for text[start:end], with line/column and the page/box/paragraph of its segment."""
        line, col = self.line_col(start)
        if self.source_map is not None and end > start:  # just after the last character, in the source
            end_line, end_col = self.source_map.line_col(end - 1)
            end_col += 1
        else:
            end_line, end_col = self.line_col(end)
        sp = Span(start, end, line, col, end_line, end_col, field=field)
        seg = self.segment_at(start)
        if seg is not None:
            sp.page = seg.page
            sp.bbox = seg.bbox
            sp.paragraph = seg.paragraph
            if sp.field is None:
                sp.field = seg.field
            if seg.element is not None:
                sp.element = seg.element
                sp.near = self._near(seg)
        return sp

    def _near(self, seg: Segment) -> str | None:
        """The nearest headline or paragraph a person can search for: the one before seg, else after."""
        prose = ("headline", "lead", "body", "dateline")
        before = [s for s in self.segments if s.end <= seg.start and s.kind in prose]
        after = [s for s in self.segments if s.start >= seg.end and s.kind in prose]
        for word, pick in (("after", before[-1] if before else None), ("before", after[0] if after else None)):
            if pick is not None:
                flat = " ".join(self.text[pick.start : pick.end].split())
                return f"{word} “{flat if len(flat) <= 60 else flat[:59] + '…'}”"
        return None

    def field_span(self, name: str) -> Span:
        """A Span pointing at a metadata field (no characters of the text)."""
        return Span(0, 0, field=name)

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None

    def segments_of(self, *kinds: str) -> list[Segment]:
        return [s for s in self.segments if s.kind in kinds]

    def seg_text(self, seg: Segment) -> str:
        return self.text[seg.start : seg.end]

    def to_dict(self, with_segments: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "fields": self.fields.to_dict(),
            "notices": [n.to_dict() for n in self.notices],
        }
        if with_segments:
            out["encoding"] = self.encoding
            out["metadata"] = jsonable(self.metadata)
            if self.body_style is not None:
                out["body_style"] = self.body_style.to_dict()
            segs = []
            for s in self.segments:
                d: dict[str, Any] = {"kind": s.kind, "span": self.span(s.start, s.end).to_dict()}
                if s.style is not None:
                    d["style"] = s.style.to_dict()
                if s.role is not None and s.role != s.kind:
                    d["role"] = s.role
                if s.reason:
                    d["reason"] = s.reason
                d["text"] = self.text[s.start : s.end]
                segs.append(d)
            out["segments"] = segs
            if self.fields.published.source:
                out["fields"]["published"]["from"] = self.fields.published.source
            if self.fields.published.reason:
                out["fields"]["published"]["reason"] = self.fields.published.reason
        return out


def jsonable(value: Any) -> Any:
    """Metadata from front matter may hold dates and other YAML types: make it JSON-safe."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
