"""Line roles of plain-text and Markdown pages: chrome, rubric, timestamp, caption, headline, lead,
body, byline, source, notice, related links; every role with its reason.

All pages here are made up for the tests, shaped like pages saved from news sites as text.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from auditor.model import Document
from auditor.packs import load_ruleset
from auditor.readers import ReaderOptions, read_bytes

MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ", "ИНОСТРАННЫМ АГЕНТОМ", "ИНОСТРАННОГО АГЕНТА"]
NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «РОГА», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «РОГА»."
)
BODY = (
    "Ленинский районный суд Махачкалы продлил срок ареста местному блогеру, сообщил его адвокат. "
    "По словам защиты, решение будет обжаловано в апелляционной инстанции в ближайшие дни."
)


def read(text: str, name: str = "page.txt") -> Document:
    return read_bytes(text.encode("utf-8"), name, ReaderOptions(notice_markers=list(MARKERS)))[0]


def roles(doc: Document) -> list[tuple[str, str]]:
    return [(s.role or s.kind, doc.text[s.start : s.end]) for s in doc.segments]


def role_of(doc: Document, text: str) -> str:
    found = [r for r, t in roles(doc) if t.strip() == text]
    assert found, (text, roles(doc))
    return found[0]


PORTAL = f"""Перейти к основному содержанию
Главная
Вторник, 5 марта 2024

Политика
14:07, 5 марта 2024 Обновлено 16:30
Суд продлил арест блогера из Махачкалы
{NOTICE}
Адвокат назвал решение незаконным

Участники акции у здания суда. Фото: пресс-служба суда

{BODY}

Текст: Анна Смирнова и Пётр Иванов

Читайте также
Арест продлён ещё одному активисту 04.03.2024
Суд оштрафовал издание 01.03.2024
"""


def test_portal_page_roles_and_fields() -> None:
    doc = read(PORTAL)
    assert role_of(doc, "Перейти к основному содержанию") == "chrome"
    assert role_of(doc, "Вторник, 5 марта 2024") == "chrome"  # the current-date header
    assert role_of(doc, "Политика") == "rubric"
    assert role_of(doc, "Суд продлил арест блогера из Махачкалы") == "headline"
    assert role_of(doc, NOTICE) == "notice"  # no blank line after the headline
    assert role_of(doc, "Адвокат назвал решение незаконным") == "lead"
    assert role_of(doc, "Участники акции у здания суда. Фото: пресс-служба суда") == "caption"
    assert role_of(doc, "Текст: Анна Смирнова и Пётр Иванов") == "byline"
    assert role_of(doc, "Суд оштрафовал издание 01.03.2024") == "related"
    f = doc.fields
    assert f.title == "Суд продлил арест блогера из Махачкалы"
    assert f.published.raw == "14:07, 5 марта 2024" and f.published.value == "2024-03-05T14:07"
    assert f.updated.raw == "16:30"  # kept apart as the update time
    assert f.author == ["Анна Смирнова", "Пётр Иванов"]
    assert all(s.reason for s in doc.segments)


def test_notice_directly_above_or_below_the_headline_is_placed_right() -> None:
    rs = load_ruleset(["default"])
    for page in (
        f"12:30, 4 марта 2024\n{NOTICE}\nЗаголовок материала о продлении ареста\n\n{BODY}\n",
        f"Заголовок материала о продлении ареста\n{NOTICE}\n{BODY}\n",
        f"{NOTICE}\n\n{BODY}\n",
    ):
        doc = read_bytes(page.encode(), "a.txt", rs.reader_options)[0]
        findings, _ = rs.evaluate(doc, date(2026, 11, 28))
        assert not [f for f in findings if f.outcome == "misplaced"], (page[:40], roles(doc))
    buried = f"Заголовок материала о продлении ареста\n\n{BODY}\n\n{BODY}\n\n{NOTICE}\n"
    doc = read_bytes(buried.encode(), "a.txt", rs.reader_options)[0]
    findings, _ = rs.evaluate(doc, date(2026, 11, 28))
    assert [f.outcome for f in findings if f.outcome == "misplaced"] == ["misplaced"]


def test_headline_after_a_caption_and_a_timestamp_and_ending_with_a_period() -> None:
    doc = read(f"Фото: Иван Петров / ТАСС\n05.03.2024 14:07\nВласти отчитались о ремонте дорог.\n\n{BODY}\n")
    assert role_of(doc, "Власти отчитались о ремонте дорог.") == "headline"
    assert role_of(doc, "Фото: Иван Петров / ТАСС") == "caption"
    assert doc.fields.author == []  # a photographer is not an author
    assert doc.fields.published.raw == "05.03.2024 14:07"


def test_unlabelled_byline_and_dateline_place_are_not_confused() -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\nМария Кузнецова\n5 марта 2024, 14:07\n\n{BODY}\n")
    assert doc.fields.author == ["Мария Кузнецова"]
    assert role_of(doc, "Мария Кузнецова") == "byline"
    doc = read(f"Суд продлил арест блогера из Махачкалы\nНижний Новгород\n5 марта 2024, 14:07\n\n{BODY}\n")
    assert doc.fields.author == []  # a place on its own line is no byline


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Автор: Редакция сайта «Кавказский узел»", ["Редакция сайта «Кавказский узел»"]),
        ("Текст: Отдел мониторинга", ["Отдел мониторинга"]),
        ("Беседовала Ольга Андреева", ["Ольга Андреева"]),
        ("Автори: Олена Коваль, Андрій Мельник", ["Олена Коваль", "Андрій Мельник"]),
        ("Tекст: Дарья Белова", ["Дарья Белова"]),  # Latin T in the label
        ("Автор: Иван Сидоров, корреспондент в Дагестане", ["Иван Сидоров"]),
    ],
)
def test_labelled_and_organisational_authors(line: str, authors: list[str]) -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\n{line}\n\n{BODY}\n")
    assert doc.fields.author == authors


def test_author_label_with_the_name_on_the_next_line_and_an_empty_label() -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\nАвтор:\nСветлана Орлова\nДата:\n\n{BODY}\n")
    assert doc.fields.author == ["Светлана Орлова"]
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\nАвтор:\n\n{BODY}\n")
    assert doc.fields.author == []  # never an empty author


@pytest.mark.parametrize(
    ("first", "source", "stamp"),
    [
        ("МОСКВА, 5 марта. /ТАСС/. Суд продлил арест блогера.", "ТАСС", "5 марта"),
        ("Махачкала, 5 марта 2024, 14:07 — ИА Регнум. Суд продлил арест.", "ИА Регнум", "5 марта 2024, 14:07"),
        ("Москва. 25 декабря. INTERFAX.RU - Суд продлил арест блогера.", "INTERFAX.RU", "25 декабря"),
    ],
)
def test_agency_datelines_give_source_and_timestamp(first: str, source: str, stamp: str) -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\n{first} {BODY}\n")
    assert doc.fields.source == [source]
    assert doc.fields.published.raw == stamp
    assert "dateline" in doc.fields.published.flags


def test_dateline_without_a_year_takes_the_page_year_and_is_flagged() -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\nМОСКВА, 5 марта. /ТАСС/. {BODY}\n\nАрхив: 01.01.2024\n")
    pub = doc.fields.published
    assert pub.value == "2024-03-05" and "inferred-year" in pub.flags


def test_sources_and_what_is_not_a_source() -> None:
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\n{BODY}\n\nИсточник: Кавказский узел\n")
    assert doc.fields.source == ["Кавказский узел"]
    doc = read(f"Суд продлил арест блогера из Махачкалы\n\nПо данным Росстата, {BODY}\n")
    assert doc.fields.source == []  # "по данным" in a sentence is no source line
    doc = read(f"Court extends the arrest of a blogger\n\nMAKHACHKALA (Reuters) - {BODY}\n")
    assert doc.fields.source == ["Reuters"]
    doc = read(f"Court extends the arrest of a blogger\n\n{BODY}\n\nThis article originally appeared at Meduza.\n")
    assert doc.fields.source == ["Meduza"]


@pytest.mark.parametrize(
    ("line", "flag"),
    [("сегодня в 13:38", "relative"), ("вчера", "relative"), ("2 часа назад", "relative"), ("13:38", "time-only")],
)
def test_relative_and_time_only_stamps_are_found_and_flagged(line: str, flag: str) -> None:
    doc = read(f"{line}\nСуд продлил арест блогера из Махачкалы\n\n{BODY}\n")
    assert doc.fields.published.raw == line
    assert flag in doc.fields.published.flags
    assert doc.fields.published.iso is None  # never resolved without a known as-of date


def test_caption_and_related_dates_are_not_the_timestamp() -> None:
    doc = read(
        f"Суд продлил арест блогера из Махачкалы\n\nФото: архив, 12 мая 2019\n\n{BODY}\n\n"
        "Все новости\n\nАрест продлён ещё одному активисту\n04.03.2024 10:15\n"
    )
    assert doc.fields.published.raw is None


def test_inspect_json_shows_roles_and_reasons(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from auditor.cli import main

    page = tmp_path / "page.txt"
    page.write_text(PORTAL, encoding="utf-8")
    code = main(["inspect", str(page), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    segs = out["documents"][0]["segments"]
    head = next(s for s in segs if s["kind"] == "headline")
    assert "headline" in head["reason"] and "score" in head["reason"]
    assert any(s.get("role") == "rubric" for s in segs)
    fields = out["documents"][0]["fields"]
    assert fields["published"]["reason"].startswith("the publication timestamp")
    assert fields["reasons"]["author"] == ["byline: labelled author line"] * 2


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Markus Keller, Berlin", ["Markus Keller"]),
        ("Автор: Иван Петров, Москва", ["Иван Петров"]),
        ("By Ana Souza and Pedro Lima, São Paulo", ["Ana Souza", "Pedro Lima"]),
    ],
)
def test_a_dateline_place_is_never_an_author(line: str, authors: list[str]) -> None:
    doc = read(f"Court extends the arrest of a blogger\n\n{line}\n\n{BODY}\n")
    assert doc.fields.author == authors


def test_generated_name_tables_are_current() -> None:
    babel = pytest.importorskip("babel")
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "gen_place_names.py"
    spec = importlib.util.spec_from_file_location("gen_place_names", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_place_names"] = mod
    spec.loader.exec_module(mod)
    from auditor import place_names

    if babel.__version__ != place_names.BABEL_VERSION:
        pytest.skip(f"tables were generated with Babel {place_names.BABEL_VERSION}, {babel.__version__} installed")
    assert mod.main(["--check"]) == 0, "auditor/place_names.py is stale: run python tools/gen_place_names.py"
