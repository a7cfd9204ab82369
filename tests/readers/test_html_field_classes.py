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


# -- sources -------------------------------------------------------------------------------------------
def test_source_label_on_its_own_line_takes_the_next_line() -> None:
    doc = _read(_page(
        f"<article><h1>Ferry line to open in spring</h1><p>2024/3/5 14:07</p><p>Source</p>"
        f"<p>Harbour Evening Post, web edition</p>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.source == ["Harbour Evening Post, web edition"]


def test_source_label_after_the_timestamp_on_a_meta_line() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1>"
        f"<p class='info'>2024-03-05 14:07\u3000Source: Harbour Evening Post\u3000</p>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.source == ["Harbour Evening Post"]


def test_source_label_inside_running_text_is_not_a_source_line() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1><p class='date'>5 March 2024</p>"
        "<p>The mayor named the source: the harbour master's yearly report on crossings and fares.</p>"
        f"{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.source == []


def test_agency_or_outlet_before_the_date_on_the_date_line_is_the_source() -> None:
    for outlet in ("AFP", "HBN Harbour", "港湾新闻网"):
        doc = _read(_page(
            f"<article><h1>Ferry line to open in spring</h1><p class='date'>{outlet} 5 March 2024 14:07</p>"
            f"{BODY}</article>"
        ))  # fmt: skip
        assert doc.fields.source == [outlet], outlet


def test_person_before_the_date_is_the_author_not_a_source() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1><p class='date'>Anna Berk 5 March 2024 14:07</p>"
        f"{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.source == []
    assert doc.fields.author == ["Anna Berk"]


def test_programme_after_the_date_of_a_byline_line_is_the_source() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1>"
        f"<div class='byline'>By ANNA BERK March 5, 2024 2:07 PM Harbour Morning Show</div>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.author == ["ANNA BERK"]
    assert doc.fields.source == ["Harbour Morning Show"]
    assert doc.fields.published.raw == "March 5, 2024 2:07 PM"


def test_originally_appeared_in_other_languages_names_the_outlet_without_the_issue() -> None:
    cases = {
        "Dieser Beitrag stammt aus Ausgabe 3/2024 der Hafen Rundschau.": "Hafen Rundschau",
        "Cet article a été publié initialement dans Le Courrier du Port.": "Le Courrier du Port",
        "This story originally appeared in the May 2024 issue of Harbour Monthly.": "Harbour Monthly",
        "Материал впервые опубликован в «Портовых ведомостях».": "«Портовых ведомостях»",
    }
    for line, outlet in cases.items():
        doc = _read(_page(f"<article><h1>Ferry line to open in spring</h1>{BODY}<p>{line}</p></article>"))
        assert doc.fields.source == [outlet], line


def test_a_person_who_comes_from_a_town_is_no_source() -> None:
    doc = _read(_page(
        f"<article><h1>Ferry line to open in spring</h1>{BODY}"
        "<p>The new captain stammt aus Rostock, as the locals say, and sailed the line for ten years.</p>"
        "<p>Der Kapitän stammt aus Rostock und lebt heute in Kiel.</p></article>"
    ))  # fmt: skip
    assert doc.fields.source == []


def test_print_edition_credit_closing_the_article_is_the_source() -> None:
    doc = _read(_page(
        f"<article><h1>Ferry line to open in spring</h1>{BODY}<p>©HR vom 05.03.2024/abc</p></article>"
        "<footer><p>Copyright © 2024 Harbour Media Group. All rights reserved.</p></footer>"
    ))  # fmt: skip
    assert doc.fields.source == ["HR"]


# -- timestamps ----------------------------------------------------------------------------------------
def test_date_in_the_byline_beats_the_current_date_header() -> None:
    doc = _read(
        "<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'><title>Ferry</title></head><body>"
        "<div class='fecha-cabecera date'>martes, 12 marzo 2024 - 09:15 h</div>"
        "<article><h1>Ferry line to open in spring</h1>"
        f"<p class='autor'><strong>Ana Berk</strong> | Puerto Nuevo | 05/03/2024</p>{BODY}</article></body></html>"
    )  # fmt: skip
    assert doc.fields.published.raw == "05/03/2024"
    assert doc.fields.published.value == "2024-03-05"  # day first on a Spanish page


def test_first_published_beats_the_byline_update_time() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1>"
        f"<div class='byline'>by Anna Berk March 5, 2024: 6:40 PM ET</div>{BODY}"
        "<p class='cnnDateStamp'>Harbour Desk First published March 5, 2024: 9:12 AM ET</p></article>",
        head="<meta property='article:published_time' content='2024-03-05T09:12:00-05:00'>",
    ))  # fmt: skip
    assert doc.fields.published.raw == "First published March 5, 2024: 9:12 AM ET"


def test_relative_timestamp_is_found_and_flagged() -> None:
    for shown in ("Today, 17:40", "2 hours ago"):
        doc = _read(_page(
            f"<article><h1>Ferry line to open in spring</h1><p class='date'>{shown}</p>{BODY}</article>",
            head="<meta property='article:published_time' content='2024-03-05T17:40:00+02:00'>",
        ))  # fmt: skip
        assert doc.fields.published.raw == shown
        assert "relative" in doc.fields.published.flags


def test_aria_hidden_dateline_is_read_but_never_body() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1><p class='dateline' aria-hidden='true'>"
        "<time itemprop='datePublished' datetime='2024-03-05T14:07:00Z'>Tue 5 Mar 2024 <span>14.07 GMT</span></time>"
        f"</p>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.published.raw == "Tue 5 Mar 2024 14.07 GMT"
    assert "Tue 5 Mar" not in " ".join(doc.seg_text(s) for s in doc.segments_of("body"))


def test_inspect_json_gives_the_reason_for_each_html_field(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from auditor.cli import main

    page = tmp_path / "page.html"
    page.write_text(_page(
        "<article><h1>Ferry line to open in spring</h1><p class='byline'>By Anna Berk</p>"
        f"<p class='date'>AFP 5 March 2024 14:07</p>{BODY}</article>"
    ), encoding="utf-8")  # fmt: skip
    assert main(["inspect", str(page), "--format", "json"]) == 0
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    fields = doc["fields"]
    assert fields["author"] == ["Anna Berk"] and fields["source"] == ["AFP"]
    assert fields["reasons"]["author"] == ["attribution: the byline: a credited name by the headline or the date"]
    assert fields["reasons"]["source"] == ["body: the outlet printed on the date line"]
    assert fields["published"]["reason"].startswith("the visible date in <p date>")


def test_byline_element_with_the_writers_outlet_keeps_both() -> None:
    doc = _read(_page(
        "<article><h1>Ferry line to open in spring</h1>"
        f"<div class='byline'>Anna Berk, Northern Coast Media Group</div>{BODY}</article>"
    ))  # fmt: skip
    assert doc.fields.author == ["Anna Berk", "Northern Coast Media Group"]


def test_editors_initials_closing_the_article_are_the_author_an_agency_the_source() -> None:
    doc = _read(_page(f"<article><h1>Ferry line to open in spring</h1>{BODY}<p>Tickets go on sale in May. (abk)</p></article>"))
    assert doc.fields.author == ["(abk)"]
    doc = _read(_page(f"<article><h1>Ferry line to open in spring</h1>{BODY}<p>Tickets go on sale in May. (dpa)</p></article>"))
    assert doc.fields.author == [] and doc.fields.source == ["dpa"]
    doc = _read(_page(f"<article><h1>Ferry line to open in spring</h1>{BODY}<p>The timetable is online (pdf)</p></article>"))
    assert doc.fields.author == []
