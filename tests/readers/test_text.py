"""Plain-text reader and the shared layout classifier: the seed layout and looser page texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.model import Document
from auditor.readers import ReaderOptions, ReadError, read_bytes
from auditor.readers.layout import Block, classify

ROOT = Path(__file__).resolve().parents[2]
SEED_EXAMPLE = ROOT / "examples" / "01-seed-notice-after-article.txt"
SHARED_SEED = ROOT / ".." / "shared" / "seeds" / "000_feed944fbaa189ef.txt"
MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ"]
NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «РОГА», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «РОГА»."
)


def opts(**kw: object) -> ReaderOptions:
    return ReaderOptions(notice_markers=list(MARKERS), **kw)  # type: ignore[arg-type]


def read_text(text: str | bytes, options: ReaderOptions | None = None, path: str = "a.txt") -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    docs = read_bytes(data, path, options or opts())
    assert len(docs) == 1
    return docs[0]


def kinds_by_line(doc: Document) -> dict[int, str]:
    return {doc.line_col(s.start)[0]: s.kind for s in doc.segments}


@pytest.mark.parametrize("path", [SEED_EXAMPLE, SHARED_SEED], ids=["example", "shared-seed"])
def test_seed_layout(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path.name} not present")
    doc = read_text(path.read_bytes(), opts(date_formats=["%d %B %Y, %H:%M"], timezone="Europe/Moscow"), str(path))
    lines = kinds_by_line(doc)
    assert lines[1] == "dateline"
    assert lines[3] == "headline"
    assert lines[5] == "body"
    assert lines[19] == "attribution"
    assert lines[21] == "chrome"  # "All news"
    assert lines[22] == "notice"  # the material's notice, badly placed, still its own segment
    notice = doc.segments_of("notice")[0]
    assert doc.seg_text(notice).startswith("НАСТОЯЩИЙ МАТЕРИАЛ") and "\n" not in doc.seg_text(notice)
    # sidebar dates and teasers are chrome, never the article's date
    for line in (24, 26, 28, 30, 32, 34, 36, 38):
        assert lines[line] == "chrome", line
    f = doc.fields
    assert f.title == "Ismayilova calls on US authorities to help in liberating Azerbaijani political prisoners"
    assert f.author == ["Faik Medzhid"]
    assert f.source == ["CK correspondent"]
    assert f.published.raw == "01 April 2016, 19:37"
    assert f.published.iso == "2016-04-01T19:37:00+03:00"
    assert f.published.span is not None and (f.published.span.line, f.published.span.column) == (1, 1)
    assert [(s.line, s.column) for s in f.author_spans] == [(19, 9)]
    assert [(s.line, s.column) for s in f.source_spans] == [(19, 30)]
    assert doc.text == path.read_text(encoding="utf-8")  # the decoded file, exactly


def test_seed_without_house_format_or_zone_has_no_iso() -> None:
    doc = read_text(SEED_EXAMPLE.read_bytes())
    assert doc.fields.published.raw == "01 April 2016, 19:37"
    assert doc.fields.published.iso is None  # naive time and no zone configured


LOOSE = """Court extends the arrest of a blogger in Makhachkala

By Timur Isaev and Amina Daurova
Published: 2025-06-18T14:05:00+03:00

{notice}

The Sovetsky District Court has extended the arrest of a local blogger by two months, his lawyer said.
The defence will appeal, the lawyer added.

Read also

Rally in Vladikavkaz ends without detentions
"""


def test_headline_first_then_byline_and_published_line() -> None:
    doc = read_text(LOOSE.format(notice=NOTICE))
    lines = kinds_by_line(doc)
    assert lines[1] == "headline"
    assert lines[3] == "attribution"
    assert lines[4] == "dateline"
    assert lines[6] == "notice"  # directly under the headline block
    assert lines[8] == "body"
    assert lines[11] == "chrome" and lines[13] == "chrome"
    assert doc.fields.author == ["Timur Isaev", "Amina Daurova"]
    assert doc.fields.published.raw == "2025-06-18T14:05:00+03:00"  # the label "Published:" is not the date
    assert doc.fields.published.iso == "2025-06-18T14:05:00+03:00"


def test_date_after_headline_and_no_dateline_at_all() -> None:
    doc = read_text("A headline of five words\n\n4 May 2025, 13:39\n\nBody text of the article goes here.\n")
    assert kinds_by_line(doc) == {1: "headline", 3: "dateline", 5: "body"}
    doc = read_text("A headline of five words\n\nBody text, and nothing else.\n\nAuthor:\n")
    assert doc.fields.published.raw is None
    assert "dateline" not in kinds_by_line(doc).values()
    assert doc.fields.author == []  # an empty label is no author (the results schema forbids "")


def test_placeholder_author_kept_raw() -> None:
    doc = read_text("Headline words are here\n\nBody.\n\nAuthor: TBD Source: N/A\n")
    assert doc.fields.author == ["TBD"]
    assert doc.fields.source == ["N/A"]


def test_marker_inside_a_paragraph_is_not_a_notice() -> None:
    text = (
        "Headline about the law on labels\n\nThe law requires every such item to open with the words "
        f"{NOTICE[:60]} and the rest of the statutory text, a lawyer explained.\n"
    )
    doc = read_text(text)
    assert doc.segments_of("notice") == []


def test_markers_match_after_normalising_case_spaces_quotes_and_lookalikes() -> None:
    # Latin M and A inside the Cyrillic word, NBSP between words, lower case
    variant = "настоящий\u00a0MАТЕРИАЛ (информация) произведен иностранным агентом"
    doc = read_text(f"Headline for this test piece\n\n{variant}\n\nBody of the article.\n")
    assert [doc.seg_text(s) for s in doc.segments_of("notice")] == [variant]


def test_without_markers_an_all_caps_cyrillic_block_is_a_notice() -> None:
    doc = read_text(f"Headline for this test piece\n\nBody of the article.\n\n{NOTICE}\n", ReaderOptions())
    assert len(doc.segments_of("notice")) == 1


def test_hard_wrapped_paragraph_stays_one_block() -> None:
    para = (
        "About forty traders gathered on Tuesday morning outside the city administration in\n"
        "Nalchik to protest against the planned demolition of the Zarechny market, where many\n"
        "of them have worked for more than twenty years."
    )
    doc = read_text(f"Traders protest in Nalchik today\n\n{para}\n")
    assert [s.kind for s in doc.segments] == ["headline", "body"]
    assert doc.seg_text(doc.segments[1]) == para


def test_footnote_after_body() -> None:
    doc = read_text("Headline for this test piece\n\nBody mentions an organisation*.\n\n* — признана нежелательной\n")
    assert [s.kind for s in doc.segments] == ["headline", "body", "footnote"]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_single_byte_cyrillic(encoding: str) -> None:
    text = "Суд продлил арест блогера в Махачкале\n\nАдвокат сообщил корреспонденту, что защита обжалует решение суда.\n\nАвтор: Тимур Исаев\n"
    doc = read_text(text.encode(encoding))
    assert doc.text == text
    assert doc.encoding == {"cp1251": "cp1251", "koi8_r": "koi8-r"}[encoding]
    assert doc.fields.author == ["Тимур Исаев"]
    assert doc.fields.language == "ru"


def test_utf8_bom_is_dropped_and_lines_still_match() -> None:
    doc = read_text(b"\xef\xbb\xbf01 April 2016, 19:37\n\nHeadline of the bom piece\n")
    assert doc.encoding == "utf-8-sig"
    assert doc.text.startswith("01 April")
    assert doc.fields.published.span is not None and doc.fields.published.span.column == 1


def test_nbsp_and_soft_hyphen_survive() -> None:
    text = "Headline with no\u00a0break here\n\nBody with a soft\u00adhyphen inside.\n"
    doc = read_text(text)
    assert doc.text == text
    assert doc.fields.title == "Headline with no\u00a0break here"


def test_binary_input_is_a_read_error() -> None:
    with pytest.raises(ReadError, match=r"^x\.txt: binary content"):
        read_text(b"\x00\x01\x02PK\x00\x00garbage", path="x.txt")


def test_classify_honours_hints_and_metadata_kind() -> None:
    text = "meta\n\nHeadline text\n\nBody"
    blocks = [Block(0, 4, hint="metadata"), Block(6, 19, hint="lead"), Block(21, 25)]
    segs = classify(text, blocks, ReaderOptions())
    assert [s.kind for s in segs] == ["metadata", "lead", "body"]
