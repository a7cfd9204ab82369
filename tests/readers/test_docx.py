"""DOCX reader: paragraphs, styles, inherited run sizes, headline, spans, errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from pdf_fixtures import BODY, HEADLINE, NOTICE, Article, build_docx, cli_ready, run_auditor

from auditor.readers import ReaderOptions, ReadError, read_bytes
from auditor.readers import docx as docx_reader


def read(data: bytes):
    docs = docx_reader.read(data, "article.docx", ReaderOptions())
    assert len(docs) == 1
    return docs[0]


def notice_segment(doc):
    hits = [s for s in doc.segments if doc.seg_text(s).startswith("НАСТОЯЩИЙ")]
    assert len(hits) == 1
    return hits[0]


def test_paragraphs_styles_and_headline():
    doc = read(build_docx(Article()))
    assert doc.format == "docx"
    assert doc.fields.title == HEADLINE
    head = doc.segments_of("headline")[0]
    assert doc.seg_text(head) == HEADLINE and head.paragraph == 2 and head.style.font_size == 16.0
    notice = notice_segment(doc)
    assert doc.seg_text(notice) == NOTICE
    assert notice.paragraph == 3
    assert notice.style.font_size == 22.0 and notice.style.bold is True and notice.style.upper is True
    assert doc.body_style.font_size == 10.0
    # every body paragraph is its own segment, in order, with its paragraph index
    body = [s for s in doc.segments if doc.seg_text(s) in BODY]
    assert [doc.seg_text(s) for s in body] == BODY
    assert [s.paragraph for s in body] == [4, 5, 6, 7]  # counted from 1 (issue 17)


def test_sizes_inherited_from_styles():
    """Runs without a size of their own take it from the paragraph style chain."""
    doc = read(build_docx(Article(notice_size=12, headline_size=18), styles_only=True))
    assert notice_segment(doc).style.font_size == 12.0  # from the "Notice" style
    assert doc.segments_of("headline")[0].style.font_size == 18.0  # from "Title"
    assert doc.body_style.font_size == 10.0  # from "Normal"


def test_spans_map_to_paragraph_and_characters():
    doc = read(build_docx(Article()))
    notice = notice_segment(doc)
    start = doc.text.index("ИНОСТРАННЫМ АГЕНТОМ")
    span = doc.span(start, start + len("ИНОСТРАННЫМ АГЕНТОМ"))
    assert span.paragraph == 3  # counted from 1
    assert doc.text[span.start : span.end] == "ИНОСТРАННЫМ АГЕНТОМ"
    assert notice.start <= span.start < span.end <= notice.end


def test_colour_and_all_caps_formatting():
    lower = NOTICE.capitalize()
    doc = read(build_docx(Article(notice=lower, notice_color="#c0c0c0"), notice_all_caps=True))
    seg = [s for s in doc.segments if doc.seg_text(s) == lower][0]
    assert seg.style.color == "#c0c0c0"
    assert seg.style.upper is True  # shown in capitals by the "all caps" run property
    plain = read(build_docx(Article(notice=lower)))
    seg = [s for s in plain.segments if plain.seg_text(s) == lower][0]
    assert seg.style.upper is False


def test_header_and_footer_are_chrome():
    doc = read(build_docx(Article(header="Кавказский узел", footer="Страница {page}")))
    assert [doc.seg_text(s) for s in doc.segments_of("chrome")] == ["Кавказский узел", "Страница 1"]
    assert doc.fields.title == HEADLINE


def test_hidden_text_is_not_read():
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("Заголовок", style="Title")
    p = d.add_paragraph()
    p.add_run("Видимый текст. ")
    hidden = p.add_run("СКРЫТЫЙ ТЕКСТ")
    hidden.font.hidden = True
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue())
    assert "Видимый текст." in doc.text and "СКРЫТЫЙ" not in doc.text


def test_table_cells_are_read_in_order():
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("До таблицы")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Левая ячейка"
    table.cell(0, 1).text = "Правая ячейка"
    d.add_paragraph("После таблицы")
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue())
    order = [doc.seg_text(s) for s in doc.segments]
    assert order == ["До таблицы", "Левая ячейка", "Правая ячейка", "После таблицы"]
    assert [s.paragraph for s in doc.segments] == [1, 2, 3, 4]  # counted from 1 (issue 17)


def test_same_input_same_document():
    data = build_docx(Article())
    a, b = read(data), read(data)
    assert a.text == b.text and [(s.kind, s.start, s.style) for s in a.segments] == [
        (s.kind, s.start, s.style) for s in b.segments
    ]


# -- errors ----------------------------------------------------------------------------------------
def test_truncated_docx():
    data = build_docx(Article())
    with pytest.raises(ReadError, match="DOCX"):
        read(data[: len(data) // 2])


def test_zip_without_document_part():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="no word/document.xml"):
        read(buf.getvalue())


def test_encrypted_or_legacy_container():
    with pytest.raises(ReadError, match="OLE container"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_registry_routes_docx():
    assert read_bytes(build_docx(Article()), "a.docx", ReaderOptions())[0].format == "docx"


# -- end to end ----------------------------------------------------------------------------------------
needs_cli = pytest.mark.skipif(
    not cli_ready(), reason="CLI or the caucasian-knot pack with a typography rule not ready"
)


@needs_cli
@pytest.mark.parametrize(
    ("article", "code"),
    [(Article(), 0), (Article(notice_size=15), 1), (Article(notice_position="end"), 1)],
    ids=["compliant", "too-small", "at-end"],
)
def test_cli_verdicts_on_docx(tmp_path, article: Article, code: int):
    (tmp_path / "article.docx").write_bytes(build_docx(article))
    res = run_auditor("check", "article.docx", "--rules", "caucasian-knot", cwd=str(tmp_path))
    assert res.returncode == code, res.stdout + res.stderr
