"""PDF report: read back with pdfplumber; figures, Cyrillic, embedded fonts, page numbers, contents."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import reports_fixtures as rf

from auditor.reporters import ReportLimits, ReportOptions, get_reporter

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("weasyprint")


def _render(results: dict[str, Any], **kw: Any) -> bytes:
    return get_reporter("pdf").render(results, ReportOptions(**kw))


@pytest.fixture(scope="module")
def pdf_bytes(results: dict[str, Any]) -> bytes:
    return _render(results)


@pytest.fixture(scope="module")
def pages(pdf_bytes: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [" ".join((p.extract_text() or "").split()) for p in pdf.pages]


def test_summary_figures_read_back(pdf_bytes: bytes, pages: list[str], results: dict[str, Any]) -> None:
    s = results["summary"]
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        tiles = rf.tile_values(pdf.pages[0])
    assert tiles == rf.expected_tiles(results, "50.0%")
    first = pages[0]
    for sev, n in s["findings_by_severity"].items():
        assert f"{sev} {n}" in first  # chart labels and values


def test_cyrillic_text_and_embedded_font(pdf_bytes: bytes, pages: list[str]) -> None:
    text = " ".join(pages)
    assert "Политика" in text and "Иван Петров" in text and "СОЗДAНО" in text
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars if "\u0400" <= c["text"] <= "\u04ff"}
        embedded = set()
        for page in pdf.pages:
            for font in resolve1(resolve1(page.page_obj.resources)["Font"]).values():
                font = resolve1(font)
                for desc in resolve1(font.get("DescendantFonts", [])):
                    descriptor = resolve1(resolve1(desc)["FontDescriptor"])
                    if any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")):
                        embedded.add(resolve1(font["BaseFont"]).name)
    assert fonts and fonts <= embedded  # every font that draws Cyrillic is embedded (as a subset)
    assert all("DejaVu" in f for f in fonts)


def test_page_numbers_and_contents(pages: list[str]) -> None:
    n = len(pages)
    assert n >= 2
    for i, text in enumerate(pages, 1):
        assert f"Page {i} of {n}" in text
    contents = pages[0]
    assert "Contents" in contents
    # sections and (for runs of 8+ documents) each article with findings, with the page it is on
    m = re.search(r"news/2024/lookalike\.txt[ .]*(\d+)", contents)
    assert m is not None
    target = int(m.group(1))
    assert "news/2024/lookalike.txt Fail" in pages[target - 1]


def test_escaped_hostile_text(pages: list[str]) -> None:
    text = " ".join(pages)
    assert "<script>alert('xss')</script>" in text  # printed as text


def test_deterministic(pdf_bytes: bytes, results: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _render(rf.make_results()) == pdf_bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = _render(results)
    assert again == _render(results)
    with pdfplumber.open(io.BytesIO(again)) as pdf:
        assert pdf.metadata["CreationDate"].startswith("D:20231114")  # follows SOURCE_DATE_EPOCH
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert pdf.metadata["CreationDate"].startswith("D:20240501")  # else the audit date, never the clock


def test_short_run_has_no_article_list_in_contents() -> None:
    small = rf.make_results(rf._documents()[:3])
    with pdfplumber.open(io.BytesIO(_render(small))) as pdf:
        first = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "Contents" in first and "Findings by article" in first
    assert "news/2024/lookalike.txt ." not in first


def test_long_run_is_capped_with_a_note() -> None:
    big = rf.many_results(12, 5)  # 60 findings in 12 articles
    data = _render(big, limits=ReportLimits(pdf_max_findings=20, pdf_max_articles=5))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "40 more findings are not printed" in text
    assert "7 more articles are listed in the XLSX and JSON reports" in text
    assert "news/000/a00003.txt" in text and "news/000/a00004.txt Fail" not in text  # 4 articles x 5 = 20 printed
