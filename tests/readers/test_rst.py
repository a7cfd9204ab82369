"""readers/rst.py: reStructuredText articles, read without docutils (the recipe's worked example)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import cli
from auditor.readers import EXTENSIONS, ReaderOptions, read_bytes

NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «РОГА», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «РОГА»."
)
ARTICLE = f"""==================================
Городской совет утвердил бюджет
==================================

{NOTICE}

:Author: Мария Орлова, Пётр Кузнецов
:Date: 2025-03-14
:Source: Вечерний вестник

.. a note for the editors, not for readers
   .. include:: /etc/passwd

Депутаты городского совета утвердили бюджет на следующий год. Расходы на
транспорт выросли на треть.

Что дальше
----------

.. image:: chart.png
   :alt: Расходы по статьям

Обсуждение продолжится в апреле.
"""


def _read(text: str) -> tuple[str, list]:  # type: ignore[type-arg]
    [doc] = read_bytes(text.encode("utf-8"), "news/budget.rst", ReaderOptions())
    return doc.text, [doc]


def _where(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def test_rst_files_go_to_the_rst_reader() -> None:
    assert EXTENSIONS[".rst"] == "rst"


def test_title_fields_and_their_places() -> None:
    text, [doc] = _read(ARTICLE)
    f = doc.fields
    assert doc.format == "rst" and text == ARTICLE  # the whole file: line:col point into it
    assert f.title == "Городской совет утвердил бюджет"
    assert f.author == ["Мария Орлова", "Пётр Кузнецов"]
    assert f.source == ["Вечерний вестник"] and f.published.raw == "2025-03-14"
    assert f.published.to_dict()["date"] == "2025-03-14"
    span = f.author_spans[1]
    assert (span.line, span.column) == _where(ARTICLE, "Пётр Кузнецов") and span.field == "author"
    assert text[f.published.span.start : f.published.span.end] == "2025-03-14"


def test_comments_and_directives_are_chrome_and_never_followed() -> None:
    text, [doc] = _read(ARTICLE)
    kinds = {doc.seg_text(s).split()[0]: s.kind for s in doc.segments}
    assert kinds[".."] == "chrome"
    body = " ".join(doc.seg_text(s) for s in doc.segments if s.kind == "body")
    assert "include" not in body and "image::" not in body and "passwd" not in body
    assert "Обсуждение продолжится в апреле." in body
    [head] = doc.segments_of("headline")
    assert doc.seg_text(head) == "Городской совет утвердил бюджет"
    assert not any(set(doc.seg_text(s)) <= set("=-") for s in doc.segments)  # adornments are no blocks
    assert [doc.seg_text(n) for n in doc.segments_of("notice")] == [NOTICE]


def test_only_the_first_title_is_the_headline() -> None:
    text, [doc] = _read("Заметка\n=======\n\nПервый абзац заметки о городе.\n\nВторой раздел\n~~~~~~~~~~~~~\n\nЕщё текст.\n")
    assert [doc.seg_text(s) for s in doc.segments_of("headline")] == ["Заметка"]
    assert "Второй раздел" in [doc.seg_text(s) for s in doc.segments]


def test_check_audits_an_rst_article_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "budget.rst").write_text(ARTICLE, encoding="utf-8")
    bare = ARTICLE.replace(NOTICE + "\n\n", "")
    (site / "bare.rst").write_text(bare, encoding="utf-8")
    code = cli.main(["check", str(site), "-r", "caucasian-knot", "--as-of", "2025-06-01", "--no-cache",
                     "--no-history", "-j", "1", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    docs = {Path(d["path"]).name: d for d in data["documents"]}
    assert set(docs) == {"budget.rst", "bare.rst"} and {d["format"] for d in docs.values()} == {"rst"}
    assert code == 1 and docs["bare.rst"]["status"] == "fail"
    assert "ru-foreign-agent/notice-required" in {f["rule_id"] for f in docs["bare.rst"]["findings"]}
    assert "ru-foreign-agent/notice-required" not in {f["rule_id"] for f in docs["budget.rst"]["findings"]}
