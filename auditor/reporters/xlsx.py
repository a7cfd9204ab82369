"""XLSX workbook for managers and legal: Summary (figures, charts), Findings, Articles, Rules, Errors.

Streams in openpyxl's write-only mode and continues a sheet on "<name> (2)", ... past Excel's row
limit. Every string goes through `_text`, so article text can never become a formula. The zip is
rewritten with fixed timestamps, so the same results give the same bytes.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from auditor.reporters import ReportOptions
from auditor.reporters import toolkit as S

EXTENSION = ".xlsx"
BINARY = True

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL = 32_767
EXCEL_MAX_LINKS = 65_000  # Excel keeps at most 65,530 hyperlinks per worksheet; later rows get the text only
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

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


PRINT_FIT_WIDTH = 200  # column-width units that still read well shrunk onto one A4 landscape page
PRINT_WIDE_SCALE = 60  # per cent, for wider tables: about two A4 landscape pages across for Findings


class _Book:
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
        self._top_style: Any = None

    def sheet(self, title: str, width: float | None = None) -> Any:
        name = title[:31]
        n = 2
        while name in self.names:
            suffix = f" ({n})"
            name = title[: 31 - len(suffix)] + suffix
            n += 1
        self.names.add(name)
        ws = self.wb.create_sheet(name)
        self._print_setup(ws, width)
        return ws

    @staticmethod
    def _print_setup(ws: Any, width: float | None) -> None:
        """Printed, every sheet is A4 landscape. A sheet up to PRINT_FIT_WIDTH characters wide fits
        one page across (long tables run on downwards); a wider table prints at PRINT_WIDE_SCALE per
        cent across pages with its first column repeated, rather than shrunk past reading."""
        from openpyxl.worksheet.properties import PageSetupProperties

        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        if width is None or width <= PRINT_FIT_WIDTH:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        else:
            ws.page_setup.scale = PRINT_WIDE_SCALE
            ws.print_title_cols = "A:A"

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
            style = self._styles[key] = StyleArray(proto._style)
            if wrap:
                self.wrap_alignment_id = style.alignmentId
        cell = self._Cell(ws, value=text)
        cell.data_type = "s"  # always text, whatever the string starts with
        cell._style = StyleArray(style)
        return cell

    def top_cell(self, ws: Any, value: Any) -> Any:
        """A plain value in a tall row, aligned to the top like the wrapped text beside it."""
        from openpyxl.styles.cell_style import StyleArray

        style = self._top_style
        if style is None:
            proto = self._Cell(ws, value="")
            proto.alignment = self.top
            style = self._top_style = StyleArray(proto._style)
        cell = self._Cell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula (plain strings here were checked by text())
        cell._style = StyleArray(style)
        return cell

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

    def header(self, ws: Any, names: Iterable[str]) -> list[Any]:
        out = []
        for n in names:
            c = self._Cell(ws, value=clean_text(n))
            c.data_type = "s"
            c.font = self.bold
            c.fill = self.header_fill
            out.append(c)
        return out


class _Table:
    """A sheet with a frozen header, autofilter and colour rules, continued past the row limit."""

    def __init__(self, book: _Book, title: str, columns: list[tuple[str, float]],
                 colours: dict[int, dict[str, str]] | None = None) -> None:
        self.book, self.title, self.columns, self.colours = book, title, columns, colours or {}
        self.ws: Any = None
        self.rows = 0  # data rows in the current sheet
        self.links = 0  # hyperlinks in the current sheet
        self.part = 0

    def _open(self) -> None:
        from openpyxl.utils import get_column_letter

        self.part += 1
        title = self.title if self.part == 1 else f"{self.title} ({self.part})"
        self.ws = self.book.sheet(title, width=sum(w for _, w in self.columns))
        self.ws.freeze_panes = "A2"
        self.ws.print_title_rows = "1:1"  # the header on every printed page
        for i, (_name, width) in enumerate(self.columns, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.append(self.book.header(self.ws, [n for n, _ in self.columns]))
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
        ws.append(row)
        self.rows += 1

    def finish(self) -> None:
        if self.ws is None:
            self._open()
        self._close()


# -- render ------------------------------------------------------------------------------------
def render(results: dict[str, Any], options: ReportOptions) -> bytes:
    buf = io.BytesIO()
    write(results, options, buf)
    return buf.getvalue()


def write(results: dict[str, Any], options: ReportOptions, stream: IO[bytes]) -> None:
    """The workbook, written to ``stream``; the zip is built in a temporary file, not in memory."""
    max_rows = options.limits.xlsx_max_rows or EXCEL_MAX_ROWS
    book = _Book(max_rows)
    summary = S.summarise(results)
    history = options.history or None
    new_fps = {r.get("fingerprint") for r in (history or {}).get("new", [])} if history else set()
    _summary_sheet(book, results, summary, history)
    _findings_sheet(book, results, new_fps if history else None)
    _articles_sheet(book, results, summary)
    _rules_sheet(book, summary)
    _errors_sheet(book, results)
    _waivers_sheet(book, results)
    if history and (history.get("new") or history.get("fixed")):
        _changes_sheet(book, history)
    as_of = str(results.get("run", {}).get("as_of", "2000-01-01"))
    try:
        stamp = datetime.fromisoformat(as_of)
    except ValueError:
        stamp = datetime(2000, 1, 1)
    book.wb.properties.creator = "auditor"
    book.wb.properties.title = "Audit report"
    book.wb.properties.created = stamp
    book.wb.properties.modified = stamp
    with tempfile.TemporaryFile() as tmp:
        book.wb.save(tmp)
        tmp.seek(0)
        _normalise_into(tmp, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), stream)


def normalise_zip(data: bytes, fixed: str) -> bytes:
    """Same workbook, same bytes: fixed zip entry times and document dates."""
    out = io.BytesIO()
    _normalise_into(io.BytesIO(data), fixed, out)
    return out.getvalue()


def _normalise_into(source: IO[bytes], fixed: str, out: IO[bytes]) -> None:
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


# -- Summary -----------------------------------------------------------------------------------
class _Rows:
    """Row counter for the Summary sheet, so charts can point at the tables."""

    def __init__(self, book: _Book, ws: Any) -> None:
        self.book, self.ws, self.n = book, ws, 0

    def add(self, *values: Any, bold: bool = False) -> int:
        row = [v if isinstance(v, (int, float)) or v is None else self.book.text(self.ws, v, bold=bold) for v in values]
        self.ws.append(row)
        self.n += 1
        return self.n

    def heading(self, text: str) -> int:
        self.add()
        return self.add(text, bold=True)

    def table_header(self, *names: str) -> int:
        self.ws.append(self.book.header(self.ws, names))
        self.n += 1
        return self.n


def _pct_cell(book: _Book, ws: Any, value: float | None) -> Any:
    if value is None:
        return None
    c = book._Cell(ws, value=round(value, 4))
    c.number_format = "0.0%"
    return c


def _summary_sheet(book: _Book, results: dict[str, Any], s: S.Summary, history: dict[str, Any] | None) -> None:
    from openpyxl.chart import BarChart, LineChart

    ws = book.sheet("Summary")
    for col, width in zip("ABCDEFGH", (34, 16, 12, 12, 12, 12, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    r = _Rows(book, ws)
    run = results.get("run", {})
    tool = results.get("tool", {})
    ws.append([book.text(ws, "Audit report")])
    r.n += 1
    r.add("As of", run.get("as_of", ""))
    from auditor.verdict import status_of

    status, reasons = status_of(results)
    r.add("Status", "NOT AUDITED: " + "; ".join(reasons) if status == "not-audited" else "audited")
    r.add("Tool", f"{tool.get('name', 'auditor')} {tool.get('version', '')}".strip())
    r.add("Fail on", run.get("fail_on") or "error")
    if run.get("started"):
        r.add("Started", run["started"])
    r.add("Results schema", results.get("schema_version", ""))
    for warning in run.get("warnings") or []:
        r.add("Warning", warning)
    r.heading("Rule packs")
    r.table_header("Pack", "Version", "Title")
    for p in run.get("packs", []):
        r.add(p.get("id", ""), p.get("version", ""), p.get("title", ""))
    r.heading("Key figures")
    from auditor.basis import article_counts

    lead = article_counts(results)
    r.add("Articles with statutory violations", lead["statutory"])
    r.add("Articles with guidance or house-style findings only", lead["house_style"])
    for label, value in (
        ("Documents", s.documents),
        ("Passed", s.passed),
        ("Failed", s.failed),
        ("Unreadable", s.errors),
        ("Skipped", s.skipped),
        ("Active findings", s.findings),
        ("Suppressed", s.suppressed),
        ("Baselined", s.baselined),
    ):
        r.add(label, value)
    ws.append([book.text(ws, "Pass rate"), _pct_cell(book, ws, s.pass_rate)])
    r.n += 1
    if history and history.get("previous"):
        r.add("New since last run", len(history.get("new", [])))
        r.add("Fixed since last run", len(history.get("fixed", [])))
        r.add("Last run", history["previous"])

    r.heading("Findings by severity")
    sev_head = r.table_header("Severity", "Findings")
    for sev in S.SEVERITIES:
        r.add(sev, s.by_severity.get(sev, 0))
    sev_end = r.n
    r.heading("Findings by rule")
    rule_head = r.table_header("Rule", "Findings", "Documents", "Severity", "Title")
    for fig in s.rules_by_count():
        r.add(fig.id, fig.findings, fig.documents, fig.severity, fig.title)
    rule_end = r.n
    for heading, groups in (
        ("Pass rate by section", s.sections),
        ("Pass rate by author", s.authors),
        ("Pass rate by month", s.months),
    ):
        r.heading(heading)
        r.table_header(heading.rsplit(" ", 1)[-1].capitalize(), "Pass rate", "Documents", "Passed", "Failed",
                       "Unreadable", "Skipped", "Findings")
        for g in S.Summary.sorted_groups(groups):
            ws.append([book.text(ws, g.name), _pct_cell(book, ws, g.pass_rate), g.documents, g.passed, g.failed,
                       g.errors, g.skipped, g.findings])
            r.n += 1
    runs = S.history_runs(history)
    trend_head = trend_end = 0
    if runs:
        r.heading("Trend (last runs)")
        trend_head = r.table_header("Run", "Findings", "Failed", "Passed", "Unreadable", "Documents", "As of")
        for run_info in runs:
            r.add(run_info.get("when", ""), run_info.get("findings", 0), run_info.get("failed", 0),
                  run_info.get("passed", 0), run_info.get("errors", 0), run_info.get("documents", 0),
                  run_info.get("as_of", ""))
        trend_end = r.n

    _chart(ws, BarChart(), "Findings by severity", (sev_head, sev_end, 2), "J2", (7, 12), kind="col")
    if rule_end > rule_head:
        top = min(rule_end, rule_head + 15)
        _chart(ws, BarChart(), "Findings by rule", (rule_head, top, 2), "J17", (9, 16), kind="bar")
    if runs:
        _chart(ws, LineChart(), "Trend: findings and failed articles", (trend_head, trend_end, 3), "J36", (8, 16))


def _chart(ws: Any, chart: Any, title: str, rows: tuple[int, int, int], anchor: str, size: tuple[float, float],
           kind: str | None = None) -> None:
    """A chart over the table whose header is at rows[0]: categories in column A, series in B..rows[2]."""
    from openpyxl.chart import Reference

    head, end, last_col = rows
    if kind:
        chart.type = kind
    chart.title = title
    if last_col == 2:
        chart.legend = None
    chart.add_data(Reference(ws, min_col=2, max_col=last_col, min_row=head, max_row=end), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=end))
    chart.height, chart.width = size
    ws.add_chart(chart, anchor)


# -- Findings ----------------------------------------------------------------------------------
FINDING_COLUMNS = [
    ("Document", 36), ("Title", 30), ("Rule", 24), ("Severity", 10), ("State", 11), ("Outcome", 11),
    ("Message", 50), ("Location", 16), ("Evidence", 50), ("Expected", 50), ("Basis", 34), ("Fix", 40),
]


def _findings_rows(book: _Book, table: _Table, results: dict[str, Any], new_fps: set[str] | None) -> Iterator[list[Any]]:
    from auditor.store import fingerprint

    for doc, f in S.iter_findings(results):
        ws = table.next_ws()
        refs = f.get("references") or []
        row = [
            book.text(ws, doc.get("path", "")),
            book.text(ws, (doc.get("fields") or {}).get("title")),
            book.text(ws, f.get("rule_id", "")),
            book.text(ws, f.get("severity", "")),
            S.finding_state(f),
            book.text(ws, f.get("outcome", "")),
            book.text(ws, f.get("message", ""), wrap=True),
            S.location(f.get("span")) or None,
            book.text(ws, f.get("evidence"), wrap=True),
            book.text(ws, f.get("expected"), wrap=True),
            table.link(ws, S.references_text(refs), S.first_url(refs), wrap=True) if refs else None,
            book.text(ws, f.get("fix"), wrap=True),
        ]
        if new_fps is not None:
            active = S.is_active(f)
            row.append("new" if active and fingerprint(f, str(doc.get("path", ""))) in new_fps else None)
        yield row


def _findings_sheet(book: _Book, results: dict[str, Any], new_fps: set[str] | None) -> None:
    cols = list(FINDING_COLUMNS) + ([("Since last run", 12)] if new_fps is not None else [])
    table = _Table(book, "Findings", cols, colours={4: SEVERITY_FILL})
    for row in _findings_rows(book, table, results, new_fps):
        table.append(row)
    table.finish()


# -- Articles ----------------------------------------------------------------------------------
def _articles_sheet(book: _Book, results: dict[str, Any], s: S.Summary) -> None:
    base = [("Document", 36), ("Title", 34), ("Section", 14), ("Authors", 22), ("Published", 20),
            ("Language", 9), ("Format", 9), ("Status", 9), ("Active findings", 9)]
    cols = base + [(rid, 14) for rid in s.rule_columns]
    colours: dict[int, dict[str, str]] = {8: STATUS_FILL}
    for i in range(len(s.rule_columns)):
        colours[len(base) + 1 + i] = RULE_FILL
    table = _Table(book, "Articles", cols, colours)
    for doc in results.get("documents", []):
        ws = table.next_ws()
        fields = doc.get("fields") or {}
        pub = fields.get("published") or {}
        authors = [a for a in S.authors_of(doc) if a != S.NO_AUTHOR]
        active = sum(1 for f in doc.get("findings", []) if S.is_active(f))
        row = [
            book.text(ws, doc.get("path", "")),
            book.text(ws, fields.get("title")),
            book.text(ws, s.section(doc)),
            book.text(ws, ", ".join(authors)) if authors else None,
            book.text(ws, pub.get("iso") or pub.get("raw")),
            book.text(ws, fields.get("language")),
            book.text(ws, doc.get("format")),
            doc.get("status", ""),
            active,
        ]
        row += [S.rule_cell(doc, rid) for rid in s.rule_columns]
        table.append(row)
    table.finish()


# -- Rules and Errors --------------------------------------------------------------------------
def _rules_sheet(book: _Book, s: S.Summary) -> None:
    cols = [("Rule", 26), ("Pack", 18), ("Title", 34), ("Severity", 10), ("Description", 60), ("Reference", 40),
            ("All references", 40), ("Fix", 40), ("Findings", 9), ("Documents", 10), ("Suppressed", 11),
            ("Baselined", 10), ("Unverified", 10)]
    table = _Table(book, "Rules", cols, colours={4: SEVERITY_FILL})
    for fig in s.rules.values():
        ws = table.next_ws()
        url = S.first_url(fig.references)
        first = next((S.reference_text(r) for r in fig.references if S.safe_url(r.get("url")) == url), "") if url else ""
        table.append([
            book.text(ws, fig.id), book.text(ws, fig.pack), book.text(ws, fig.title), fig.severity,
            book.text(ws, fig.description, wrap=True),
            table.link(ws, first, url, wrap=True) if url else None,
            book.text(ws, S.references_text(fig.references), wrap=True) or None,
            book.text(ws, fig.fix, wrap=True) or None,
            fig.findings, fig.documents, fig.suppressed, fig.baselined, fig.unverified,
        ])
    table.finish()


def _errors_sheet(book: _Book, results: dict[str, Any]) -> None:
    table = _Table(book, "Errors", [("Document", 40), ("Format", 10), ("Error", 90)])
    for doc in results.get("documents", []):
        if doc.get("status") == "error":
            ws = table.next_ws()
            table.append([book.text(ws, doc.get("path", "")), book.text(ws, doc.get("format")),
                          book.text(ws, doc.get("error") or "could not be read", wrap=True)])
    for err in results.get("run", {}).get("errors") or []:
        table.append(["(rule packs)", None, book.text(table.next_ws(), err, wrap=True)])
    table.finish()


def _waivers_sheet(book: _Book, results: dict[str, Any]) -> None:
    """Waivers expiring within 30 days of the audit date, then the run's sign-off state."""
    run = results.get("run", {})
    cols = [("Rule", 28), ("Document", 40), ("Expires", 12), ("Days left", 10), ("Approved by", 20), ("Reason", 60)]
    table = _Table(book, "Waivers & sign-off", cols)
    soon = run.get("waivers_expiring") or []
    for w in soon:
        ws = table.next_ws()
        table.append([book.text(ws, w.get("rule") or ""), book.text(ws, w.get("path") or ""),
                      book.text(ws, w.get("expires") or ""), w.get("days_left"),
                      book.text(ws, w.get("approved_by") or ""), book.text(ws, w.get("reason") or "", wrap=True)])
    ws = table.next_ws()
    if not soon:
        table.append([book.text(ws, "(no waiver expires within 30 days)")])
    signoff = run.get("signoff") or {"state": "not recorded"}
    table.append([])
    who = ", ".join(f"{k}: {v}" for k, v in sorted(signoff.items()) if k != "state" and v)
    table.append([book.text(ws, "Sign-off of this run"), book.text(ws, str(signoff.get("state") or "not recorded")),
                  None, None, None, book.text(ws, who) if who else None])
    table.finish()


def _changes_sheet(book: _Book, history: dict[str, Any]) -> None:
    cols = [("Change", 10), ("Document", 40), ("Rule", 26), ("Severity", 10), ("Message", 70), ("Fingerprint", 20)]
    table = _Table(book, "Changes", cols, colours={4: SEVERITY_FILL})
    for change in ("new", "fixed"):
        for ref in history.get(change, []):
            ws = table.next_ws()
            table.append([change, book.text(ws, ref.get("path", "")), book.text(ws, ref.get("rule_id", "")),
                          book.text(ws, ref.get("severity", "")), book.text(ws, ref.get("message", ""), wrap=True),
                          book.text(ws, str(ref.get("fingerprint", ""))[:16])])
    table.finish()
