"""DOCX reader (python-docx): paragraphs with styles, run typography resolved through the style
chain (run -> character style -> paragraph style -> document defaults), headline from Title or
Heading 1. Spans map to the paragraph number counted from 1, as a person counts them (every
paragraph in reading order, table cells included) and the character range.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.limits import Limits
from auditor.model import Document, Style
from auditor.readers import ReaderOptions, ReadError
from auditor.readers.pdf import build_document, is_upper, looks_like_notice, weighted_mode
from auditor.readers.ziplimit import check_zip

NAME = "docx"
EXTENSIONS = (".docx",)

HEADLINE_STYLES = {"title", "heading1", "heading 1"}
DEFAULT_SIZE_PT = 10.0  # OOXML: text with no size anywhere in the style hierarchy is 10 pt
# w:highlight names -> colours
HIGHLIGHT = {
    "yellow": "#ffff00", "green": "#00ff00", "cyan": "#00ffff", "magenta": "#ff00ff", "blue": "#0000ff",
    "red": "#ff0000", "darkBlue": "#000080", "darkCyan": "#008080", "darkGreen": "#008000",
    "darkMagenta": "#800080", "darkRed": "#800000", "darkYellow": "#808000", "darkGray": "#808080",
    "lightGray": "#c0c0c0", "black": "#000000", "white": "#ffffff",
}  # fmt: skip
_UNKNOWN = object()  # a property that is set but cannot be resolved (theme colour)


def sniff(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and b"word/" in head


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


# -- property resolution -------------------------------------------------------------------------
def _chain(style: Any) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 20:  # a style loop must not hang the reader
        yield style
        style = style.base_style
        seen += 1


class _Resolver:
    """Effective run properties: direct formatting, then the run's character style, then the
    paragraph style, then the document defaults."""

    def __init__(self, document: Any) -> None:
        self.default_size = DEFAULT_SIZE_PT
        self.default_font: str | None = None
        rpr = document.styles.element.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if rpr is not None:
            sz = rpr.find(_w("sz"))
            if sz is not None and sz.get(_w("val"), "").isdigit():
                self.default_size = int(sz.get(_w("val"))) / 2
            fonts = rpr.find(_w("rFonts"))
            if fonts is not None:
                self.default_font = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))

    def get(self, run: Any, para_style: Any, pick: Callable[[Any], Any]) -> Any:
        value = pick(run.font)
        if value is not None:
            return value
        for style in [*_chain(run.style), *_chain(para_style)]:
            value = pick(style.font)
            if value is not None:
                return value
        return None

    def style_of(self, run: Any, para: Any, para_style: Any) -> tuple[Style, bool]:
        """(style, hidden) of one run."""
        size = self.get(run, para_style, lambda f: f.size)
        color = self.get(run, para_style, _color)
        caps = self.get(run, para_style, lambda f: f.all_caps)
        hidden = self.get(run, para_style, lambda f: f.hidden)
        style = Style(
            font_size=round(size.pt, 1) if size is not None else self.default_size,
            font_name=self.get(run, para_style, lambda f: f.name) or self.default_font,
            bold=bool(self.get(run, para_style, lambda f: f.bold)),
            color=None if color is _UNKNOWN else (color or "#000000"),
            background=_background(run, para, para_style),
            upper=True if caps else None,
        )
        return style, bool(hidden)


def _color(font: Any) -> Any:
    from docx.enum.dml import MSO_COLOR_TYPE

    cf = font.color
    kind = cf.type
    if kind is None:
        return None
    if kind == MSO_COLOR_TYPE.RGB and cf.rgb is not None:
        return f"#{str(cf.rgb).lower()}"
    if kind == MSO_COLOR_TYPE.AUTO:
        return "#000000"  # automatic colour is dark text on a light background
    return _UNKNOWN


def _fill(props: Any) -> str | None:
    if props is None:
        return None
    shd = props.find(_w("shd"))
    if shd is not None:
        fill = (shd.get(_w("fill")) or "").lower()
        if len(fill) == 6 and all(c in "0123456789abcdef" for c in fill):
            return f"#{fill}"
    hl = props.find(_w("highlight"))
    if hl is not None:
        return HIGHLIGHT.get(hl.get(_w("val")) or "")
    return None


def _background(run: Any, para: Any, para_style: Any) -> str:
    found = _fill(run._r.find(_w("rPr"))) or _fill(para._p.find(_w("pPr")))
    if found:
        return found
    for style in _chain(para_style):
        found = _fill(style.element.find(_w("pPr"))) or _fill(style.element.find(_w("rPr")))
        if found:
            return found
    return "#ffffff"


# -- walking the document ---------------------------------------------------------------------
def _paragraphs(document: Any) -> Iterator[Any]:
    """Body paragraphs in reading order, descending into tables (each merged cell once)."""
    from docx.table import Table

    def walk(container: Any) -> Iterator[Any]:
        for item in container.iter_inner_content():
            if isinstance(item, Table):
                seen: set[int] = set()
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell)
            else:
                yield item

    yield from walk(document)


def _runs(para: Any) -> Iterator[Any]:
    from docx.text.hyperlink import Hyperlink

    for item in para.iter_inner_content():
        if isinstance(item, Hyperlink):
            yield from item.runs
        else:
            yield item


_RUN_CONTENT = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"


def _run_text(run: Any) -> str:
    """The run's text as python-docx gives it, plus the text after an unresolved entity reference
    inside a <w:t> (lxml keeps it as the entity node's tail, which ``run.text`` drops)."""
    r = run._r
    if not any(len(t) for t in r.findall(_w("t"))):
        return str(run.text)
    parts: list[str] = []
    for e in r.xpath(_RUN_CONTENT):
        parts.append(str(e))
        if e.tag == _w("t"):
            parts.extend(child.tail or "" for child in e)
    return "".join(parts)


def _is_headline_style(style: Any) -> bool:
    for st in _chain(style):
        if (st.style_id or "").lower() in HEADLINE_STYLES or (st.name or "").lower() in HEADLINE_STYLES:
            return True
    return False


def _para_block(para: Any, resolver: _Resolver) -> tuple[str, Style, list[tuple[Style, int]]] | None:
    style_obj = para.style
    pieces: list[str] = []
    styled: list[tuple[Style, int]] = []
    for run in _runs(para):
        text = _run_text(run)
        if not text:
            continue
        st, hidden = resolver.style_of(run, para, style_obj)
        if hidden:
            continue  # hidden text is not shown to the reader of the article
        pieces.append(text)
        styled.append((st, len(text.strip())))
    text = "".join(pieces)
    if not text.strip():
        return None
    return text, _merge(styled, text), styled


def _merge(styled: list[tuple[Style, int]], text: str) -> Style:
    caps = weighted_mode((bool(s.upper), n) for s, n in styled)
    return Style(
        font_size=weighted_mode((s.font_size, n) for s, n in styled),
        font_name=weighted_mode((s.font_name, n) for s, n in styled),
        bold=weighted_mode((s.bold, n) for s, n in styled),
        color=weighted_mode((s.color, n) for s, n in styled) if all(s.color for s, _ in styled) else None,
        background=weighted_mode((s.background, n) for s, n in styled),
        upper=True if caps else is_upper(text),
    )


def _open(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("encrypted DOCX or legacy .doc (OLE container): cannot read")
    if not data.startswith(b"PK"):
        raise ReadError("not a DOCX: not a ZIP archive")
    check_zip(data, limits, "DOCX")  # a zip bomb stops here, before lxml sees a byte
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise ReadError("not a DOCX: no word/document.xml in the archive")
    except zipfile.BadZipFile as exc:
        raise ReadError(f"corrupt or truncated DOCX: {exc}") from None
    try:
        from docx import Document as open_docx
    except ImportError:
        raise ReadError("DOCX support is not installed: pip install 'auditor[docx]'") from None

    try:
        return open_docx(io.BytesIO(data))
    except ReadError:
        raise
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReadError(f"corrupt DOCX: {detail}") from None


def _chrome(document: Any, which: str) -> list[str]:
    out: list[str] = []
    for section in document.sections:
        part = getattr(section, which)
        if part.is_linked_to_previous and out:
            continue
        for para in part.paragraphs:
            text = para.text.strip()
            if text and text not in out:
                out.append(text)
    return out


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    document = _open(data, options.limits)
    try:
        resolver = _Resolver(document)
        blocks: list[tuple[str, dict[str, Any]]] = []
        weights: list[tuple[Style, int]] = []
        headline_done = False
        for index, para in enumerate(_paragraphs(document)):
            got = _para_block(para, resolver)
            if got is None:
                continue
            text, style, styled = got
            hint = None
            if looks_like_notice(text):
                hint = "notice"
            elif not headline_done and _is_headline_style(para.style):
                hint, headline_done = "headline", True
            else:
                weights += styled
            blocks.append((text, {"paragraph": index + 1, "style": style, "hint": hint}))  # counted from 1
        header = [(t, {"hint": "chrome"}) for t in _chrome(document, "header")]
        footer = [(t, {"hint": "chrome"}) for t in _chrome(document, "footer")]
        props = document.core_properties
        metadata = {
            k: v
            for k, v in (("docx_title", props.title), ("docx_author", props.author))
            if isinstance(v, str) and v
        }
    except ReadError:
        raise
    except Exception as exc:  # malformed parts surface while walking the XML
        raise ReadError(f"corrupt DOCX: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    if not blocks:
        raise ReadError("no text: the document has no paragraphs with text")
    body_style = Style(
        font_size=weighted_mode((s.font_size, n) for s, n in weights),
        font_name=weighted_mode((s.font_name, n) for s, n in weights),
        color=weighted_mode((s.color, n) for s, n in weights),
        background=weighted_mode((s.background, n) for s, n in weights),
    )
    return [
        build_document(
            path, NAME, header + blocks + footer, options, metadata=metadata, body_style=body_style
        )
    ]
