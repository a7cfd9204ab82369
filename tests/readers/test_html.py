"""HTML reader: visible text, article apart from chrome, JSON-LD and meta tags, selectors, encodings."""

from __future__ import annotations

import pytest

from auditor.model import Document
from auditor.readers import ReaderOptions, ReadError, read_bytes

MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ"]

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Dam repairs delayed again | Example Daily</title>
<meta property="og:title" content="Dam repairs delayed again">
<meta property="og:site_name" content="Example Daily">
<meta name="author" content="Olga Petrova">
<meta name="description" content="Repairs of the dam are delayed.">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Example Daily"},
  {"@type": "NewsArticle", "headline": "Dam repairs delayed again",
   "datePublished": "2025-05-04T13:39:00+03:00",
   "author": [{"@type": "Person", "name": "Olga Petrova"}, "Ivan Sidorov"],
   "publisher": {"@type": "Organization", "name": "Example Daily"}}]}
</script>
<style>p { color: red }</style>
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">All news</a></nav>
<div class="today">Sunday, 11 May 2025</div></header>
<main>
<article>
<h1>Dam repairs delayed again</h1>
<div class="byline">By <a rel="author" href="/a/1">Olga Petrova</a> and <a rel="author" href="/a/2">Ivan Sidorov</a></div>
<p class="meta"><time datetime="2025-05-04T13:39:00+03:00">13:39, 4 May 2025</time></p>
<p>Repairs of the <b>river</b> dam have been delayed for the third time this year, the district administration
said on&nbsp;Friday.</p>
<p>The contractor blames late deliveries of steel.<script>document.write("SCRIPT TEXT")</script></p>
<p hidden>Hidden paragraph text.</p>
<p aria-hidden="true">Screen-reader-hidden text.</p>
<noscript>Enable scripts.</noscript>
<template><p>Template text.</p></template>
<div class="related"><h2>Related</h2><ul>
<li><span class="date">May 3, 2025 10:00</span> <a href="/b">By Someone Else: another story</a></li></ul></div>
</article>
</main>
<aside><h2>Most read</h2><p>Teaser about an unrelated event that happened yesterday evening.</p></aside>
<footer>© Example Daily</footer>
</body>
</html>
"""


def read_html(page: str | bytes, options: ReaderOptions | None = None) -> Document:
    data = page.encode("utf-8") if isinstance(page, str) else page
    return read_bytes(data, "page.html", options or ReaderOptions(notice_markers=MARKERS))[0]


def seg_texts(doc: Document, kind: str) -> list[str]:
    return [doc.seg_text(s) for s in doc.segments_of(kind)]


def test_visible_text_only() -> None:
    doc = read_html(PAGE)
    for invisible in ("SCRIPT TEXT", "Hidden paragraph", "Enable scripts", "Template text", "color: red"):
        assert invisible not in doc.text
    # aria-hidden keeps text from screen readers, not from the eye: shown, as chrome, never body
    assert "Screen-reader" in " ".join(seg_texts(doc, "chrome"))
    assert "Screen-reader" not in " ".join(seg_texts(doc, "body"))
    assert "Repairs of the river dam" in doc.text  # inline markup joins without gaps
    assert "on\u00a0Friday" in doc.text  # NBSP survives


def test_article_apart_from_chrome() -> None:
    doc = read_html(PAGE)
    assert seg_texts(doc, "headline") == ["Dam repairs delayed again"]
    body = " ".join(seg_texts(doc, "body"))
    assert "third time this year" in body and "late deliveries of steel" in body
    chrome = " ".join(seg_texts(doc, "chrome"))
    for text in ("Home", "Sunday, 11 May 2025", "Related", "May 3, 2025 10:00", "Teaser about", "© Example Daily"):
        assert text in chrome, text
        assert text not in body


def test_fields_from_visible_text() -> None:
    doc = read_html(PAGE, ReaderOptions(timezone="Europe/Moscow"))
    f = doc.fields
    assert f.title == "Dam repairs delayed again"
    assert f.author == ["Olga Petrova", "Ivan Sidorov"]
    assert all(doc.text[s.start : s.end] == n for n, s in zip(f.author, f.author_spans, strict=True))
    assert f.published.raw == "13:39, 4 May 2025"  # not the page header's current date
    assert f.published.source == "text"
    assert f.published.iso == "2025-05-04T13:39:00+03:00"
    assert (f.language, f.publisher) == ("en", "Example Daily")


def test_metadata_from_jsonld_and_meta() -> None:
    doc = read_html(PAGE)
    m = doc.metadata
    assert m["jsonld"]["@type"] == "NewsArticle"
    assert m["meta"]["og:site_name"] == "Example Daily"
    assert m["meta"]["description"] == "Repairs of the dam are delayed."
    assert m["title"] == "Dam repairs delayed again"
    assert m["author"] == ["Olga Petrova", "Ivan Sidorov"]
    assert m["published"] == "2025-05-04T13:39:00+03:00"
    assert (m["publisher"], m["language"]) == ("Example Daily", "en-GB")


def test_metadata_fills_in_when_the_page_shows_nothing() -> None:
    page = (
        '<html><head><meta property="og:title" content="Meta title here">'
        '<meta property="article:published_time" content="2025-01-02T03:04:05Z">'
        '<script type="application/ld+json">{"@type": "Article", "author": "Solo Writer"}</script>'
        "</head><body><p>Just one paragraph of text without any byline or date at all.</p></body></html>"
    )
    f = read_html(page).fields
    assert f.title == "Meta title here"
    assert f.author == ["Solo Writer"]
    assert f.author_spans[0].field == "author" and f.author_spans[0].line is None
    assert (f.published.raw, f.published.source, f.published.iso) == ("2025-01-02T03:04:05Z", "meta", "2025-01-02T03:04:05+00:00")


def test_notice_block_kept_and_quoted_marker_is_not_a_notice() -> None:
    notice = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ"
    page = PAGE.replace("<h1>Dam repairs delayed again</h1>", f"<h1>Dam repairs delayed again</h1><p>{notice}</p>")
    assert seg_texts(read_html(page), "notice") == [notice]
    quoted = PAGE.replace("the district administration", f"the district administration, quoting «{notice}»,")
    assert seg_texts(read_html(quoted), "notice") == []


def test_selectors_override_heuristics() -> None:
    page = (
        PAGE.replace('<p class="meta">', '<p class="meta"><span class="stamp">Posted 2 May 2025</span> ')
        .replace("</article>", '<p class="credit">Kremlin Wire</p><p class="warn">Custom warning block.</p></article>')
        .replace("<h1>", '<div class="house-title">House headline of the piece</div><h1>')
    )
    options = ReaderOptions(
        notice_markers=MARKERS,
        html_selectors={
            "date": ".stamp",
            "source": ".credit",
            "notice": ".warn",
            "chrome": "p.meta",
            "headline": ".house-title",
        },
    )
    doc = read_html(page, options)
    assert doc.fields.published.raw == "Posted 2 May 2025"
    assert doc.fields.source == ["Kremlin Wire"]
    assert seg_texts(doc, "notice") == ["Custom warning block."]
    assert doc.fields.title == "House headline of the piece"
    assert seg_texts(doc, "headline") == ["House headline of the piece"]
    assert "13:39, 4 May 2025" in " ".join(seg_texts(doc, "chrome"))  # inside the selected chrome


def test_bad_selector_is_a_read_error() -> None:
    with pytest.raises(ReadError, match=r"^page\.html: html_selectors\.date: bad CSS selector"):
        read_html(PAGE, ReaderOptions(html_selectors={"date": "p[["}))


def test_declared_cp1251_page() -> None:
    page = (
        '<html><head><meta charset="windows-1251"></head><body><article><h1>Суд продлил арест блогера</h1>'
        "<p>Автор: Тимур Исаев</p><p>Адвокат сообщил корреспонденту, что защита обжалует решение суда.</p>"
        "</article></body></html>"
    )
    doc = read_html(page.encode("cp1251"))
    assert doc.encoding == "cp1251"
    assert doc.fields.title == "Суд продлил арест блогера"
    assert doc.fields.author == ["Тимур Исаев"]


def test_binary_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="binary content"):
        read_html(b"<html>\x00\x00\x00\x01\x02")
