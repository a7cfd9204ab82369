"""Issue 16, accounting: every input appears in every report with its status (checked, skipped with a
reason, error with a reason), over a mixed folder of good, odd and hostile inputs; count in ==
count out. A worker process that dies is reported for its inputs and the run goes on."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from hostile import ARTICLE, bomb_front_matter, deep_html, docx_bytes, many_page_pdf

from auditor.cli import main


def _mixed(folder: Path) -> set[str]:
    """The folder and the document paths (names) a run must account for."""
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Заголовок\n---\n\n" + ARTICLE, encoding="utf-8")
    (folder / "c.html").write_text(f"<html><body><h1>Заголовок</h1><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    (folder / "d.docx").write_bytes(docx_bytes(["Заголовок", ARTICLE]))
    (folder / "e.pdf").write_bytes(many_page_pdf(2))
    (folder / "f.xyz").write_text("unknown type", encoding="utf-8")  # skipped: unknown file type
    (folder / "g.txt").write_text("", encoding="utf-8")  # error: empty
    (folder / "h.md").write_text(bomb_front_matter(), encoding="utf-8")  # error: alias bomb
    (folder / "i.html").write_text(deep_html(5000), encoding="utf-8")  # error: nesting limit
    (folder / "j.txt").write_bytes(ARTICLE.encode("cp1251"))  # checked, with an encoding warning
    (folder / "k.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")  # error: truncated PDF
    (folder / "README.md").write_text("# about this folder\n", encoding="utf-8")  # skipped: project doc
    (folder / "export.json").write_text(json.dumps(
        [{"title": "Первая", "body": ARTICLE}, {"title": "Вторая", "body": ARTICLE}], ensure_ascii=False
    ), encoding="utf-8")  # fmt: skip  # one file, two documents
    os.symlink("/", folder / "root-link")  # skipped: outside the folder
    return {"a.txt", "b.md", "c.html", "d.docx", "e.pdf", "f.xyz", "g.txt", "h.md", "i.html", "j.txt", "k.pdf",
            "README.md", "export.json#1", "export.json#2", "root-link"}  # fmt: skip


def _name(path: str) -> str:
    return unquote(path).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], Path, int]:
    pytest.importorskip("openpyxl")
    pytest.importorskip("pdfplumber")
    tmp = tmp_path_factory.mktemp("accounting")
    expected = _mixed(tmp / "content")
    out = tmp / "out"
    code = main(["check", str(tmp / "content"), "-f", "json", "-f", "sarif", "-f", "junit", "-f", "xlsx", "-f", "html",
                 "--output-dir", str(out), "--no-cache", "--no-history", "-j", "1"])  # fmt: skip
    return expected, out, code


def test_json_accounts_for_every_input_with_a_status_and_reason(reports: tuple[set[str], Path, int]) -> None:
    expected, out, code = reports
    assert code == 1  # unreadable inputs fail the run
    docs = json.loads((out / "audit.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(_name(d["path"]) for d in docs) == sorted(expected)  # count in == count out
    by = {_name(d["path"]): d for d in docs}
    for name, d in by.items():
        assert d["status"] in ("pass", "fail", "error", "skipped"), name
        if d["status"] == "error":
            assert d["error"], name
        if d["status"] == "skipped":
            assert d["note"], name
    assert {n for n, d in by.items() if d["status"] == "error"} == {"g.txt", "h.md", "i.html", "k.pdf"}
    assert {n for n, d in by.items() if d["status"] == "skipped"} == {"f.xyz", "README.md", "root-link"}


def test_sarif_lists_every_input(reports: tuple[set[str], Path, int]) -> None:
    expected, out, _ = reports
    run = json.loads((out / "audit.sarif").read_text(encoding="utf-8"))["runs"][0]
    arts = [_name(a["location"]["uri"]) for a in run["artifacts"]]
    assert sorted(arts) == sorted(expected)
    assert all(a["properties"]["status"] for a in run["artifacts"])
    assert all(a["properties"].get("reason") for a in run["artifacts"] if a["properties"]["status"] in ("error", "skipped"))


def test_junit_has_every_input(reports: tuple[set[str], Path, int]) -> None:
    expected, out, _ = reports
    text = (out / "audit.junit.xml").read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed
    for name in expected:
        assert name in text, name


def test_xlsx_articles_sheet_has_every_input(reports: tuple[set[str], Path, int]) -> None:
    import openpyxl

    expected, out, _ = reports
    ws = openpyxl.load_workbook(out / "audit.xlsx", read_only=True)["Articles"]
    cells = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    for name in expected:
        assert name in cells, name
    with zipfile.ZipFile(out / "audit.xlsx") as zf:
        assert zf.testzip() is None


def test_html_report_has_every_input(reports: tuple[set[str], Path, int]) -> None:
    expected, out, _ = reports
    page = (out / "audit.html").read_text(encoding="utf-8")
    for name in expected:
        assert name in page, name


def test_a_dying_worker_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-file (out of memory, a crash in a C library) costs only its inputs."""
    folder = tmp_path / "content"
    folder.mkdir()
    for i in range(8):
        (folder / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    import multiprocessing

    from auditor import engine

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the worker inherits the patched check only when forked")
    real = engine.check_source

    def dies_on_a3(src, ruleset, opts):  # in the worker: as if killed by the OOM killer
        if src.path.endswith("a3.txt"):
            os._exit(137)
        return real(src, ruleset, opts)

    monkeypatch.setattr(engine, "check_source", dies_on_a3)
    out = tmp_path / "r.json"
    code = main(["check", str(folder), "-j", "2", "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    docs = {_name(d["path"]): d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert sorted(docs) == [f"a{i}.txt" for i in range(8)]
    assert docs["a3.txt"]["status"] == "error" and "worker" in docs["a3.txt"]["error"]
    assert code == 1
    others = [d for n, d in docs.items() if n != "a3.txt"]
    assert all(d["status"] in ("pass", "fail") or "worker" in (d.get("error") or "") for d in others)
    assert sum(d["status"] in ("pass", "fail") for d in others) >= 1  # the run went on
