"""HTML findings point at the line and column of the HTML source file (Document.source_map), not at
the extracted text: through the JSON results and `--format github`, with entities, inline tags,
indentation, CRLF, entity-encoded letters, text repeated in <head>/scripts/attributes, and a <title>
the parser moves into the body. Plain text and Markdown keep the lines of their own text."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.model import Document
from auditor.readers import ReaderOptions, read_bytes

MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ"]
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

# The 2022 form with one word dropped (ДЕЯТЕЛЬНОСТИ), so the notice-form rule reports it; the block
# holds entities, an inline tag and source line breaks with indentation.
PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Суд продлил арест блогера</title>
<meta property="og:title" content="Суд продлил арест блогера">
</head>
<body>
<main><article>
<p class="date">18 июня 2025, 14:05</p>
<h1>Суд продлил арест блогера</h1>
<p class="agent-notice">
    НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И <b>РАСПРОСТРАНЕН</b> ИНОСТРАННЫМ АГЕНТОМ ООО&nbsp;&laquo;МЕМО&raquo;,
    ЛИБО КАСАЕТСЯ ИНОСТРАННОГО АГЕНТА ООО «МЕМО».</p>
<p>Советский районный суд Махачкалы продлил на два месяца арест местного блогера.</p>
<p class="byline">Автор: Тимур Исаев</p>
</article></main>
</body></html>
"""


def read(html: str | bytes, name: str = "page.html") -> Document:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return read_bytes(data, name, ReaderOptions(notice_markers=MARKERS))[0]


def at(source: str, needle: str, after: str = "<body") -> tuple[int, int]:
    """1-based line and column of ``needle`` in the source, looked for after ``after``."""
    pos = source.index(needle, source.index(after))
    return source.count("\n", 0, pos) + 1, pos - source.rfind("\n", 0, pos)


def text_at(doc: Document, needle: str) -> tuple[int, int]:
    start = doc.text.index(needle)
    sp = doc.span(start, start + len(needle))
    assert sp.line is not None and sp.column is not None
    return sp.line, sp.column


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], html: str, fmt: str) -> str:
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("utf-8"))
    main(["check", str(path), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--format", fmt,
          "--no-history", "--no-cache", "--jobs", "1"])  # fmt: skip
    return capsys.readouterr().out


# -- through the command line -----------------------------------------------------------------------
def test_notice_finding_has_its_source_line_in_json_and_github(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    line, col = at(PAGE, "НАСТОЯЩИЙ")
    end_line, _ = at(PAGE, "«МЕМО».</p>")
    assert (line, col, end_line) == (13, 5, 14)  # the page as written above
    (doc,) = json.loads(check(tmp_path, capsys, PAGE, "json"))["documents"]
    (finding,) = [f for f in doc["findings"] if f["rule_id"] == "ru-foreign-agent/notice-form"]
    span = finding["span"]
    assert (span["line"], span["column"], span["end_line"]) == (line, col, end_line)
    # the end column is just after the closing full stop of the notice, in the source line
    assert span["end_column"] == at(PAGE, "».</p>")[1] + 2
    (notice,) = doc["notices"]
    assert notice["span"]["line"] == line
    out = check(tmp_path, capsys, PAGE, "github")
    (annotation,) = [x for x in out.splitlines() if "ru-foreign-agent/notice-form" in x]
    assert annotation.startswith("::error file=") and f",line={line},endLine={end_line}," in annotation


def test_message_lines_name_the_source_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Placement messages quote lines too ("the notice at line N"): the same source lines."""
    page = PAGE.replace('<p class="agent-notice">', "<p>Первый абзац текста статьи.</p>\n<p>", 1)
    (doc,) = json.loads(check(tmp_path, capsys, page, "json"))["documents"]
    placement = [f for f in doc["findings"] if f["rule_id"] == "ru-foreign-agent/notice-placement"]
    assert placement, doc["findings"]
    line = at(page, "НАСТОЯЩИЙ")[0]
    assert f"line {line}" in placement[0]["message"] and placement[0]["span"]["line"] == line
    assert f"(line {at(page, 'Суд продлил арест блогера</h1>')[0]})" in placement[0]["message"]


# -- the reader ---------------------------------------------------------------------------------------
def test_every_segment_starts_at_its_source_position() -> None:
    doc = read(PAGE)
    assert doc.source_map is not None
    want = {
        "dateline": at(PAGE, "18 июня"),
        "headline": at(PAGE, "Суд продлил арест блогера</h1>"),
        "notice": at(PAGE, "НАСТОЯЩИЙ"),
        "body": at(PAGE, "Советский"),
        "attribution": at(PAGE, "Автор:"),
    }
    got = {s.kind: doc.line_col(s.start) for s in doc.segments}
    assert got == want


def test_entities_and_inline_tags_inside_a_block_keep_columns() -> None:
    doc = read(PAGE)
    assert text_at(doc, "РАСПРОСТРАНЕН") == at(PAGE, "РАСПРОСТРАНЕН")
    assert text_at(doc, "ИНОСТРАННЫМ АГЕНТОМ") == at(PAGE, "ИНОСТРАННЫМ АГЕНТОМ")
    assert text_at(doc, "«МЕМО»,") == at(PAGE, "&laquo;МЕМО")  # « written as &laquo;
    assert text_at(doc, "МЕМО»,") == at(PAGE, "МЕМО&raquo;")
    assert text_at(doc, "ЛИБО") == at(PAGE, "ЛИБО")  # after a line break and indentation


def test_a_block_opening_with_entities_points_at_the_first_entity() -> None:
    page = PAGE.replace(
        "<p>Советский", "<p>&laquo;&nbsp;<i>Цитата</i>&raquo; &mdash;&nbsp;сказал адвокат.</p>\n<p>Советский", 1
    )
    doc = read(page)
    (quote,) = [s for s in doc.segments if doc.seg_text(s).startswith("«")]
    assert doc.line_col(quote.start) == at(page, "&laquo;&nbsp;<i>")
    assert text_at(doc, "Цитата") == at(page, "Цитата</i>")
    assert text_at(doc, "сказал") == at(page, "сказал")


def test_text_repeated_in_head_scripts_comments_and_attributes_is_not_taken() -> None:
    title = "Суд продлил арест блогера"
    page = PAGE.replace(
        "<main><article>",
        f'<script>window.page = {{"headline": "{title}", "notice": "НАСТОЯЩИЙ МАТЕРИАЛ"}};</script>\n'
        f"<!-- {title} -->\n"
        f'<a class="share" title="{title}" data-x="НАСТОЯЩИЙ МАТЕРИАЛ"></a>\n'
        f'<style>.x::after {{ content: "{title}" }}</style>\n'
        "<main><article>",
        1,
    )
    doc = read(page)
    (head,) = doc.segments_of("headline")
    (notice,) = doc.segments_of("notice")
    assert doc.line_col(head.start) == at(page, title + "</h1>")
    assert doc.line_col(notice.start) == at(page, "НАСТОЯЩИЙ МАТЕРИАЛ (")


def test_a_title_the_parser_moves_into_the_body_does_not_strand_the_rest() -> None:
    """An <iframe> in <head> ends the head early: the <title> after it becomes body text, which
    stands in the source before <body> (and its words again in the <h1>)."""
    page = PAGE.replace("<head>\n", '<head>\n<iframe src="https://example.com/tag"></iframe>\n', 1)
    doc = read(page)
    assert doc.text.startswith("Суд продлил арест блогера\n\n")  # the moved title comes first
    for kind, needle in (("headline", "Суд продлил арест блогера</h1>"), ("notice", "НАСТОЯЩИЙ"),
                         ("attribution", "Автор:")):  # fmt: skip
        (seg,) = doc.segments_of(kind)
        assert doc.line_col(seg.start) == at(page, needle), kind


def test_crlf_line_endings_count_lines_as_an_editor_does() -> None:
    page = PAGE.replace("\n", "\r\n")
    doc = read(page)
    for needle in ("НАСТОЯЩИЙ", "ЛИБО", "Советский", "Автор:"):
        assert text_at(doc, needle) == at(page, needle)


def test_letters_written_as_numeric_entities_still_map() -> None:
    encoded = "".join(c if c.isascii() else f"&#{ord(c)};" for c in "ЛИБО КАСАЕТСЯ ИНОСТРАННОГО")
    page = PAGE.replace("ЛИБО КАСАЕТСЯ ИНОСТРАННОГО", encoded, 1).replace(
        "<p>Советский районный", "<p>" + "".join(f"&#{ord(c)};" for c in "Советский") + " районный", 1
    )
    doc = read(page)
    assert text_at(doc, "ЛИБО КАСАЕТСЯ") == at(page, encoded[:20])
    (body,) = doc.segments_of("body")
    line, col = at(page, "<p>&#1057;")
    assert doc.line_col(body.start) == (line, col + 3)


def test_cp1251_page_maps_like_its_utf8_twin() -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">', 1)
    doc = read(page.replace("«", '"').replace("»", '"').encode("cp1251"))
    assert doc.encoding is not None and "1251" in doc.encoding
    assert text_at(doc, "ЛИБО") == at(page, "ЛИБО")


def test_spans_stay_offsets_into_the_extracted_text() -> None:
    doc = read(PAGE)
    start = doc.text.index("НАСТОЯЩИЙ")
    sp = doc.span(start, start + 9)
    assert (sp.start, sp.end) == (start, start + 9) and doc.text[sp.start : sp.end] == "НАСТОЯЩИЙ"
    assert (sp.end_line, sp.end_column) == (sp.line, (sp.column or 0) + 9)


def test_text_and_markdown_keep_the_lines_of_their_own_text() -> None:
    text = "Заголовок статьи о суде\n\nНАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН\n\nТекст статьи.\n"
    for name in ("a.txt", "a.md"):
        doc = read_bytes(text.encode("utf-8"), name, ReaderOptions(notice_markers=MARKERS))[0]
        assert doc.source_map is None
        assert text_at(doc, "НАСТОЯЩИЙ") == (3, 1) == at(text, "НАСТОЯЩИЙ", after="")


# -- property: generated pages -------------------------------------------------------------------------
WORDS = st.sampled_from(["суд", "Арест", "blogger", "ООО", "«МЕМО»", "2025", "AT&T", "x<y", "café", "—", "ёж"])
ENTITY = {"«": "&laquo;", "»": "&raquo;", "&": "&amp;", "<": "&lt;", "—": "&mdash;", "é": "&eacute;", "ё": "&#1105;"}
GAP = st.sampled_from([" ", "  ", "\n", "\n    ", "\t", " \n\t "])


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[tuple[str, tuple[int, int]]]]:
    """A page of paragraphs written with entities, inline tags and odd white space, and for each
    paragraph its first word as extracted with the source position of its first character."""
    out = ["<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body>\n<main><article>\n"]
    firsts: list[tuple[str, tuple[int, int]]] = []
    for _ in range(draw(st.integers(1, 6))):
        out.append("<p>" + draw(st.sampled_from(["", "\n  ", "<span>"])))
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        for i, word in enumerate(words):
            written = "".join(ENTITY[c] if c in ENTITY and draw(st.booleans()) else c for c in word)
            written = written.replace("<", "&lt;")
            if draw(st.integers(0, 4)) == 0:
                written = f"<b>{written}</b>"
            if i == 0:
                src = "".join(out)
                firsts.append((word, _line_col(src, len(src) + (3 if written.startswith("<b>") else 0))))
            out.append(written + (draw(GAP) if i < len(words) - 1 else ""))
        out.append("</p>" + draw(st.sampled_from(["\n", "\n\n", "", "\n  <!-- c -->\n"])))
    out.append("</article></main>\n</body></html>\n")
    return "".join(out), firsts


def _line_col(source: str, pos: int) -> tuple[int, int]:
    return source.count("\n", 0, pos) + 1, pos - source.rfind("\n", 0, pos)


@settings(max_examples=80, deadline=None)
@given(pages())
def test_generated_paragraphs_start_at_their_source_position(case: tuple[str, list]) -> None:
    page, firsts = case
    doc = read(page)
    blocks = [s for s in doc.segments if doc.seg_text(s).strip()]
    assert [doc.seg_text(s).split()[0] for s in blocks] == [unescape(w) for w, _ in firsts]
    assert [doc.line_col(s.start) for s in blocks] == [pos for _, pos in firsts]


# -- the development corpus -----------------------------------------------------------------------------
def _alnum(text: str, n: int = 4) -> str:
    return "".join(c for c in text if c.isalnum())[:n]


@pytest.mark.skipif(not (CORPUS / "articles").is_dir(), reason="no development corpus next to the repository")
def test_corpus_blocks_start_where_their_text_stands_in_the_page() -> None:
    """For every block the reader keeps from the 67 real pages, the source at the block's mapped
    position (tags and comments dropped, entities decoded) begins with the block's first letters."""
    exact = total = 0
    for path in sorted((CORPUS / "articles").glob("*.html")):
        doc = read(path.read_bytes(), path.name)
        sm = doc.source_map
        assert sm is not None
        lines = sm.source.count("\n") + 1
        for seg in doc.segments:
            if seg.kind == "chrome":
                continue
            pos = sm.source_offset(seg.start)
            after = unescape(re.sub(r"<!--.*?-->|<[^>]*>", "", sm.source[pos : pos + 3000], flags=re.S))
            total += 1
            exact += _alnum(after) == _alnum(doc.text[seg.start : seg.start + 80])
            line, _ = doc.line_col(seg.start)
            assert 1 <= line <= lines
    assert total > 2000
    assert exact / total >= 0.98, f"{exact}/{total}"
