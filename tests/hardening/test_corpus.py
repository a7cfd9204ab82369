"""Issue 16, Build 1 and 3: the rest of the hostile corpus in one folder (duplicate keys, a 100 MB
file, encrypted and corrupt PDFs, a pipe, an unreadable file, a broken link, NUL bytes, file names
with shell metacharacters, spreadsheet formula starts, escapes, RTL and combining marks, `../../`
ids in an export, `<script>`), run once into every report format: nothing crashes, nothing is
written outside the output folder, and every input is accounted for in the console, JSON, SARIF,
JUnit, XLSX, HTML, PDF and Markdown reports (count in == count out)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hostile import ARTICLE, docx_bytes

from auditor.cli import main

FORMULA_NAME = '=HYPERLINK("http:evil","x").txt'
ESCAPES_NAME = "new\nline\x1b[2J\u202e\u0301.txt"
EXPECTED = {  # name -> status (names as the reports show them, the folder prefix aside)
    "a.txt": "pass",
    "$(touch pwned);&|`x`.txt": "pass",
    FORMULA_NAME: "pass",
    "+1.txt": "pass",
    "-1.txt": "pass",
    "@SUM(1).txt": "pass",
    ESCAPES_NAME: "pass",
    "dup.md": "error",
    "huge.txt": "error",
    "nul.txt": "error",
    "corrupt.pdf": "error",
    "encrypted.docx": "error",
    "locked.txt": "error",
    "broken.txt": "skipped",
    "pipe.txt": "skipped",
    "script.html": "pass",
    "export.json#../../evil": "pass",
    "export.json#/etc/passwd": "pass",
}


def _build(folder: Path) -> None:
    folder.mkdir()
    for name, status in EXPECTED.items():
        if status == "pass" and "#" not in name and name.endswith(".txt"):
            (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "dup.md").write_text("---\ntitle: Один\ntitle: Два\n---\n\n" + ARTICLE, encoding="utf-8")
    with open(folder / "huge.txt", "wb") as fh:  # 100 MB, sparse: costs no disk
        fh.truncate(100 * 1024 * 1024)
    (folder / "nul.txt").write_bytes(b"\x00" * 4096)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    # a DOCX (zip) that is really an encrypted OLE container, as Word writes a password-protected file
    (folder / "encrypted.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    (folder / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "locked.txt").chmod(0)
    os.symlink("nowhere.txt", folder / "broken.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "script.html").write_text(
        "<html><head><title>x</title></head><body><h1>&lt;script&gt;alert(1)&lt;/script&gt; Заголовок</h1>"
        f"<p>{ARTICLE}</p></body></html>", encoding="utf-8")  # fmt: skip
    records = [{"id": "../../evil", "title": "=HYPERLINK(\"http://x\",\"y\")", "body": ARTICLE},
               {"id": "/etc/passwd", "title": "@SUM(1)", "body": ARTICLE}]  # fmt: skip
    (folder / "export.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert docx_bytes(["x"])  # the builder works (the valid DOCX case is in test_accounting.py)


def _name(path: str) -> str:
    return path.split("/", 1)[1] if path.startswith("content/") else path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    for lib in ("openpyxl", "pdfplumber", "weasyprint"):
        pytest.importorskip(lib)
    tmp = tmp_path_factory.mktemp("corpus")
    _build(tmp / "content")
    if os.geteuid() == 0:  # root reads a mode-000 file: make its read fail as it would for anyone else
        import auditor.engine as engine

        real = engine.read_capped

        def denied(path: str, limit: int) -> bytes:
            if path.endswith("locked.txt"):
                raise PermissionError(13, "Permission denied")
            return real(path, limit)

        mp = pytest.MonkeyPatch()
        mp.setattr(engine, "read_capped", denied)
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        import contextlib
        import io

        console = io.StringIO()
        with contextlib.redirect_stdout(console):
            code = main(["check", "content", "--no-cache", "--no-history", "-j", "1", "--color", "never"])
        formats = ["json", "sarif", "junit", "xlsx", "html", "markdown", "pdf"]
        code2 = main(["check", "content", "--no-cache", "--no-history", "-j", "1", "--output-dir", "out",
                      *[a for f in formats for a in ("-f", f)]])  # fmt: skip
    finally:
        os.chdir(cwd)
        if os.geteuid() == 0:
            mp.undo()
    return {"tmp": tmp, "out": tmp / "out", "console": console.getvalue(), "codes": (code, code2)}


def test_the_run_goes_on_and_writes_nothing_outside_its_output(run: dict[str, Any]) -> None:
    assert run["codes"] == (1, 1)  # unreadable inputs fail the run; nothing crashed
    tmp: Path = run["tmp"]
    made = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*")}
    assert {m for m in made if not m.startswith(("content", "out"))} == set()
    assert not (tmp / "pwned").exists() and not (tmp.parent / "evil").exists()


def test_json_statuses_and_reasons(run: dict[str, Any]) -> None:
    docs = json.loads((run["out"] / "audit.json").read_text(encoding="utf-8"))["documents"]
    got = {_name(d["path"]): d for d in docs}
    assert len(docs) == len(EXPECTED) and {n: d["status"] for n, d in got.items()} == EXPECTED
    assert "duplicate key" in got["dup.md"]["error"]
    assert "larger than the 64 MB limit" in got["huge.txt"]["error"]
    assert "corrupt PDF" in got["corrupt.pdf"]["error"]
    assert "encrypted" in got["encrypted.docx"]["error"].lower()
    assert "cannot read" in got["locked.txt"]["error"]
    assert "broken symbolic link" in got["broken.txt"]["note"] and "not a regular file" in got["pipe.txt"]["note"]


def test_console_has_one_line_per_input_and_no_raw_controls(run: dict[str, Any]) -> None:
    text: str = run["console"]
    lines = [ln for ln in text.splitlines() if re.match(r"^(PASS|FAIL|ERROR|SKIP) ", ln) and " documents: " not in ln]
    assert len(lines) == len(EXPECTED)
    assert f"{len(EXPECTED)} documents:" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "content/new\\nline\\x1b[2J\\u202e\\u0301.txt" in text


def test_sarif_and_junit_count_every_input(run: dict[str, Any]) -> None:
    sarif = json.loads((run["out"] / "audit.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert len(sarif["artifacts"]) == len(EXPECTED)
    root = ET.fromstring((run["out"] / "audit.junit.xml").read_text(encoding="utf-8"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(EXPECTED) and root.get("tests") == str(len(EXPECTED))


def test_xlsx_has_every_input_and_no_formula(run: dict[str, Any]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(run["out"] / "audit.xlsx")
    rows = [r for r in wb["Articles"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(rows) == len(EXPECTED)
    assert {_name(str(r[0])) for r in rows} >= {FORMULA_NAME, "+1.txt", "-1.txt", "@SUM(1).txt"}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row), ws.title


def test_html_has_every_input_and_no_script(run: dict[str, Any]) -> None:
    page = (run["out"] / "audit.html").read_text(encoding="utf-8")
    assert page.count('<td class="status ') == len(EXPECTED)
    assert "<script>alert(1)" not in page


def test_markdown_counts_every_input(run: dict[str, Any]) -> None:
    text = (run["out"] / "audit.md").read_text(encoding="utf-8")
    m = re.search(r"^\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", text, re.MULTILINE)
    assert m is not None
    total, *parts = (int(g) for g in m.groups())
    assert total == sum(parts) == len(EXPECTED)
    listed = [n for n, s in EXPECTED.items() if s in ("error", "skipped")]  # passing ones are only counted
    for name in listed:
        assert name.replace("_", "\\_") in text, name
    assert "<script>alert(1)" not in text


def test_pdf_report_names_every_input(run: dict[str, Any]) -> None:
    import pdfplumber

    with pdfplumber.open(run["out"] / "audit.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = text.replace("\n", "")
    for name in EXPECTED:
        if name != ESCAPES_NAME:
            assert name in flat, name
