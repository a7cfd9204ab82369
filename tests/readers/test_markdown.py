"""Markdown reader: front matter as metadata and fields, headings/paragraphs/comments as blocks."""

from __future__ import annotations

import pytest

from auditor.model import Document
from auditor.readers import ReaderOptions, ReadError, read_bytes

MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ"]

ARTICLE = """---
title: "Traders protest against the demolition of a market"
published: "12 March 2025, 10:15"
authors:
  - Amina Daurova
  - Timur Isaev
source: CK correspondent
lang: en
publisher: Example Daily
section: Regions
---

# Traders protest against the demolition of a market

ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ.

About forty traders gathered on Tuesday morning outside the city administration to protest
against the planned demolition of the market, where many of them have worked for decades.

## What the city says

<!-- auditor: note for editors, not article text -->
A representative of the administration promised to meet the traders again next week.
"""


def read_md(text: str, options: ReaderOptions | None = None) -> Document:
    return read_bytes(text.encode("utf-8"), "a.md", options or ReaderOptions(notice_markers=MARKERS))[0]


def test_front_matter_fields_metadata_and_segments() -> None:
    doc = read_md(ARTICLE, ReaderOptions(notice_markers=MARKERS, date_formats=["%d %B %Y, %H:%M"], timezone="Europe/Moscow"))
    assert doc.format == "markdown"
    assert doc.text == ARTICLE  # whole file, so lines match the file
    assert doc.metadata["section"] == "Regions"
    f = doc.fields
    assert f.title == "Traders protest against the demolition of a market"
    assert f.published.raw == "12 March 2025, 10:15"
    assert f.published.iso == "2025-03-12T10:15:00+03:00"
    assert f.published.source == "front_matter"
    assert f.published.span is not None and f.published.span.line == 3
    assert f.author == ["Amina Daurova", "Timur Isaev"]
    assert f.source == ["CK correspondent"]
    assert f.source_spans[0].line == 7
    assert (f.language, f.publisher) == ("en", "Example Daily")
    kinds = [(doc.line_col(s.start)[0], s.kind) for s in doc.segments]
    assert kinds[0] == (1, "metadata")
    assert (13, "headline") in kinds
    assert (15, "notice") in kinds
    assert (17, "body") in kinds
    assert (22, "chrome") in kinds  # the HTML comment is not article text
    headline = doc.segments_of("headline")[0]
    assert doc.seg_text(headline) == "Traders protest against the demolition of a market"  # no "# "


def test_fields_from_text_when_front_matter_is_silent() -> None:
    doc = read_md("---\nsection: x\n---\n\n# A headline for this piece\n\nBody.\n\nAuthor: Ann Lee\n")
    assert doc.fields.author == ["Ann Lee"]
    assert doc.fields.author_spans[0].line == 9


def test_no_front_matter() -> None:
    doc = read_md("Title line of the piece\n=======================\n\nBody text.\n")
    assert [s.kind for s in doc.segments] == ["headline", "body"]
    assert doc.metadata == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: a\ntitle: b\n---\nbody\n", r"^a\.md:3: front matter: .*duplicate key"),
        ("---\ntitle: ok\nauthor: [Ann\nsource: x\n---\nbody\n", r"^a\.md:4: front matter: "),
        ("---\ntitle: never closed\n\nbody\n", r"^a\.md:1: front matter .* never closed"),
        ("---\n- a list\n---\nbody\n", r"^a\.md:2: front matter must be a mapping"),
    ],
)
def test_broken_front_matter_is_a_read_error_with_line(text: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_md(text)
