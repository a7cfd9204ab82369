"""XLSX report: every sheet's figures against the JSON results, formula safety, links, streaming."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

import reports_fixtures as rf  # noqa: E402

from auditor.reporters import ReportLimits, ReportOptions, get_reporter  # noqa: E402


def _render(results: dict[str, Any], **kw: Any) -> bytes:
    return get_reporter("xlsx").render(results, ReportOptions(**kw))


def _load(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _table(rows: list[list[Any]], heading: str) -> list[list[Any]]:
    """Rows of the Summary table under a bold heading, up to the next blank row (header row included)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == heading)
    out = []
    for r in rows[start + 1 :]:
        if not any(v is not None for v in r):
            break
        out.append(r)
    return out


@pytest.fixture(scope="module")
def book(results: dict[str, Any]) -> Any:
    return _load(_render(results))


def test_sheets_present(book: Any) -> None:
    assert book.sheetnames == ["Summary", "Findings", "Articles", "Rules", "Errors", "Waivers & sign-off"]


def test_summary_key_figures_match_json(book: Any, results: dict[str, Any]) -> None:
    rows = _rows(book["Summary"])
    kv = {r[0]: r[1] for r in _table(rows, "Key figures")}
    s = results["summary"]
    assert kv["Documents"] == s["documents"] == 9
    assert kv["Passed"] == s["passed"]
    assert kv["Failed"] == s["failed"]
    assert kv["Unreadable"] == s["errors"]
    assert kv["Skipped"] == s["skipped"]
    assert kv["Suppressed"] == s["suppressed"]
    assert kv["Baselined"] == s["baselined"]
    assert kv["Active findings"] == sum(s["findings_by_severity"].values())
    assert kv["Pass rate"] == pytest.approx(s["passed"] / (s["passed"] + s["failed"] + s["errors"]), abs=1e-4)
    head = {r[0]: r[1] for r in rows[:6] if r[0]}
    assert head["As of"] == results["run"]["as_of"]
    packs = _table(rows, "Rule packs")[1:]
    assert [(p[0], p[1]) for p in packs] == [(p["id"], p["version"]) for p in results["run"]["packs"]]


def test_summary_by_severity_and_rule_match_json(book: Any, results: dict[str, Any]) -> None:
    rows = _rows(book["Summary"])
    sev = {r[0]: r[1] for r in _table(rows, "Findings by severity")[1:]}
    assert sev == results["summary"]["findings_by_severity"]
    active = Counter(
        f["rule_id"] for d in results["documents"] for f in d["findings"] if not (f["suppressed"] or f["baselined"])
    )
    by_rule = {r[0]: r[1] for r in _table(rows, "Findings by rule")[1:]}
    assert by_rule == dict(active)


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Pass rate by section", lambda d: (d.get("metadata") or {}).get("section")
         or (d.get("metadata") or {}).get("category") or d["path"].split("/")[0]),
        ("Pass rate by month", lambda d: (d["fields"]["published"]["iso"] or "")[:7] or "(no date)"),
    ],
)
def test_summary_groups_match_json(book: Any, results: dict[str, Any], heading: str, key: Any) -> None:
    rows = _table(_rows(book["Summary"]), heading)
    assert rows[0][:5] == [rows[0][0], "Pass rate", "Documents", "Passed", "Failed"]
    got = {r[0]: (r[2], r[3], r[4], r[5]) for r in rows[1:]}
    want: dict[str, list[int]] = {}
    for d in results["documents"]:
        c = want.setdefault(key(d), [0, 0, 0, 0])
        c[0] += 1
        c[1] += d["status"] == "pass"
        c[2] += d["status"] == "fail"
        c[3] += d["status"] == "error"
    assert got == {k: tuple(v) for k, v in want.items()}


def test_summary_by_author_counts_each_author(book: Any) -> None:
    rows = {r[0]: r for r in _table(_rows(book["Summary"]), "Pass rate by author")[1:]}
    # Иван Петров wrote two failing articles; Анна Смирнова one failing and one passing
    assert rows["Иван Петров"][1:5] == [0, 2, 0, 2]
    assert rows["Анна Смирнова"][1:5] == [0.5, 2, 1, 1]
    assert rows["=1+1"][2] == 1  # the hostile author name is a row label, stored as text


def test_findings_sheet_one_row_per_finding(book: Any, results: dict[str, Any]) -> None:
    rows = _rows(book["Findings"])
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Document", "Title", "Rule", "Severity"]
    expected = [(d["path"], f["rule_id"], f["severity"], f["message"]) for d in results["documents"] for f in d["findings"]]
    col = {name: i for i, name in enumerate(header)}
    got = [(r[col["Document"]], r[col["Rule"]], r[col["Severity"]], r[col["Message"]].replace("[U+0007]", "\x07")) for r in body]
    assert got == expected
    states = Counter(r[col["State"]] for r in body)
    assert states["suppressed"] == results["summary"]["suppressed"]
    assert states["baselined"] == results["summary"]["baselined"]
    lookalike = next(r for r in body if r[col["Document"]] == "news/2024/lookalike.txt" and r[col["Rule"]] == "ru-fa.notice-exact")
    assert lookalike[col["Evidence"]] == "СОЗДAНО" and lookalike[col["Expected"]] == "СОЗДАНО"
    assert lookalike[col["Location"]] == "3:29"


def test_findings_sheet_layout(book: Any) -> None:
    ws = book["Findings"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert {tuple(r.formula) for r in rules} >= {('"error"',), ('"warning"',), ('"info"',)}
    header = [c.value for c in ws[1]]
    msg = openpyxl.utils.get_column_letter(header.index("Message") + 1)
    assert ws.column_dimensions[msg].width >= 25
    assert ws[f"{msg}2"].alignment.wrap_text
    # about 200 characters across: fitted to an A4 landscape page, it prints at about 70 %
    assert 180 <= sum(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, 15)) <= 215


def test_rows_with_wrapped_text_are_tall_and_top_aligned(book: Any) -> None:
    ws = book["Findings"]
    header = [c.value for c in ws[1]]
    msg_col, doc_col = header.index("Message") + 1, header.index("Document") + 1
    width = ws.column_dimensions["G"].width
    checked = 0
    for r in range(2, ws.max_row + 1):
        texts = [c.value for c in ws[r] if isinstance(c.value, str) and c.alignment.wrap_text]
        longest = max((len(t) for t in texts), default=0)
        height = ws.row_dimensions[r].height
        if longest > 2 * 60:  # wider than any wrapped column: at least three lines
            assert height is not None and height >= 45, (r, height, longest)
            assert ws.cell(r, doc_col).alignment.vertical == "top"
            checked += 1
        elif longest < 0.5 * min(width, 30):  # fits on one line: no height set
            assert height is None or height <= 15
    assert checked >= 1
    assert ws.cell(2, msg_col).alignment.wrap_text


def test_print_setup(book: Any) -> None:
    """Every sheet: A4 landscape, fitted to the page width (any number of pages down), narrow
    margins, the sheet name and page in the footer; tables repeat their header row."""
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.scale in (None, 100), ws.title  # no fixed shrink (before: Findings at 60 %)
        assert ws.page_margins.left <= 0.5 and "&P" in ws.oddFooter.center.text, ws.title
        if ws.title != "Summary":
            assert ws.print_title_rows == "$1:$1", ws.title
            assert not ws.print_title_cols, ws.title


def test_law_reference_is_a_cell_hyperlink(book: Any, results: dict[str, Any]) -> None:
    ws = book["Findings"]
    header = [c.value for c in ws[1]]
    basis = ws.cell(row=2, column=header.index("Basis") + 1)
    assert basis.data_type == "s" and "255-ФЗ" in basis.value and basis.alignment.wrap_text
    cell = ws.cell(row=2, column=header.index("Source") + 1)  # a short link prints whole, wrapped or not
    assert cell.hyperlink is not None and cell.hyperlink.target == rf.LAW_2022["url"]
    assert cell.data_type == "s" and cell.value == "consultant.ru"
    # a javascript: URL from a pack never becomes a link
    targets = [c.hyperlink.target for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink is not None]
    assert targets and all(t.startswith("https://") for t in targets)


def test_articles_sheet_status_and_rule_matrix(book: Any, results: dict[str, Any]) -> None:
    rows = _rows(book["Articles"])
    header = rows[0]
    rule_ids = [r["id"] for r in results["run"]["rules"]]
    assert header[-len(rule_ids) - 1 :][1:] == rule_ids or set(rule_ids) <= set(header)
    by_path = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert len(by_path) == len(results["documents"])
    for d in results["documents"]:
        row = by_path[d["path"]]
        assert row["Status"] == d["status"]
        active = {f["rule_id"] for f in d["findings"] if not (f["suppressed"] or f["baselined"])}
        for rid in rule_ids:
            if d["status"] in ("error", "skipped"):
                assert row[rid] == "n/a"
            elif rid in active:
                assert row[rid] == "fail"
            elif rid in d["unverified"]:
                assert row[rid] == "unverified"
            else:
                assert row[rid] in ("pass", "suppressed", "baselined")
    assert by_path["news/2023/archive.txt"]["ru-fa.notice-present"] == "suppressed"
    assert by_path["news/2024/plain.txt"]["ru-fa.notice-size"] == "unverified"


def test_rules_and_errors_sheets(book: Any, results: dict[str, Any]) -> None:
    rows = _rows(book["Rules"])
    header = rows[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    for rule in results["run"]["rules"]:
        assert by_id[rule["id"]]["Severity"] == rule["severity"]
        assert by_id[rule["id"]]["Description"] == rule["description"]
    assert by_id["ru-fa.notice-exact"]["Findings"] == 2
    assert by_id["ru-fa.notice-size"]["Unverified"] == 1
    errors = _rows(book["Errors"])[1:]
    assert [(r[0], r[2]) for r in errors] == [(d["path"], d["error"]) for d in results["documents"] if d["status"] == "error"]


def test_no_cell_is_a_formula_with_hostile_article_text() -> None:
    hostile = rf.document(
        "news/evil.html",
        "fail",
        format="html",
        title=rf.FORMULA_LINK,
        author=[rf.FORMULA_DDE, "+7 999", "-1", "@here"],
        iso="2024-04-03",
        metadata={"section": "=SUM(1,1)"},
        findings=[
            rf.finding("ru-fa.notice-exact", "error", rf.FORMULA_DDE, outcome="altered",
                       evidence=rf.FORMULA_LINK, expected="=1+1", fix="@SUM(A1)", span=None),
        ],
    )
    results = rf.make_results([hostile])
    data = _render(results, history={"runs": [{"when": "=NOW()", "findings": 1}], "new": [], "fixed": [],
                                     "previous": "=NOW()"})
    wb = _load(data)
    seen = set()
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.quotePrefix, f"{ws.title}!{c.coordinate} lacks quotePrefix"
                    seen.add(c.value)
    assert {rf.FORMULA_LINK, rf.FORMULA_DDE, "=SUM(1,1)", "+7 999", "@here", "=1+1", "@SUM(A1)"} <= seen
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), name


def test_same_results_same_bytes(results: dict[str, Any]) -> None:
    assert _render(results) == _render(rf.make_results())


def test_long_runs_continue_on_new_sheets() -> None:
    results = rf.many_results(7, 3)  # 21 findings
    wb = _load(_render(results, limits=ReportLimits(xlsx_max_rows=9)))  # header + 8 rows per sheet
    parts = [n for n in wb.sheetnames if n.startswith("Findings")]
    assert parts == ["Findings", "Findings (2)", "Findings (3)"]
    bodies = [_rows(wb[n]) for n in parts]
    assert all(b[0][0] == "Document" for b in bodies)
    assert [len(b) - 1 for b in bodies] == [8, 8, 5]
    assert all(wb[n].freeze_panes == "A2" for n in parts)
    paths = [r[0] for b in bodies for r in b[1:]]
    assert paths == [d["path"] for d in results["documents"] for _ in d["findings"]]


def test_articles_and_findings_continue_past_the_row_limit_from_a_spill_file(tmp_path: Path) -> None:
    """The Articles sheet too is continued on new sheets, reading the documents from a spill file
    (as a run over a million articles does); every input is on exactly one row, row heights kept."""
    from auditor.spill import SpilledDocuments

    results = rf.many_results(19, 2)
    for i, doc in enumerate(results["documents"]):
        doc["fields"]["title"] = f"Статья {i}: " + "очень длинный заголовок " * 3  # wrapped: a tall row
    spilled = SpilledDocuments(str(tmp_path))
    for doc in results["documents"]:
        spilled.append(doc)
    expected_paths = [d["path"] for d in results["documents"]]
    wb = _load(_render({**results, "documents": spilled}, limits=ReportLimits(xlsx_max_rows=7)))
    spilled.close()
    articles = [n for n in wb.sheetnames if n.startswith("Articles")]
    assert articles == ["Articles", "Articles (2)", "Articles (3)", "Articles (4)"]
    bodies = [_rows(wb[n]) for n in articles]
    assert [len(b) - 1 for b in bodies] == [6, 6, 6, 1]
    assert [r[0] for b in bodies for r in b[1:]] == expected_paths
    findings = [n for n in wb.sheetnames if n.startswith("Findings")]
    assert sum(len(_rows(wb[n])) - 1 for n in findings) == 38 and len(findings) == 7
    for name in articles:
        ws = wb[name]
        assert all(ws.row_dimensions[r].height and ws.row_dimensions[r].height > 15 for r in range(2, ws.max_row + 1))


def test_row_heights_are_not_kept_once_written() -> None:
    """openpyxl's write-only sheet keeps every row's dimensions to the end (~300 bytes a row: 300 MB
    for a million findings); a table lets each go once its row is written."""
    from auditor.reporters.xlsx_book import Book, Table

    book = Book(1000)
    table = Table(book, "Findings", [("Document", 10), ("Message", 10)])
    for i in range(200):
        ws = table.next_ws()
        table.append([book.text(ws, f"doc-{i}"), book.text(ws, "слово " * 20, wrap=True)])
    assert table.rows == 200
    assert len(table.ws.row_dimensions) <= 2  # the header's, at most
    table.finish()
    out = io.BytesIO()
    book.wb.save(out)
    ws = _load(out.getvalue())["Findings"]
    assert ws.max_row == 201 and all(ws.row_dimensions[r].height == 15 * 14 for r in range(2, 202))  # 14 lines


def test_history_adds_trend_and_changes(results: dict[str, Any]) -> None:
    history = {
        "runs": [{"when": "2024-04-01T10:00:00Z", "as_of": "2024-04-01", "documents": 8, "passed": 3, "failed": 4,
                  "errors": 1, "findings": 12},
                 {"when": "2024-05-01T10:00:00Z", "as_of": "2024-05-01", "documents": 9, "passed": 4, "failed": 3,
                  "errors": 1, "findings": 9}],
        "new": [{"fingerprint": "x" * 64, "rule_id": "timestamps.iso", "path": "en/2024/ok-story.md",
                 "severity": "info", "message": "Timestamp has no time zone."}],
        "fixed": [{"fingerprint": "y" * 64, "rule_id": "ru-fa.notice-present", "path": "news/old.txt",
                   "severity": "error", "message": "gone"}],
        "previous": "2024-04-01T10:00:00Z",
    }
    data = _render(results, history=history)
    wb = _load(data)
    rows = _rows(wb["Summary"])
    kv = {r[0]: r[1] for r in _table(rows, "Key figures")}
    assert kv["New since last run"] == 1 and kv["Fixed since last run"] == 1
    trend = _table(rows, "Trend (last runs)")
    assert [r[1] for r in trend[1:]] == [12, 9]
    assert [r[0] for r in _rows(wb["Changes"])[1:]] == ["new", "fixed"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3  # severity, rule, trend


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_libreoffice_opens_the_workbook_and_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    """A second spreadsheet program reads every sheet: the figures match the JSON, and text that
    looks like a formula comes back as that text, not as a computed value."""
    hostile = rf.document(
        "news/evil.html", "fail", format="html", title=rf.FORMULA_LINK, author=[rf.FORMULA_DDE],
        iso="2024-04-03",
        findings=[rf.finding("ru-fa.notice-exact", "error", "Notice altered.", outcome="altered",
                             evidence=rf.FORMULA_LINK, expected="=1+1", span=None)],
    )
    results = rf.make_results([hostile])
    book = tmp_path / "audit.xlsx"
    book.write_bytes(_render(results))
    out = tmp_path / "csv"
    proc = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    sheets = {p.stem.split("-", 1)[1]: list(csv.reader(p.open(encoding="utf-8"))) for p in out.glob("*.csv")}
    assert {"Summary", "Findings", "Articles", "Rules", "Errors"} <= set(sheets)
    figures = {r[0]: r[1] for r in sheets["Summary"] if len(r) > 1}
    s = results["summary"]
    assert (figures["Documents"], figures["Passed"], figures["Failed"]) == (
        str(s["documents"]), str(s["passed"]), str(s["failed"]))
    findings = sheets["Findings"]
    header = findings[0]
    row = next(r for r in findings[1:] if r[header.index("Document")] == "news/evil.html")
    assert row[header.index("Title")] == rf.FORMULA_LINK  # shown as typed: "y" would mean it ran
    assert row[header.index("Evidence")] == rf.FORMULA_LINK
    assert row[header.index("Expected")] == "=1+1"
    assert len(findings) - 1 == sum(len(d["findings"]) for d in results["documents"])


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler are not installed (.ci/run installs them)")
def test_libreoffice_prints_every_sheet_fitted_to_the_page_width(tmp_path: Path, results: dict[str, Any]) -> None:
    """Printed by LibreOffice, each sheet is one page across (its first and last header on every
    page of it) and the Findings text prints at 65 % or more (before: a fixed 60 %, the columns
    split over pages)."""
    book = tmp_path / "audit.xlsx"
    book.write_bytes(_render(results))
    proc = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "audit.pdf"
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", bbox, re.S)
    assert pages and all(float(w) > float(h) for w, h, _ in pages)  # landscape
    words = [[(m[4], float(m[0]), float(m[1]), float(m[3])) for m in
              re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
             for _w, _h, body in pages]
    sheet_of = []
    for ws in words:  # the footer: "<sheet> - page N of M"
        text = " ".join(w[0] for w in ws)
        sheet_of.append(next((name for name in ("Summary", "Findings", "Articles", "Rules", "Errors", "Waivers")
                              if re.search(rf"\b{name}\b.{{0,20}} - page \d+ of \d+", text)), None))
    assert None not in sheet_of, sheet_of
    last_header = {"Findings": "Fix", "Rules": "Unverified", "Errors": "Error"}
    for ws, sheet in zip(words, sheet_of, strict=True):
        names = {w[0] for w in ws}
        if sheet in last_header:  # each page carries the repeated header, all of it: nothing split off
            assert "Document" in names or "Rule" in names, sheet
            assert last_header[sheet] in names, (sheet, sorted(names)[:20])
    findings = words[sheet_of.index("Findings")]
    head = next(w for w in findings if w[0] == "Document")
    assert head[3] - head[2] >= 0.65 * 11, "the Findings header prints below 65 % of 11 pt"


def _linked_book(monkeypatch: pytest.MonkeyPatch, *, stock: bool) -> bytes:
    """20 linked rows over sheets of 8 (a small row limit) with at most 5 links a sheet (a small
    link limit), 3 distinct URLs: through the project's writer, or openpyxl's own (``stock``)."""
    from auditor.reporters import xlsx_book
    from auditor.reporters.xlsx_book import Book, Table

    monkeypatch.setattr(xlsx_book, "EXCEL_MAX_LINKS", 5)
    if stock:
        monkeypatch.setattr(xlsx_book, "install_link_writer", lambda ws: None)
    book = Book(9)
    table = Table(book, "Findings", [("Document", 10), ("Law", 30), ("Note", 10)])
    for i in range(20):
        ws = table.next_ws()
        table.append([f"doc-{i}", table.link(ws, f"law {i % 3}", f"https://law.example/ref/{i % 3}?a=1&b={i % 3}"),
                      book.link(ws, "=HYPERLINK(1)", None)])
    table.finish()
    out = io.BytesIO()
    book.wb.save(out)
    return out.getvalue()


def _links(data: bytes) -> dict[str, list[tuple[str, str, Any]]]:
    wb = _load(data)
    return {ws.title: [(c.coordinate, c.hyperlink.target, c.value) for row in ws.iter_rows() for c in row
                       if c.hyperlink is not None] for ws in wb.worksheets}


def test_hyperlinks_past_the_link_limit_read_back_as_with_openpyxl_own_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheet writer keeps one relationship per distinct URL (not one per link) and writes the
    <hyperlinks> element by element: the same links on the same cells as openpyxl's own writer."""
    ours, stock = _linked_book(monkeypatch, stock=False), _linked_book(monkeypatch, stock=True)
    links = _links(ours)
    assert links == _links(stock)
    assert list(links) == ["Findings", "Findings (2)", "Findings (3)"]
    assert [[ref for ref, _, _ in v] for v in links.values()] == [[f"B{r}" for r in range(2, 7)]] * 2 + [
        [f"B{r}" for r in range(2, 6)]]  # 5 links a sheet, the rest text only
    assert links["Findings (2)"][0] == ("B2", "https://law.example/ref/2?a=1&b=2", "law 2")  # row 10: i = 8
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert rels.count("<Relationship ") == 3


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_libreoffice_keeps_every_hyperlink_sharing_a_relationship(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """LibreOffice resolves each <hyperlink> of a relationship shared by several: saved again by it,
    the workbook has every link on the same cell with the same target."""
    book = tmp_path / "links.xlsx"
    book.write_bytes(_linked_book(monkeypatch, stock=False))
    out = tmp_path / "out"
    proc = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    expected = _links(book.read_bytes())
    assert sum(len(v) for v in expected.values()) == 14
    assert _links((out / "links.xlsx").read_bytes()) == expected
