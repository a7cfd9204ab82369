"""The XLSX workbook machinery: cells that are always text (never a formula), a few fixed styles,
tables with a frozen header, autofilter and colour rules continued past Excel's row limit, the
print set-up of every sheet, and the zip rewritten with fixed times (same results, same bytes).

The sheets themselves are in auditor/reporters/xlsx.py.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterable
from functools import cache
from typing import IO, Any

from auditor.reporters import toolkit as S

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL = 32_767
EXCEL_MAX_LINKS = 65_000  # Excel keeps at most 65,530 hyperlinks per worksheet; later rows get the text only

SEVERITY_FILL = {"error": "F8CBAD", "warning": "FFE699", "info": "BDD7EE"}
STATUS_FILL = {"fail": "F8CBAD", "error": "D9D9D9", "pass": "C6EFCE", "skipped": "EDEDED"}
RULE_FILL = {"fail": "F8CBAD", "pass": "C6EFCE", "unverified": "FFE699", "suppressed": "EDEDED", "baselined": "EDEDED"}


def clean_text(value: Any) -> str:
    """A string Excel accepts: XML-illegal control characters shown as their Unicode pictures."""
    text = S.visible_controls(str(value))
    if len(text) > EXCEL_MAX_CELL:
        text = text[: EXCEL_MAX_CELL - 1] + "…"
    return text


LINE_HEIGHT = 15  # points per line of 11 pt text
EXCEL_MAX_ROW_HEIGHT = 409


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide (a column
    width counts digit widths; most letters are narrower, capitals wider, so this leans high)."""
    per_line = max(1, int(width) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


# print margins in inches: narrow, so a fitted table prints as large as it can
PRINT_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.6, "header": 0.25, "footer": 0.3}


class Book:
    """The workbook plus the few shared styles; all cells are built here."""

    def __init__(self, max_rows: int) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb = Workbook(write_only=True)
        self.max_rows = max(3, max_rows)
        self._Cell = WriteOnlyCell
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.link_font = Font(color="0563C1", underline="single")
        self.header_fill = PatternFill("solid", fgColor="DDEBF7")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.names: set[str] = set()
        self._styles: dict[tuple[bool, bool, bool, bool], Any] = {}
        self.wrap_alignment_id = -1  # the style id of wrapped cells, once one exists
        self._aligned_styles: dict[str, Any] = {}

    def sheet(self, title: str) -> Any:
        name = title[:31]
        n = 2
        while name in self.names:
            suffix = f" ({n})"
            name = title[: 31 - len(suffix)] + suffix
            n += 1
        self.names.add(name)
        ws = self.wb.create_sheet(name)
        print_setup(ws)
        return ws

    def _styled(self, ws: Any, text: str, *, wrap: bool = False, bold: bool = False, quote: bool = False,
                link: bool = False) -> Any:
        """A text cell with one of a few fixed styles (copied from a cached style array: fast)."""
        from openpyxl.styles.cell_style import StyleArray

        key = (wrap, bold, quote, link)
        style = self._styles.get(key)
        if style is None:
            proto = self._Cell(ws, value="")
            if quote:
                proto.quotePrefix = True
            if wrap:
                proto.alignment = self.wrap
            if bold:
                proto.font = self.bold
            if link:
                proto.font = self.link_font
                if not wrap:  # a short link (a site name): top-aligned with the row, shrunk if long
                    from openpyxl.styles import Alignment

                    proto.alignment = Alignment(vertical="top", shrink_to_fit=True)
            style = self._styles[key] = StyleArray(proto._style)
            if wrap:
                self.wrap_alignment_id = style.alignmentId
        cell = self._Cell(ws, value=text)
        cell.data_type = "s"  # always text, whatever the string starts with
        cell._style = StyleArray(style)
        return cell

    def _aligned(self, ws: Any, value: Any, name: str, alignment: Any) -> Any:
        """A cell with only an alignment (one cached style per ``name``); strings stay text."""
        from openpyxl.styles.cell_style import StyleArray

        style = self._aligned_styles.get(name)
        if style is None:
            proto = self._Cell(ws, value="")
            proto.alignment = alignment
            style = self._aligned_styles[name] = StyleArray(proto._style)
        cell = self._Cell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula (plain strings here were checked by text())
        cell._style = StyleArray(style)
        return cell

    def top_cell(self, ws: Any, value: Any) -> Any:
        """A plain value in a tall row, aligned to the top like the wrapped text beside it."""
        return self._aligned(ws, value, "top", self.top)

    def fitted(self, ws: Any, word: str) -> Any:
        """A short fixed word (a rule's state in the Articles matrix) shrunk to fit a narrow column."""
        from openpyxl.styles import Alignment

        return self._aligned(ws, clean_text(word), "fit", Alignment(shrink_to_fit=True, vertical="top", horizontal="center"))

    def text(self, ws: Any, value: Any, *, wrap: bool = False, bold: bool = False) -> Any:
        """A cell for untrusted text: a formula-like string is stored as text with a quote prefix."""
        if value is None:
            return None
        text = clean_text(value)
        dangerous = text.startswith(_FORMULA_START)
        if not (dangerous or wrap or bold):
            return text
        return self._styled(ws, text, wrap=wrap, bold=bold, quote=dangerous)

    def link(self, ws: Any, label: str, url: str | None, *, wrap: bool = False) -> Any:
        """A cell hyperlink (never a HYPERLINK formula); only http(s) URLs become links."""
        if not url:
            return self.text(ws, label, wrap=wrap)
        text = clean_text(label or url)
        cell = self._styled(ws, text, wrap=wrap, quote=text.startswith(_FORMULA_START), link=True)
        cell.hyperlink = url
        return cell

    def header(self, ws: Any, names: Iterable[str], rotate_from: int | None = None) -> list[Any]:
        """Bold header cells on a tint, wrapped; from column ``rotate_from`` (0-based) on, the names
        stand upright, so a matrix of narrow columns (one per rule) keeps its full ids."""
        from openpyxl.styles import Alignment

        out = []
        for i, n in enumerate(names):
            c = self._Cell(ws, value=clean_text(n))
            c.data_type = "s"
            c.font = self.bold
            c.fill = self.header_fill
            upright = rotate_from is not None and i >= rotate_from
            c.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="center" if upright else None,
                                    textRotation=90 if upright else 0)
            out.append(c)
        return out


def print_setup(ws: Any) -> None:
    """Every sheet prints on A4 landscape, fitted to the page width (as many pages down as it needs),
    with narrow margins and the sheet name and page number in the footer. Tables repeat their
    header row on every page (Table)."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(**PRINT_MARGINS)
    ws.oddFooter.center.text = "&A - page &P of &N"
    ws.oddFooter.center.size = 8


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@cache
def _link_writer_class() -> type | None:
    """A WorksheetWriter that keeps a sheet's hyperlinks cheaply, or None (the stock path) if this
    openpyxl is not the one it was written against.

    Stock openpyxl keeps one Hyperlink object per linked cell to the end, then at save makes one
    Relationship per link and builds the whole <hyperlinks> tree and the whole .rels tree: two
    sheets of 65,000 links took 77 -> 290 MB at save, the relationships most of it (docs/performance.md,
    "XLSX hyperlinks at save"). This writer keeps (cell, URL) pairs, makes one relationship per
    distinct URL (a few dozen law references; several <hyperlink> elements may name one r:id) and
    writes the <hyperlink> elements one by one, the same elements openpyxl writes. It overrides two
    methods of openpyxl's private worksheet writer, so it is used only with openpyxl 3.1."""
    try:
        import openpyxl
        from openpyxl.packaging.relationship import Relationship
        from openpyxl.worksheet._writer import WorksheetWriter
        from openpyxl.xml.functions import Element
    except ImportError:  # pragma: no cover - openpyxl reorganised
        return None
    if not openpyxl.__version__.startswith("3.1.") or not all(
            hasattr(WorksheetWriter, n) for n in ("write_top", "write_row", "write_hyperlinks")):
        return None

    class LinkWriter(WorksheetWriter):  # type: ignore[misc, valid-type]
        def __init__(self, ws: Any) -> None:
            super().__init__(ws)
            self.links: list[tuple[str, str]] = []  # (cell reference, URL)

        def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
            super().write_row(xf, self._unlinked(row), row_idx)

        def _unlinked(self, row: Any) -> Any:
            """The row's cells, each link taken off its cell (so the stock cell writer does not keep
            it) and noted; lazily: the sheet reuses one cell object for plain values."""
            for cell in row:
                link = cell.hyperlink
                if link is not None and link.target:
                    self.links.append((link.ref, link.target))
                    cell.hyperlink = None
                yield cell

        def write_hyperlinks(self) -> None:
            self.links += [(link.ref, link.target) for link in self.ws._hyperlinks if link.target]  # (none)
            if not self.links:
                return
            ids: dict[str, str] = {}
            for _ref, url in self.links:
                if url not in ids:
                    rel = Relationship(type="hyperlink", TargetMode="External", Target=url)
                    self._rels.append(rel)
                    ids[url] = rel.id
            xf = self.xf.send(True)
            with xf.element("hyperlinks"):
                for ref, url in self.links:
                    xf.write(Element("hyperlink", {"ref": ref, _REL_ID: ids[url]}))
            self.xf.send(None)  # control back to the sheet's stream
            self.links = []

    return LinkWriter


def install_link_writer(ws: Any) -> None:
    """Give a write-only sheet the cheap hyperlink writer before its first row (as openpyxl's own
    ``_get_writer`` would give it the stock one); left alone if it has one or openpyxl differs."""
    writer_class = _link_writer_class()
    if writer_class is None or getattr(ws, "_writer", False) is not None:
        return
    ws._writer = writer_class(ws)
    ws._writer.write_top()


class Table:
    """A sheet with a frozen header, autofilter and colour rules, continued past the row limit."""

    def __init__(self, book: Book, title: str, columns: list[tuple[str, float]],
                 colours: dict[int, dict[str, str]] | None = None, rotate_from: int | None = None) -> None:
        self.book, self.title, self.columns, self.colours = book, title, columns, colours or {}
        self.rotate_from = rotate_from
        self.ws: Any = None
        self.rows = 0  # data rows in the current sheet
        self.links = 0  # hyperlinks in the current sheet
        self.part = 0

    def _open(self) -> None:
        from openpyxl.utils import get_column_letter

        self.part += 1
        title = self.title if self.part == 1 else f"{self.title} ({self.part})"
        self.ws = self.book.sheet(title)
        self.ws.freeze_panes = "A2"
        self.ws.print_title_rows = "1:1"  # the header on every printed page
        for i, (_name, width) in enumerate(self.columns, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if self.rotate_from is not None:  # upright names: the header row as tall as the longest
            longest = max((len(n) for n, _ in self.columns[self.rotate_from:]), default=0)
            self.ws.row_dimensions[1].height = min(EXCEL_MAX_ROW_HEIGHT, 7 * longest + 10)
        install_link_writer(self.ws)  # after the widths and panes: its first step writes them
        self.ws.append(self.book.header(self.ws, [n for n, _ in self.columns], self.rotate_from))
        self.rows = 0
        self.links = 0

    def link(self, ws: Any, label: str, url: str | None, *, wrap: bool = False) -> Any:
        """A hyperlink cell while the sheet is under Excel's hyperlink limit, else the text alone."""
        if url and self.links < EXCEL_MAX_LINKS:
            self.links += 1
            return self.book.link(ws, label, url, wrap=wrap)
        return self.book.text(ws, label or url, wrap=wrap)

    def _close(self) -> None:
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill
        from openpyxl.utils import get_column_letter

        if self.ws is None:
            return
        last_col = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last_col}{self.rows + 1}"
        if self.rows:
            for col, fills in self.colours.items():
                letter = get_column_letter(col)
                rng = f"{letter}2:{letter}{self.rows + 1}"
                for value, colour in fills.items():
                    self.ws.conditional_formatting.add(
                        rng,
                        CellIsRule(operator="equal", formula=[f'"{value}"'],
                                   fill=PatternFill("solid", fgColor=colour, bgColor=colour)),
                    )

    def next_ws(self) -> Any:
        """The sheet the next row goes to (cells are bound to it), continued when this one is full."""
        if self.ws is None or self.rows + 1 >= self.book.max_rows:
            self._close()
            self._open()
        return self.ws

    def append(self, row: list[Any]) -> None:
        ws = self.next_ws()
        lines = 1
        wrap_id = self.book.wrap_alignment_id
        for i, cell in enumerate(row):
            style = getattr(cell, "_style", None)
            if style is not None and style.alignmentId == wrap_id and isinstance(cell.value, str) and i < len(self.columns):
                lines = max(lines, wrapped_lines(cell.value, self.columns[i][1]))
        if lines > 1:  # set the height: not every spreadsheet program sizes wrapped rows on opening
            ws.row_dimensions[self.rows + 2].height = min(EXCEL_MAX_ROW_HEIGHT, LINE_HEIGHT * lines)
            row = [self.book.top_cell(ws, v) if v is not None and not hasattr(v, "_style") else v for v in row]
        ws.append(row)  # write-only: the row is written now, so its height is not needed any more
        ws.row_dimensions.pop(self.rows + 2, None)  # (openpyxl keeps every row's, ~300 bytes a row, to the end)
        self.rows += 1

    def finish(self) -> None:
        if self.ws is None:
            self._open()
        self._close()


def normalise_zip(data: bytes, fixed: str) -> bytes:
    """Same workbook, same bytes: fixed zip entry times and document dates."""
    out = io.BytesIO()
    normalise_into(io.BytesIO(data), fixed, out)
    return out.getvalue()


def normalise_into(source: IO[bytes], fixed: str, out: IO[bytes]) -> None:
    """Entries are copied as streams, so a sheet of a million rows is never held uncompressed in memory."""
    src = zipfile.ZipFile(source)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + fixed.encode(), src.read(info))
                dst.writestr(entry, body)
                continue
            entry.file_size = info.file_size
            with src.open(info) as fin, dst.open(entry, "w", force_zip64=info.file_size > 0x7FFF0000) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
