"""The typography check on real PDF/DOCX readings and on hand-made documents."""

from __future__ import annotations

from datetime import date

import pytest
from pdf_fixtures import Article, build_docx, build_pdf, fonts_available
from pydantic import ValidationError

from auditor.checks import get_check_class
from auditor.checks.base import Context, RuleInfo
from auditor.checks.typography import Options, TypographyCheck, contrast_ratio
from auditor.model import Document, Notice, Segment, Style
from auditor.readers import ReaderOptions, read_bytes

CTX = Context(as_of=date(2025, 1, 1))
needs_fonts = pytest.mark.skipif(not fonts_available(), reason="DejaVu Sans not found by fontconfig")


def check(**options) -> TypographyCheck:
    rule = RuleInfo(
        id="ck.notice-typography", pack="caucasian-knot", pack_version="1", title="t", severity="error"
    )
    return TypographyCheck(rule, Options(**options))


def outcomes(doc: Document, **options) -> list[str]:
    return sorted(f.outcome for f in check(**options).run(doc, CTX))


def read(data: bytes, name: str) -> Document:
    return read_bytes(data, name, ReaderOptions())[0]


def both(article: Article) -> list[Document]:
    return [read(build_pdf(article), "a.pdf"), read(build_docx(article), "a.docx")]


def test_registered_kind():
    assert get_check_class("typography") is TypographyCheck


@needs_fonts
def test_compliant_notice_passes_in_pdf_and_docx():
    for doc in both(Article()):
        assert not check().unverifiable(doc)
        assert outcomes(doc) == [], doc.format


@needs_fonts
def test_notice_below_twice_the_body_size():
    for doc in both(Article(notice_size=15)):
        findings = list(check().run(doc, CTX))
        assert [f.outcome for f in findings] == ["too-small"], doc.format
        f = findings[0]
        assert "15 pt" in f.message and "10 pt" in f.message and f.expected == "≥ 20 pt"
        assert f.evidence.startswith("НАСТОЯЩИЙ МАТЕРИАЛ") and f.severity == "error"
    # exactly twice passes; a looser ratio lets 15 pt through
    assert outcomes(read(build_pdf(Article(notice_size=20)), "a.pdf")) == []
    assert outcomes(read(build_pdf(Article(notice_size=15)), "a.pdf"), min_ratio=1.5) == []


@needs_fonts
def test_notice_after_the_body_is_misplaced():
    for doc in both(Article(notice_position="end")):
        assert outcomes(doc) == ["misplaced"], doc.format
    assert outcomes(read(build_pdf(Article(notice_position="end")), "a.pdf"), under_headline=False) == []


@needs_fonts
def test_notice_on_page_two():
    doc = read(build_pdf(Article(notice_position="page2")), "a.pdf")
    findings = list(check().run(doc, CTX))
    messages = " | ".join(f.message for f in findings)
    assert "page 2" in messages and "directly under the headline" in messages
    assert all(f.span.page == 2 and f.span.bbox is not None for f in findings)


@needs_fonts
def test_light_notice_is_reported():
    for doc in both(Article(notice_color="#b5b5b5")):
        findings = list(check().run(doc, CTX))
        assert [f.outcome for f in findings] == ["low-contrast"], doc.format
        assert "#b5b5b5" in findings[0].message
    assert outcomes(read(build_pdf(Article(notice_color="#b5b5b5")), "a.pdf"), min_contrast=None) == []


@needs_fonts
def test_lower_case_notice_with_its_own_severity():
    art = Article(
        notice="Настоящий материал (информация) произведен и распространен иностранным агентом ООО «МЕМО»."
    )
    doc = read(build_docx(art), "a.docx")
    findings = list(check(upper_severity="warning").run(doc, CTX))
    assert [(f.outcome, f.severity) for f in findings] == [("not-upper", "warning")]
    # shown in capitals by formatting: fine
    assert outcomes(read(build_docx(art, notice_all_caps=True), "a.docx")) == []


@needs_fonts
def test_two_column_page_with_chrome_passes():
    art = Article(columns=2, header="Кавказский узел", footer="Страница {page}", repeat_body=3)
    assert outcomes(read(build_pdf(art), "a.pdf")) == []


# -- hand-made documents: unknowns are not guessed -------------------------------------------------
def styled_doc(notice_style: Style | None, body: Style | None, fmt: str = "html") -> Document:
    text = "Заголовок\n\nНАСТОЯЩИЙ МАТЕРИАЛ ПРОИЗВЕДЕН ИНОСТРАННЫМ АГЕНТОМ\n\nТекст статьи."
    n0 = text.index("НАСТОЯЩИЙ")
    n1 = text.index("\n\nТекст")
    segs = [
        Segment("headline", 0, 9),
        Segment("notice", n0, n1, style=notice_style),
        Segment("body", n1 + 2, len(text), style=body),
    ]
    doc = Document("a." + fmt, fmt, text, segs, body_style=body)
    doc.notices.append(Notice(text[n0:n1], "2022", doc.span(n0, n1), "notice"))
    return doc


def test_plain_text_is_unverifiable_not_failed():
    doc = styled_doc(None, None, fmt="text")
    assert check().unverifiable(doc)
    assert list(check().run(doc, CTX)) == []


def test_html_sizes_in_px_and_unknown_colour_skipped():
    doc = styled_doc(Style(font_size=16.0), Style(font_size=16.0))
    findings = list(check().run(doc, CTX))
    assert [f.outcome for f in findings] == ["too-small"]
    assert "16 px" in findings[0].message
    assert not check().unverifiable(doc)


def test_notice_style_unknown_is_unverifiable():
    doc = styled_doc(Style(color="#000000"), Style(font_size=16.0))
    assert check().unverifiable(doc)


def test_contrast_against_coloured_background():
    doc = styled_doc(Style(font_size=32.0, color="#ffffff", background="#ffff00"), Style(font_size=16.0))
    assert outcomes(doc) == ["low-contrast"]
    doc = styled_doc(Style(font_size=32.0, color="#ffffff", background="#000080"), Style(font_size=16.0))
    assert outcomes(doc) == []


def test_wcag_contrast_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") > 4.5


def test_unknown_sub_check_severity_is_rejected():
    with pytest.raises(ValidationError, match="unknown sub-check 'colour'"):
        Options(severities={"colour": "warning"})
    with pytest.raises(ValidationError):
        Options(min_size=3)  # unknown option
