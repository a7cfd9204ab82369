"""HTML typography: sizes, weight, colours and case from <style> rules and style attributes, and the
typography rule verified on styled pages (through the command line) or listed as unverified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.model import Document, Style
from auditor.readers import ReaderOptions, read_bytes
from auditor.readers.html_css import specificity

MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ"]
RULE = "ru-foreign-agent/notice-typography"
NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)


def page(css: str = "", notice_attrs: str = 'class="agent-notice"', head: str = "", body_attrs: str = "",
         notice: str = NOTICE) -> str:  # fmt: skip
    style = f"<style>{css}</style>" if css else ""
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Суд продлил арест блогера</title>{head}{style}</head>
<body{body_attrs}>
<nav class="menu"><a href="/">Главная</a> <a href="/news">Все новости</a></nav>
<main><article>
<p class="date">18 июня 2025, 14:05</p>
<h1>Суд продлил арест блогера</h1>
<p {notice_attrs}>{notice}</p>
<div class="text">
<p>Советский районный суд Махачкалы продлил на два месяца арест местного блогера, обвиняемого в призывах
к экстремистской деятельности, сообщил корреспонденту адвокат.</p>
<p>Защита просила суд перевести блогера под домашний арест, ссылаясь на его здоровье, однако суд отказал.
Адвокат сообщил, что защита обжалует решение.</p>
</div>
<p class="byline">Автор: Тимур Исаев Источник: корреспондент</p>
</article></main>
</body></html>
"""


def read(html: str) -> Document:
    return read_bytes(html.encode("utf-8"), "page.html", ReaderOptions(notice_markers=MARKERS))[0]


def notice_style(doc: Document) -> Style | None:
    (seg,) = doc.segments_of("notice")
    return seg.style


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], html: str) -> dict:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    main(["check", str(path), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--format", "json",
          "--no-history", "--no-cache", "--jobs", "1"])  # fmt: skip
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    return doc


def typography(doc: dict) -> list[tuple[str, str]]:
    return [(f["outcome"], f["message"]) for f in doc["findings"] if f["rule_id"] == RULE]


# -- the rule through the command line ---------------------------------------------------------------
def test_notice_at_body_size_fails_the_size_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = check(tmp_path, capsys, page("body { font-size: 16px } .agent-notice { font-size: 16px }"))
    assert RULE not in doc["unverified"]
    ((outcome, message),) = typography(doc)
    assert outcome == "too-small"
    assert "16 px is 1.00× the body text (16 px)" in message
    (finding,) = [f for f in doc["findings"] if f["rule_id"] == RULE]
    # line 8 of the page source: the <p class="agent-notice"> line (HTML spans count source lines)
    assert finding["expected"] == "≥ 32 px" and finding["span"]["line"] == 8
    assert doc["status"] == "fail"


def test_notice_twice_the_body_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = check(tmp_path, capsys, page("body { font-size: 16px } .agent-notice { font-size: 32px }"))
    assert RULE not in doc["unverified"]
    assert typography(doc) == []
    assert doc["status"] == "pass", doc["findings"]


def test_light_grey_notice_fails_contrast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    css = "body { font-size: 16px; background: #fff; color: #222 } .agent-notice { font-size: 2em; color: #cccccc }"
    doc = check(tmp_path, capsys, page(css))
    ((outcome, message),) = typography(doc)
    assert outcome == "low-contrast"
    assert "#cccccc on #ffffff has contrast 1.61:1" in message


def test_page_without_css_is_unverified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = check(tmp_path, capsys, page())
    assert RULE in doc["unverified"]
    assert typography(doc) == []


def test_the_example_page_is_verified(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "10-page.html"
    doc = read_bytes(example.read_bytes(), "10-page.html", ReaderOptions(notice_markers=MARKERS))[0]
    assert doc.body_style is not None and doc.body_style.font_size == 16
    style = notice_style(doc)
    assert style is not None and style.font_size == 32 and style.bold is True


# -- what the reader computes -------------------------------------------------------------------------
def test_no_css_means_no_typography_at_all() -> None:
    doc = read(page())
    assert doc.body_style is None
    assert all(s.style is None for s in doc.segments)


def test_no_root_size_leaves_relative_sizes_unknown() -> None:
    # no size on html/body: 2em of nothing is unknown, a px size is still known
    doc = read(page(".agent-notice { font-size: 2em } .text p { color: #000 }"))
    assert notice_style(doc).font_size is None  # type: ignore[union-attr]
    assert doc.body_style is not None and doc.body_style.font_size is None
    doc = read(page(".agent-notice { font-size: 30px } .text p { font-size: 15px }"))
    assert notice_style(doc).font_size == 30  # type: ignore[union-attr]
    assert doc.body_style is not None and doc.body_style.font_size == 15


@pytest.mark.parametrize(
    ("css", "size"),
    [
        ("body { font-size: 12pt } .agent-notice { font-size: 24pt }", 32),  # 1pt = 4/3 px
        ("html { font-size: 20px } body { font-size: 0.8rem } .agent-notice { font-size: 2rem }", 40),
        ("body { font-size: 16px } article { font-size: 150% } .agent-notice { font-size: 2em }", 48),
        ("body { font-size: 100% } .agent-notice { font-size: xx-large }", 32),  # medium = 16 px is declared
        ("body { font-size: 16px } .agent-notice { font-size: larger }", 19.2),
        ("body { font-size: 16px } .agent-notice { font: bold 2em/1.2 'PT Serif', serif }", 32),
        ("body { font-size: 16px } .agent-notice { font-size: calc(1em + 10px) }", None),
        ("body { font-size: 16px } .agent-notice { font-size: 4vw }", None),
    ],
)
def test_units(css: str, size: float | None) -> None:
    assert notice_style(read(page(css))).font_size == size  # type: ignore[union-attr]


def test_body_size_is_the_most_common_size_of_body_paragraphs() -> None:
    css = "body { font-size: 16px } .text p:first-child { font-size: 15px } .byline { font-size: 12px }"
    doc = read(page(css).replace("<p>Защита", "<p>Защита " + "ещё текст " * 30))
    assert doc.body_style is not None and doc.body_style.font_size == 16


def test_cascade_specificity_order_important_and_inline() -> None:
    base = "body { font-size: 16px } "
    # #id beats .class beats type, whatever the order
    css = base + "#n { font-size: 40px } p.agent-notice { font-size: 30px } p { font-size: 20px }"
    assert notice_style(read(page(css, 'id="n" class="agent-notice"'))).font_size == 40  # type: ignore[union-attr]
    # equal specificity: the later rule wins; a comma list applies each selector
    css = base + ".agent-notice { font-size: 30px } h2, .agent-notice { font-size: 34px }"
    assert notice_style(read(page(css))).font_size == 34  # type: ignore[union-attr]
    # descendant combination
    css = base + "article .agent-notice { font-size: 36px } .agent-notice { font-size: 30px }"
    assert notice_style(read(page(css))).font_size == 36  # type: ignore[union-attr]
    # !important beats the more specific rule and the style attribute
    css = base + ".agent-notice { font-size: 33px !important } #n { font-size: 20px }"
    html = page(css, 'id="n" class="agent-notice" style="font-size: 21px"')
    assert notice_style(read(html)).font_size == 33  # type: ignore[union-attr]
    # the style attribute beats any rule without !important
    css = base + "#n.agent-notice { font-size: 20px }"
    assert notice_style(read(page(css, 'id="n" class="agent-notice" style="font-size: 35px"'))).font_size == 35  # type: ignore[union-attr]
    # rules for states and generated content do not apply to the text
    css = base + ".agent-notice { font-size: 32px } .agent-notice:hover { font-size: 10px }"
    assert notice_style(read(page(css))).font_size == 32  # type: ignore[union-attr]


def test_inheritance_and_colours_from_ancestors() -> None:
    css = (
        "body { font-size: 16px; background-color: rgb(250, 250, 250) } article { color: #333 }"
        " .agent-notice { font-size: 32px; text-transform: uppercase; font-weight: 700 }"
    )
    style = notice_style(read(page(css, notice='Настоящий материал (информация) произведен <b>и</b> распространен')))
    assert style == Style(font_size=32, bold=True, color="#333333", background="#fafafa", upper=True)


@pytest.mark.parametrize(
    ("decl", "colour"),
    [
        ("color: #abc", "#aabbcc"),
        ("color: rgb(255 0 0)", "#ff0000"),
        ("color: rgba(0, 128, 0, 1)", "#008000"),
        ("color: hsl(0, 0%, 80%)", "#cccccc"),
        ("color: navy", "#000080"),
        ("color: rgba(0, 0, 0, 0.5)", None),  # see-through text: unknown
        ("color: var(--notice)", None),
    ],
)
def test_colour_notations(decl: str, colour: str | None) -> None:
    style = notice_style(read(page(f"body {{ font-size: 16px }} .agent-notice {{ {decl} }}")))
    assert style is not None and style.color == colour


def test_background_image_makes_the_background_unknown() -> None:
    css = "body { font-size: 16px; color: #000 } article { background: url(paper.png) #fff }"
    style = notice_style(read(page(css)))
    assert style is not None and style.color == "#000000" and style.background is None
    css = "body { font-size: 16px; color: #fff } article { background: url(paper.png) } .agent-notice { background: #000 }"
    style = notice_style(read(page(css)))
    assert style is not None and style.background == "#000000"


def test_media_rules_for_screen_apply_and_for_print_or_sizes_do_not() -> None:
    css = (
        "body { font-size: 16px } @media screen { .agent-notice { font-size: 32px } }"
        " @media print { .agent-notice { font-size: 10px } }"
        " @media (max-width: 600px) { .agent-notice { font-size: 12px } }"
    )
    assert notice_style(read(page(css))).font_size == 32  # type: ignore[union-attr]
    doc = read(page(head='<style media="print">.agent-notice { font-size: 8px }</style>',
                    css="body { font-size: 16px } .agent-notice { font-size: 32px }"))  # fmt: skip
    assert notice_style(doc).font_size == 32  # type: ignore[union-attr]


def test_browser_sized_elements_are_unknown_unless_the_page_sizes_them() -> None:
    css = "body { font-size: 16px }"
    doc = read(page(css, notice="<small>" + NOTICE + "</small>"))
    assert notice_style(doc).font_size is None  # type: ignore[union-attr]
    doc = read(page(css + " small { font-size: 12px }", notice="<small>" + NOTICE + "</small>"))
    assert notice_style(doc).font_size == 12  # type: ignore[union-attr]
    (head,) = doc.segments_of("headline")
    assert head.style is not None and head.style.font_size is None and head.style.bold is True


def test_smallest_part_of_the_notice_counts() -> None:
    css = "body { font-size: 16px } .agent-notice { font-size: 32px } .agent-notice span { font-size: 14px }"
    notice = NOTICE.replace("ООО «МЕМО».", "<span>ООО «МЕМО».</span>")
    assert notice_style(read(page(css, notice=notice))).font_size == 14  # type: ignore[union-attr]


def test_external_stylesheets_leave_only_style_attributes() -> None:
    head = '<link rel="stylesheet" href="/site.css">'
    doc = read(page("body { font-size: 16px } .agent-notice { font-size: 32px }", head=head))
    assert notice_style(doc).font_size is None  # type: ignore[union-attr]
    assert doc.body_style is None
    doc = read(page("@import url(site.css); body { font-size: 16px }",
                    notice_attrs='class="agent-notice" style="font-size: 32px"'))  # fmt: skip
    assert notice_style(doc).font_size == 32  # type: ignore[union-attr]
    assert doc.body_style is None


def test_presentational_attributes() -> None:
    notice = f'<font size="6" color="#808080">{NOTICE}</font>'
    doc = read(page("body { font-size: 16px }", notice=notice, body_attrs=' bgcolor="#000000"'))
    style = notice_style(doc)
    assert style is not None and (style.font_size, style.color, style.background) == (32, "#808080", "#000000")


def test_bad_css_is_skipped_not_fatal() -> None:
    css = "body { font-size: 16px } .agent-notice { font-size: 32px; color: } p:unknown-thing { color: red } }}{"
    assert notice_style(read(page(css))).font_size == 32  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("selector", "spec"),
    [
        ("p", (0, 0, 1)),
        ("article p.lead", (0, 1, 2)),
        ("#main .text > p:first-child", (1, 2, 1)),
        ('a[href="#x.y"]', (0, 1, 1)),
        (":where(#a, .b) p", (0, 0, 1)),
        ("div:not(.x)", (0, 1, 1)),
    ],
)
def test_specificity(selector: str, spec: tuple[int, int, int]) -> None:
    assert specificity(selector) == spec


def test_text_transform_uppercase_counts_as_capitals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lower = NOTICE[:1] + NOTICE[1:].lower().replace("«мемо»", "«МЕМО»")
    css = "body { font-size: 16px } .agent-notice { font-size: 32px }"
    doc = check(tmp_path, capsys, page(css, notice=lower))
    assert [o for o, _ in typography(doc)] == ["not-upper"]
    doc = check(tmp_path, capsys, page(css + " .agent-notice { text-transform: uppercase }", notice=lower))
    assert typography(doc) == []


CSS_BITS = st.sampled_from(
    ["body", ".agent-notice", "#n", "p", ",", " ", ">", "{", "}", ";", ":", "!important", "font-size", "font",
     "color", "background", "background-color", "font-weight", "text-transform", "uppercase", "bold", "12px",
     "2em", "150%", "1.5rem", "-3px", "calc(1em+2px)", "var(--x)", "#abc", "#12345678", "rgb(1,2)", "rgba(0,0,0,.5)",
     "hsl(120deg 50% 50%)", "url(x.png)", "@media", "screen", "print", "(min-width:1px)", "@import", "'a'",
     "/", "inherit", "larger", "xx-large", "\\", "/*", "*/", "@font-face", "::before", ":hover", "[x=\"#y\"]"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(sheet=st.lists(CSS_BITS, max_size=40).map("".join), inline=st.lists(CSS_BITS, max_size=12).map("".join))
def test_any_css_reads_without_error(sheet: str, inline: str) -> None:
    html = page(sheet.replace("</", ""), f'id="n" class="agent-notice" style="{inline.replace(chr(34), "")}"')
    doc = read(html)
    for style in [s.style for s in doc.segments] + [doc.body_style]:
        if style is not None and style.font_size is not None:
            assert style.font_size >= 0
        for colour in (style.color, style.background) if style is not None else ():
            assert colour is None or (len(colour) == 7 and colour.startswith("#"))
