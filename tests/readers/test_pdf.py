"""PDF reader: reading order, columns, chrome, typography, headline, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pdf_fixtures import (
    BODY,
    HEADLINE,
    NOTICE,
    Article,
    build_image_only_pdf,
    build_pdf,
    build_weasyprint_pdf,
    cli_ready,
    fonts_available,
    run_auditor,
)

from auditor.readers import ReaderOptions, ReadError, read_bytes
from auditor.readers import pdf as pdf_reader

pytestmark = pytest.mark.skipif(not fonts_available(), reason="DejaVu Sans not found by fontconfig")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read(data: bytes, name: str = "article.pdf"):
    docs = pdf_reader.read(data, name, ReaderOptions())
    assert len(docs) == 1
    return docs[0]


def kinds(doc) -> list[str]:
    return [s.kind for s in doc.segments]


def segment_with(doc, needle: str):
    hits = [s for s in doc.segments if needle in squash(doc.seg_text(s))]
    assert hits, f"no segment holds {needle!r}"
    return hits[0]


def test_compliant_article_text_order_sizes_and_boxes():
    doc = read(build_pdf(Article()))
    assert doc.format == "pdf"
    assert doc.body_style is not None and doc.body_style.font_size == 10.0
    head = segment_with(doc, HEADLINE)
    notice = segment_with(doc, "НАСТОЯЩИЙ МАТЕРИАЛ")
    assert head.kind == "headline" and head.style.font_size == 16.0
    assert notice.style.font_size == 22.0 and notice.style.bold is True and notice.style.upper is True
    assert notice.style.color == "#000000" and notice.style.background == "#ffffff"
    assert squash(doc.seg_text(notice)) == NOTICE
    assert doc.fields.title == HEADLINE
    # every body paragraph comes out whole and in the order it was written
    text = squash(doc.text)
    positions = [text.index(squash(p)) for p in BODY]
    assert positions == sorted(positions)
    assert text.index(HEADLINE) < text.index("НАСТОЯЩИЙ") < positions[0]
    # spans carry page and box: the notice box lies below the headline box on page 1
    span = doc.span(notice.start, notice.end)
    assert span.page == 1 and span.bbox is not None
    assert span.bbox[1] >= head.bbox[3] and span.bbox[2] > span.bbox[0]


def test_larger_notice_is_not_taken_for_the_headline():
    doc = read(build_pdf(Article(notice_size=30, headline_size=14)))
    assert squash(doc.seg_text(doc.segments_of("headline")[0])) == HEADLINE


def test_two_columns_read_left_column_first():
    body = [f"Абзац номер {i}: " + BODY[i % len(BODY)] for i in range(14)]
    doc = read(build_pdf(Article(columns=2, body=body)))
    text = squash(doc.text)
    positions = [text.find(f"Абзац номер {i}:") for i in range(14)]
    assert -1 not in positions
    assert positions == sorted(positions), "columns were interleaved"
    # the two columns really are side by side on page 1
    lefts = {round(s.bbox[0]) for s in doc.segments if s.page == 1 and "Абзац номер" in doc.seg_text(s)}
    assert len(lefts) == 2


def test_repeated_header_and_footer_are_chrome():
    art = Article(header="Кавказский узел — новости Кавказа", footer="Страница {page}", repeat_body=6)
    doc = read(build_pdf(art))
    assert doc.metadata["pages"] >= 2
    chrome = [squash(doc.seg_text(s)) for s in doc.segments_of("chrome")]
    assert chrome.count("Кавказский узел — новости Кавказа") == doc.metadata["pages"]
    assert {"Страница 1", "Страница 2"} <= set(chrome)
    for seg in doc.segments:
        if seg.kind != "chrome":
            assert "Страница" not in doc.seg_text(seg)
    # the headline is still found below the running header
    assert doc.fields.title == HEADLINE


def test_notice_on_page_two_keeps_its_page():
    doc = read(build_pdf(Article(notice_position="page2")))
    notice = segment_with(doc, "НАСТОЯЩИЙ МАТЕРИАЛ")
    assert notice.page == 2
    assert doc.span(notice.start + 3, notice.end).page == 2


def test_light_notice_colour_is_read():
    doc = read(build_pdf(Article(notice_color="#b0b0b0")))
    assert segment_with(doc, "НАСТОЯЩИЙ МАТЕРИАЛ").style.color == "#b0b0b0"


def test_same_input_same_document():
    data = build_pdf(Article(columns=2, header="Шапка", footer="Стр. {page}", repeat_body=3))
    a, b = read(data), read(data)
    assert a.text == b.text
    assert [(s.kind, s.start, s.end, s.bbox) for s in a.segments] == [
        (s.kind, s.start, s.end, s.bbox) for s in b.segments
    ]


@pytest.mark.parametrize(
    ("name", "notice_size", "notice_page"),
    [("lo_compliant.pdf", 22.0, 1), ("lo_notice_small.pdf", 14.0, 1), ("lo_notice_end.pdf", 22.0, 2)],
)
def test_libreoffice_fixtures(name: str, notice_size: float, notice_page: int):
    """PDFs from another producer (LibreOffice Writer) read the same way."""
    doc = read((FIXTURES / name).read_bytes(), name)
    assert doc.body_style.font_size == 10.0
    assert doc.fields.title == HEADLINE
    notice = segment_with(doc, "НАСТОЯЩИЙ МАТЕРИАЛ")
    assert notice.style.font_size == notice_size
    assert notice.page == notice_page
    assert squash(doc.seg_text(notice)) == NOTICE


def test_libreoffice_running_header_is_chrome():
    doc = read((FIXTURES / "lo_notice_end.pdf").read_bytes())
    assert [squash(doc.seg_text(s)) for s in doc.segments_of("chrome")].count("Кавказский узел") == 2


# -- errors ------------------------------------------------------------------------------------------
def test_encrypted_pdf_is_a_clear_error():
    with pytest.raises(ReadError, match="encrypted PDF"):
        read(build_pdf(Article(), encrypt="secret"))


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_pdf_is_an_error(keep: float):
    data = build_pdf(Article())
    with pytest.raises(ReadError, match="truncated"):
        read(data[: int(len(data) * keep)])


def test_corrupt_pdf_is_an_error():
    with pytest.raises(ReadError, match="corrupt PDF"):
        read(b"%PDF-1.4\n" + b"garbage " * 500 + b"\n%%EOF\n")


def test_not_a_pdf():
    with pytest.raises(ReadError, match="not a PDF"):
        read(b"<html><body>hello</body></html>")


def test_image_only_pdf_needs_ocr():
    with pytest.raises(ReadError, match="no text layer: needs OCR"):
        read(build_image_only_pdf())


def test_registry_routes_pdf_by_extension_and_magic():
    data = build_pdf(Article())
    assert read_bytes(data, "a.pdf", ReaderOptions())[0].format == "pdf"
    assert read_bytes(data, "-", ReaderOptions())[0].format == "pdf"


def test_weasyprint_css_columns():
    """A second producer: HTML with CSS columns rendered by WeasyPrint."""
    try:
        import weasyprint  # noqa: F401  (needs pango; a missing system library raises OSError)
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint unavailable: {exc}")
    body = [f"Абзац номер {i}: " + BODY[i % len(BODY)] for i in range(12)]
    doc = read(build_weasyprint_pdf(Article(columns=2, body=body, notice_size=21)))
    text = squash(doc.text)
    positions = [text.find(f"Абзац номер {i}:") for i in range(12)]
    assert -1 not in positions and positions == sorted(positions)
    assert doc.fields.title == HEADLINE
    notice = segment_with(doc, "НАСТОЯЩИЙ МАТЕРИАЛ")
    assert notice.style.font_size == 21.0 and doc.body_style.font_size == 10.0
    assert squash(doc.seg_text(notice)) == NOTICE


# -- end to end: `auditor check --rules caucasian-knot` and `auditor inspect` ----------------------------
needs_cli = pytest.mark.skipif(
    not cli_ready(), reason="CLI or the caucasian-knot pack with a typography rule not ready"
)
needs_pack = pytest.mark.skipif(
    not cli_ready(kind="notice.altered"), reason="CLI or the caucasian-knot pack not ready"
)


@needs_cli
@pytest.mark.parametrize(
    ("article", "code"),
    [
        (Article(), 0),
        (Article(notice_size=15), 1),  # below twice the body size
        (Article(notice_position="end"), 1),  # after the body
        (Article(notice_position="page2"), 1),
        (Article(columns=2, header="Кавказский узел", footer="Страница {page}", repeat_body=3), 0),
    ],
    ids=["compliant", "too-small", "at-end", "page-2", "two-columns-chrome"],
)
def test_cli_verdicts_on_generated_pdfs(tmp_path: Path, article: Article, code: int):
    (tmp_path / "article.pdf").write_bytes(build_pdf(article))
    res = run_auditor("check", "article.pdf", "--rules", "caucasian-knot", cwd=str(tmp_path))
    assert res.returncode == code, res.stdout + res.stderr


@needs_cli
@pytest.mark.parametrize(
    ("name", "code"), [("lo_compliant.pdf", 0), ("lo_notice_small.pdf", 1), ("lo_notice_end.pdf", 1)]
)
def test_cli_verdicts_on_libreoffice_pdfs(tmp_path: Path, name: str, code: int):
    (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    res = run_auditor("check", name, "--rules", "caucasian-knot", cwd=str(tmp_path))
    assert res.returncode == code, res.stdout + res.stderr


@needs_pack
def test_cli_folder_with_good_and_truncated_pdf(tmp_path: Path):
    good = build_pdf(Article())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-good.pdf").write_bytes(good)
    (tmp_path / "in" / "b-truncated.pdf").write_bytes(good[: len(good) // 2])
    res = run_auditor("check", "in", "--rules", "caucasian-knot", "--format", "json", cwd=str(tmp_path))
    data = json.loads(res.stdout)
    statuses = {Path(d["path"]).name: d["status"] for d in data["documents"]}
    assert statuses == {"a-good.pdf": "pass", "b-truncated.pdf": "error"}
    bad = [d for d in data["documents"] if d["status"] == "error"][0]
    assert "truncated" in bad["error"] and "b-truncated.pdf" in bad["error"]
    assert res.returncode != 0


@needs_pack
def test_cli_inspect_prints_page_box_and_size(tmp_path: Path):
    (tmp_path / "article.pdf").write_bytes(build_pdf(Article()))
    res = run_auditor(
        "inspect", "article.pdf", "--rules", "caucasian-knot", "--color", "never", cwd=str(tmp_path)
    )
    assert res.returncode == 0, res.stderr
    notice_line = next(ln for ln in res.stdout.splitlines() if ln.strip().startswith("notice "))
    assert "page 1" in notice_line and "bbox " in notice_line and "size 22" in notice_line
    head_line = next(ln for ln in res.stdout.splitlines() if ln.strip().startswith("headline "))
    assert "size 16" in head_line
