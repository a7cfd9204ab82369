"""[trust] Locations a person can find; one problem, one finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main

pytest.importorskip("docx")


def _docx(tmp_path: Path, **kw: object) -> Path:
    from pdf_fixtures import Article, build_docx

    p = tmp_path / "story.docx"
    p.write_bytes(build_docx(Article(**kw)))  # type: ignore[arg-type]
    return p


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv, "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
                 "--jobs", "1"])
    return code, capsys.readouterr().out


def test_docx_paragraph_counted_from_1_in_console_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # dateline (1), headline (2), 4 body paragraphs (3-6), 2 attribution lines (7-8), the notice last (9)
    path = _docx(tmp_path, notice_position="end")
    _, out = _run(capsys, str(path))
    assert "paragraph 9" in out
    assert "17:1" not in out  # before: the line of the extracted text, which no one can find in Word
    _, out = _run(capsys, str(path), "-f", "json")
    (f,) = [f for f in json.loads(out)["documents"][0]["findings"] if f["rule_id"].endswith("notice-placement")]
    assert f["span"]["paragraph"] == 9


def test_misplaced_docx_notice_is_one_finding_and_expected_says_where(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _docx(tmp_path, notice_position="end")
    _, out = _run(capsys, str(path), "-f", "json")
    doc = json.loads(out)["documents"][0]
    findings = [f for f in doc["findings"] if f["rule_id"].startswith("ru-foreign-agent/")]
    # before: notice-placement AND notice-typography ("The notice is not directly under the headline")
    assert [f["rule_id"] for f in findings] == ["ru-foreign-agent/notice-placement"]
    f = findings[0]
    assert f["expected"] != f["evidence"]  # before: expected repeated the notice found
    assert "directly under the headline" in f["expected"]
    assert "paragraph 3" in f["expected"]  # the notice must become paragraph 3, after the headline (2)


def test_pdf_location_is_a_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    from pdf_fixtures import Article, build_pdf, fonts_available

    if not fonts_available():
        pytest.skip("DejaVu fonts not installed (fc-match)")
    p = tmp_path / "story.pdf"
    p.write_bytes(build_pdf(Article(notice_position="end")))
    _, out = _run(capsys, str(p))
    line = next(ln for ln in out.splitlines() if "notice-placement" in ln)
    assert line.split()[:2] == ["page", "1"]  # before: "40:1, page 1" - a line of extracted text first


HTML = """<!DOCTYPE html><html lang="en"><head><title>Court extends arrest</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
<p class="date">01 April 2016, 19:37</p>
<h1>Court extends the arrest of a blogger</h1>
<div class="text"><p>The court extended the arrest by two months, the lawyer said.</p>
<p>НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО».</p>
<p>Author: Timur Isaev Source: CK correspondent</p></div>
</article></body></html>
"""


def test_html_finding_names_the_element_and_nearby_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    _, out = _run(capsys, str(p), "-f", "json")
    (f,) = [f for f in json.loads(out)["documents"][0]["findings"] if f["rule_id"].endswith("notice-placement")]
    sp = f["span"]
    assert sp["line"] == 7  # the page source line stays
    assert sp["element"] == "article > div.text > p:nth-of-type(2)"
    assert sp["near"].startswith("after “The court extended the arrest")
    _, out = _run(capsys, str(p))
    assert "article > div.text > p:nth-of-type(2)" in out and "after “The court extended the arrest" in out
