"""HTML field extraction by class of page layout (issue 12): made-up pages, one per class.

Each page is written for the test (no corpus text): the class it stands for is in the test name.
"""

from __future__ import annotations

from auditor.model import Document
from auditor.readers import ReaderOptions
from auditor.readers.html import read

BODY = (
    "<p>The harbour authority said on Tuesday that the new ferry line would start in the spring, "
    "with four crossings a day and a night boat at weekends.</p>"
    "<p>Fares will stay at last year's level until the end of the season, a spokeswoman added.</p>"
)


def _read(html: str) -> Document:
    return read(html.encode("utf-8"), "page.html", ReaderOptions())[0]


def _page(article: str, title: str = "Ferry line to open in spring", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>{article}"
        "<footer><p>Contact us</p></footer></body></html>"
    )


def test_share_heading_between_headline_and_body_does_not_end_the_article() -> None:
    doc = _read(_page(
        "<div id='main'><h1>Ferry line to open in spring</h1><p>HARBOURTOWN Tue Mar 5, 2024 2:07pm GMT</p>"
        "<div><p>Tweet</p><p>Share this</p></div>"
        "<div class='text'><p>HARBOURTOWN (Reuters) - The harbour authority said on Tuesday that the new "
        "ferry line would start in the spring, with four crossings a day.</p>"
        "<p>Fares will stay at last year's level until the end of the season, a spokeswoman said.</p></div></div>"
    ))  # fmt: skip
    body = " ".join(doc.seg_text(s) for s in doc.segments_of("body"))
    assert "Fares will stay" in body
    assert doc.fields.source == ["Reuters"]


def test_related_box_inside_the_article_column_is_chrome_only_to_its_end() -> None:
    doc = _read(_page(
        "<div id='col'><h1>Ferry line to open in spring</h1>"
        "<p>Photo 1 of 3. A ferry waits at the pier in the early morning light before the first crossing of the day.</p>"
        "<div class='box'><h3>Related News</h3><p>Bridge works delayed again</p><p>Tue, Mar 5 2024</p></div>"
        f"<div class='story'>{BODY}</div></div>"
    ))  # fmt: skip
    kinds = {doc.seg_text(s): s.kind for s in doc.segments}
    assert kinds["Bridge works delayed again"] == "chrome"
    assert kinds["Fares will stay at last year's level until the end of the season, a spokeswoman added."] == "body"


def test_closing_reporting_credit_names_the_reporters_not_the_editor() -> None:
    doc = _read(_page(
        f"<article><h1>Ferry line to open in spring</h1>{BODY}"
        "<p>(Reporting by Jane Doorn and Piet Kaal; Editing by Mark Oudt)</p></article>"
    ))  # fmt: skip
    assert doc.fields.author == ["Jane Doorn", "Piet Kaal"]


def test_wire_service_in_the_byline_slot_is_a_source_and_the_writer_the_author() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1><p>By: Coast News Wire</p>"
        f"<p>Posted at 2024-03-05T14:07:00-0700</p><p>By Anna Berk</p>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.author == ["Anna Berk"]
    assert doc.fields.source == ["Coast News Wire"]


def test_headline_is_the_h1_holding_the_page_title_not_the_site_logo() -> None:
    doc = _read(_page(
        "<header><h1>The Harbour Times</h1></header><div class='content'>"
        "<h1 class='headline'>Ferry line to open in spring</h1>"
        f"<p class='meta'>Anna Berk Mar 5 2024, 2:07 PM ET</p>{BODY}"
        "<div class='related-links'><h2>More in Travel</h2><p>Bridge works delayed again</p><p>By Tom Vries</p></div></div>",
        title="Ferry line to open in spring - The Harbour Times",
    ))  # fmt: skip
    assert doc.fields.title == "Ferry line to open in spring"
    assert doc.fields.author == ["Anna Berk"]
