"""XLSX workbook for managers and legal: Summary (figures, charts), Findings, Articles, Rules, Errors,
Waivers & sign-off (and Changes with a history).

Every sheet leads with what matters to a lawyer: the Summary opens with the articles with
statutory violations, then those with guidance or house-style findings only, and the Findings
sheet lists statutory findings first, then guidance, then house style (auditor/basis.py). Streams
in openpyxl's write-only mode; cells, print set-up and the zip are built in xlsx_book.py.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from auditor.reporters import ReportOptions
from auditor.reporters import toolkit as S
from auditor.reporters.xlsx_book import (
    EXCEL_MAX_ROWS,
    RULE_FILL,
    SEVERITY_FILL,
    STATUS_FILL,
    Book,
    Table,
    clean_text,
    normalise_into,
    normalise_zip,
)

__all__ = ["EXTENSION", "BINARY", "render", "write", "clean_text", "normalise_zip"]

EXTENSION = ".xlsx"
BINARY = True


# -- render ------------------------------------------------------------------------------------
def render(results: dict[str, Any], options: ReportOptions) -> bytes:
    buf = io.BytesIO()
    write(results, options, buf)
    return buf.getvalue()


def write(results: dict[str, Any], options: ReportOptions, stream: IO[bytes]) -> None:
    """The workbook, written to ``stream``; the zip is built in a temporary file, not in memory."""
    max_rows = options.limits.xlsx_max_rows or EXCEL_MAX_ROWS
    book = Book(max_rows)
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
        normalise_into(tmp, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), stream)


# -- Summary -----------------------------------------------------------------------------------
class _Rows:
    """Row counter for the Summary sheet, so charts can point at the tables."""

    def __init__(self, book: Book, ws: Any) -> None:
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


def _pct_cell(book: Book, ws: Any, value: float | None) -> Any:
    if value is None:
        return None
    c = book._Cell(ws, value=round(value, 4))
    c.number_format = "0.0%"
    return c


def _summary_sheet(book: Book, results: dict[str, Any], s: S.Summary, history: dict[str, Any] | None) -> None:
    from openpyxl.chart import BarChart, LineChart

    ws = book.sheet("Summary")
    for col, width in zip("ABCDEFGH", (34, 16, 12, 12, 12, 12, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    r = _Rows(book, ws)
    _summary_head(r, results)
    _key_figures(r, s, history)
    sev_head, sev_end = _severity_table(r, s)
    rule_head, rule_end = _rule_table(r, s)
    _group_tables(r, s)
    runs = S.history_runs(history)
    trend_head, trend_end = _trend_table(r, runs)
    _chart(ws, BarChart(), "Findings by severity", (sev_head, sev_end, 2), "J2", (7, 12), kind="col")
    if rule_end > rule_head:
        top = min(rule_end, rule_head + 15)
        _chart(ws, BarChart(), "Findings by rule", (rule_head, top, 2), "J17", (9, 16), kind="bar")
    if runs:
        _chart(ws, LineChart(), "Trend: findings and failed articles", (trend_head, trend_end, 3), "J36", (8, 16))


def _summary_head(r: _Rows, results: dict[str, Any]) -> None:
    """Title, audit date and status, then what a lawyer reads first: the articles with statutory
    violations, then those with guidance or house-style findings only; then the run's details."""
    from auditor.basis import article_counts
    from auditor.verdict import status_of

    run = results.get("run", {})
    tool = results.get("tool", {})
    r.ws.append([r.book.text(r.ws, "Audit report", bold=True)])
    r.n += 1
    r.add("As of", run.get("as_of", ""))
    status, reasons = status_of(results)
    r.add("Status", "NOT AUDITED: " + "; ".join(reasons) if status == "not-audited" else "audited")
    if status != "not-audited":
        lead = article_counts(results)
        r.add("Articles with statutory violations", lead["statutory"], bold=True)
        r.add("Articles with guidance or house-style findings only", lead["house_style"])
    for warning in run.get("warnings") or []:
        r.add("Warning", warning)
    r.add("Tool", f"{tool.get('name', 'auditor')} {tool.get('version', '')}".strip())
    r.add("Fail on", run.get("fail_on") or "error")
    if run.get("started"):
        r.add("Started", run["started"])
    r.add("Results schema", results.get("schema_version", ""))
    r.heading("Rule packs")
    r.table_header("Pack", "Version", "Title")
    for p in run.get("packs", []):
        r.add(p.get("id", ""), p.get("version", ""), p.get("title", ""))


def _key_figures(r: _Rows, s: S.Summary, history: dict[str, Any] | None) -> None:
    r.heading("Key figures")
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
    r.ws.append([r.book.text(r.ws, "Pass rate"), _pct_cell(r.book, r.ws, s.pass_rate)])
    r.n += 1
    if history and history.get("previous"):
        r.add("New since last run", len(history.get("new", [])))
        r.add("Fixed since last run", len(history.get("fixed", [])))
        r.add("Last run", history["previous"])


def _severity_table(r: _Rows, s: S.Summary) -> tuple[int, int]:
    r.heading("Findings by severity")
    head = r.table_header("Severity", "Findings")
    for sev in S.SEVERITIES:
        r.add(sev, s.by_severity.get(sev, 0))
    return head, r.n


def _rule_table(r: _Rows, s: S.Summary) -> tuple[int, int]:
    r.heading("Findings by rule")
    head = r.table_header("Rule", "Findings", "Documents", "Severity", "Title")
    for fig in s.rules_by_count():
        r.add(fig.id, fig.findings, fig.documents, fig.severity, fig.title)
    return head, r.n


def _group_tables(r: _Rows, s: S.Summary) -> None:
    for heading, groups in (
        ("Pass rate by section", s.sections),
        ("Pass rate by author", s.authors),
        ("Pass rate by month", s.months),
    ):
        r.heading(heading)
        r.table_header(heading.rsplit(" ", 1)[-1].capitalize(), "Pass rate", "Documents", "Passed", "Failed",
                       "Unreadable", "Skipped", "Findings")
        for g in S.Summary.sorted_groups(groups):
            r.ws.append([r.book.text(r.ws, g.name), _pct_cell(r.book, r.ws, g.pass_rate), g.documents, g.passed,
                         g.failed, g.errors, g.skipped, g.findings])
            r.n += 1


def _trend_table(r: _Rows, runs: list[dict[str, Any]]) -> tuple[int, int]:
    if not runs:
        return 0, 0
    r.heading("Trend (last runs)")
    head = r.table_header("Run", "Findings", "Failed", "Passed", "Unreadable", "Documents", "As of")
    for run_info in runs:
        r.add(run_info.get("when", ""), run_info.get("findings", 0), run_info.get("failed", 0),
              run_info.get("passed", 0), run_info.get("errors", 0), run_info.get("documents", 0),
              run_info.get("as_of", ""))
    return head, r.n


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
# widths sum to about 200 characters: fitted to an A4 landscape page the text prints at about 70 %
FINDING_COLUMNS = [
    ("Document", 20), ("Title", 16), ("Rule", 20), ("Severity", 8), ("Basis type", 10), ("State", 9),
    ("Outcome", 9), ("Location", 11), ("Message", 28), ("Evidence", 17), ("Expected", 17), ("Basis", 18),
    ("Source", 9), ("Fix", 17),
]


def _source(table: Table, ws: Any, refs: list[dict[str, Any]]) -> Any:
    """The first reference's URL as a link labelled with its site (a short cell: spreadsheet
    programs that do not wrap links still print it whole)."""
    from urllib.parse import urlsplit

    url = S.first_url(refs)
    if not url:
        return None
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    return table.link(ws, host, url)


def _findings_rows(book: Book, table: Table, results: dict[str, Any], new_fps: set[str] | None) -> Iterator[list[Any]]:
    """Statutory findings first, then guidance, then house style (auditor/basis.py)."""
    from auditor.basis import KIND_LABEL, findings_statutory_first, kind_of
    from auditor.store import fingerprint

    for doc, f in findings_statutory_first(results):
        ws = table.next_ws()
        refs = f.get("references") or []
        row = [
            book.text(ws, doc.get("path", ""), wrap=True),
            book.text(ws, (doc.get("fields") or {}).get("title"), wrap=True),
            book.text(ws, f.get("rule_id", ""), wrap=True),
            book.text(ws, f.get("severity", "")),
            KIND_LABEL[kind_of(refs)],
            S.finding_state(f),
            book.text(ws, f.get("outcome", "")),
            book.text(ws, S.location(f.get("span")) or None, wrap=True),
            book.text(ws, f.get("message", ""), wrap=True),
            book.text(ws, f.get("evidence"), wrap=True),
            book.text(ws, f.get("expected"), wrap=True),
            book.text(ws, S.references_text(refs), wrap=True) if refs else None,
            _source(table, ws, refs),
            book.text(ws, f.get("fix"), wrap=True),
        ]
        if new_fps is not None:
            active = S.is_active(f)
            row.append("new" if active and fingerprint(f, str(doc.get("path", ""))) in new_fps else None)
        yield row


def _findings_sheet(book: Book, results: dict[str, Any], new_fps: set[str] | None) -> None:
    cols = list(FINDING_COLUMNS) + ([("Since last run", 9)] if new_fps is not None else [])
    table = Table(book, "Findings", cols, colours={4: SEVERITY_FILL})
    for row in _findings_rows(book, table, results, new_fps):
        table.append(row)
    table.finish()


# -- Articles ----------------------------------------------------------------------------------
ARTICLE_COLUMNS = [("Document", 20), ("Title", 18), ("Section", 10), ("Authors", 14), ("Published", 14),
                   ("Language", 9), ("Format", 9), ("Status", 7), ("Active findings", 9)]
RULE_COLUMN_WIDTH = 6  # "pass"/"fail" at full size, longer states shrunk to fit; the rule ids stand upright


def _articles_sheet(book: Book, results: dict[str, Any], s: S.Summary) -> None:
    base = ARTICLE_COLUMNS
    cols = base + [(rid, RULE_COLUMN_WIDTH) for rid in s.rule_columns]
    colours: dict[int, dict[str, str]] = {8: STATUS_FILL}
    for i in range(len(s.rule_columns)):
        colours[len(base) + 1 + i] = RULE_FILL
    table = Table(book, "Articles", cols, colours, rotate_from=len(base))
    for doc in results.get("documents", []):
        ws = table.next_ws()
        fields = doc.get("fields") or {}
        pub = fields.get("published") or {}
        authors = [a for a in S.authors_of(doc) if a != S.NO_AUTHOR]
        active = sum(1 for f in doc.get("findings", []) if S.is_active(f))
        row = [
            book.text(ws, doc.get("path", ""), wrap=True),
            book.text(ws, fields.get("title"), wrap=True),
            book.text(ws, s.section(doc), wrap=True),
            book.text(ws, ", ".join(authors), wrap=True) if authors else None,
            book.text(ws, pub.get("iso") or pub.get("date") or pub.get("raw"), wrap=True),
            book.text(ws, fields.get("language")),
            book.text(ws, doc.get("format")),
            doc.get("status", ""),
            active,
        ]
        row += [book.fitted(ws, S.rule_cell(doc, rid)) for rid in s.rule_columns]
        table.append(row)
    table.finish()


# -- Rules and Errors --------------------------------------------------------------------------
def _rules_sheet(book: Book, s: S.Summary) -> None:
    from auditor.basis import strongest

    cols = [("Rule", 22), ("Pack", 14), ("Title", 20), ("Severity", 8), ("Binding", 12), ("Description", 32),
            ("Basis", 26), ("Source", 10), ("Fix", 22), ("Findings", 9), ("Documents", 11), ("Suppressed", 11),
            ("Baselined", 10), ("Unverified", 11)]
    table = Table(book, "Rules", cols, colours={4: SEVERITY_FILL})
    for fig in s.rules.values():
        ws = table.next_ws()
        refs = S.references_text(fig.references)
        table.append([
            book.text(ws, fig.id, wrap=True), book.text(ws, fig.pack, wrap=True), book.text(ws, fig.title, wrap=True),
            fig.severity, strongest(fig.references) or None,
            book.text(ws, fig.description, wrap=True),
            book.text(ws, refs, wrap=True) if refs else None,
            _source(table, ws, fig.references),
            book.text(ws, fig.fix, wrap=True) or None,
            fig.findings, fig.documents, fig.suppressed, fig.baselined, fig.unverified,
        ])
    table.finish()


def _errors_sheet(book: Book, results: dict[str, Any]) -> None:
    table = Table(book, "Errors", [("Document", 40), ("Format", 10), ("Error", 90)])
    for doc in results.get("documents", []):
        if doc.get("status") == "error":
            ws = table.next_ws()
            table.append([book.text(ws, doc.get("path", "")), book.text(ws, doc.get("format")),
                          book.text(ws, doc.get("error") or "could not be read", wrap=True)])
    for err in results.get("run", {}).get("errors") or []:
        table.append(["(rule packs)", None, book.text(table.next_ws(), err, wrap=True)])
    table.finish()


def _waivers_sheet(book: Book, results: dict[str, Any]) -> None:
    """Waivers expiring within 30 days of the audit date, then the run's sign-off state."""
    run = results.get("run", {})
    cols = [("Rule", 28), ("Document", 40), ("Expires", 12), ("Days left", 10), ("Approved by", 20), ("Reason", 60)]
    table = Table(book, "Waivers & sign-off", cols)
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


def _changes_sheet(book: Book, history: dict[str, Any]) -> None:
    cols = [("Change", 10), ("Document", 40), ("Rule", 26), ("Severity", 10), ("Message", 70), ("Fingerprint", 20)]
    table = Table(book, "Changes", cols, colours={4: SEVERITY_FILL})
    for change in ("new", "fixed"):
        for ref in history.get(change, []):
            ws = table.next_ws()
            table.append([change, book.text(ws, ref.get("path", "")), book.text(ws, ref.get("rule_id", "")),
                          book.text(ws, ref.get("severity", "")), book.text(ws, ref.get("message", ""), wrap=True),
                          book.text(ws, str(ref.get("fingerprint", ""))[:16])])
    table.finish()
