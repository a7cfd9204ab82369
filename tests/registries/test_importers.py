"""Importers: a register in each published shape (made by the tests) reads back to the same entries,
and what cannot be read is reported by row."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import registries_fixtures as fx
from pdf_fixtures import fonts_available

from auditor.registries.importers import csv as csv_importer
from auditor.registries.importers import ftm as ftm_importer
from auditor.registries.importers import import_bytes, parse_bytes
from auditor.registries.importers.table import clean_text, parse_date
from auditor.registries.model import Entry
from auditor.registries.store import load_registry, write_registry


def _expect(rows: list[fx.Row]) -> list[tuple[str, date, date | None]]:
    return [(r.name, r.listed_from, r.listed_to) for r in rows]


def _got(entries: list[Entry]) -> list[tuple[str, date | None, date | None]]:
    return [(e.name, e.listed_from, e.listed_to) for e in entries]


def _roundtrip_file(tmp_path: Path, doc: dict, suffix: str) -> list[Entry]:
    out = tmp_path / f"reg{suffix}"
    write_registry(out, doc)
    return load_registry(str(out)).entries


@pytest.mark.skipif(not fonts_available(), reason="DejaVu fonts (fontconfig) are needed to print Cyrillic")
def test_pdf_table_across_pages(tmp_path: Path) -> None:
    data = fx.build_pdf(repeat=12)  # 72 rows: several pages, header repeated on each
    doc, parsed = import_bytes(data, "pdf", "foreign_agent")
    assert parsed.problems == []
    assert _got(parsed.entries) == _expect(fx.ROWS * 12)
    first = parsed.entries[0]
    assert first.kind == "person" and first.identifiers["birth_date"] == "1984-02-29"
    long_name = parsed.entries[2]
    assert "\n" not in long_name.name and long_name.kind == "organisation"
    assert long_name.aliases == ["«Центр изучения прибрежных сообществ и малых городов»"]
    assert long_name.identifiers["ogrn"] == "1187700012345"
    assert _got(_roundtrip_file(tmp_path, doc, ".yaml")) == _got(parsed.entries)


def test_xlsx_merged_cells_and_date_cells(tmp_path: Path) -> None:
    doc, parsed = import_bytes(fx.build_xlsx(), "xlsx", "foreign_agent")
    assert parsed.problems == []
    assert _got(parsed.entries) == _expect(fx.ROWS)
    assert parsed.entries[1].decision.endswith("(повторно)")  # the second line of a merged record
    assert parsed.entries[1].identifiers == {"inn": "771234567890"}
    assert _got(_roundtrip_file(tmp_path, doc, ".json")) == _got(parsed.entries)


def test_html_table_rowspan_and_line_breaks(tmp_path: Path) -> None:
    doc, parsed = import_bytes(fx.build_html(), "html", "foreign_agent")
    assert parsed.problems == []
    assert _got(parsed.entries) == _expect(fx.ROWS)
    assert parsed.entries[4].decision == fx.ROWS[3].basis  # rowspan carried down
    assert _got(_roundtrip_file(tmp_path, doc, ".yaml")) == _got(parsed.entries)


def test_html_numbered_list_extremist() -> None:
    parsed = parse_bytes(fx.ITEMS_HTML, "html", "extremist")
    assert [(e.name, e.listed_from) for e in parsed.entries] == [
        ("Местная религиозная организация «Свет истины» г. Верхнереченска", date(2019, 5, 16)),
        ("Межрегиональное общественное движение «Северный рубеж»", date(2020, 10, 2)),
        ("Общественное объединение «Братство равнин»", date(2021, 7, 5)),
    ]
    assert parsed.entries[1].aliases == ["«Рубеж Севера»", "«СР»", "«Северный рубеж»"]
    assert all(e.status == "extremist" for e in parsed.entries)
    assert [str(p) for p in parsed.problems] == ["item 99: no name before the decision"]


def test_documented_csv_round_trip(tmp_path: Path) -> None:
    text = (
        "name,aliases,kind,listed_from,listed_until,source_url\n"
        'Серебрякова Алиса Тимуровна,Алиса Серебрякова|Alisa Serebryakova,foreign_agent,2023-03-17,,https://example.org/a\n'
        "Общественное объединение «Братство равнин»,«Братство равнин»,extremist,2021-07-05,,\n"
        "Кондратьев Ярослав Ильич,,иностранный агент,2022-12-02,2024-06-07,\n"
        "Плохая Дата Строка,,foreign_agent,31.02.2023,,\n"
        ",,foreign_agent,2023-01-01,,\n"
        "Неизвестный Список,,blacklisted,2023-01-01,,\n"
    )
    doc, parsed = import_bytes(text.encode(), "csv", "foreign_agent")
    assert [(e.name, e.status, e.kind, e.listed_from, e.listed_to) for e in parsed.entries] == [
        ("Серебрякова Алиса Тимуровна", "foreign_agent", "person", date(2023, 3, 17), None),
        ("Общественное объединение «Братство равнин»", "extremist", "organisation", date(2021, 7, 5), None),
        ("Кондратьев Ярослав Ильич", "foreign_agent", "person", date(2022, 12, 2), date(2024, 6, 7)),
    ]
    assert parsed.entries[0].aliases == ["Алиса Серебрякова", "Alisa Serebryakova"]
    assert [p.where for p in parsed.problems] == ["line 5", "line 6", "line 7"]
    assert "31.02.2023" in str(parsed.problems[0])
    again = parse_bytes(csv_importer.write(parsed.entries).encode(), "csv", "foreign_agent")
    assert [e.to_data() | {"id": ""} for e in again.entries] == [e.to_data() | {"id": ""} for e in parsed.entries]
    # the documented CSV is also a registry file as it is
    plain = tmp_path / "plain.csv"
    plain.write_text(text.split("Плохая")[0], encoding="utf-8")
    loaded = load_registry(str(plain))
    assert [(e.name, e.status, e.listed_to) for e in loaded.entries] == [
        (e.name, e.status, e.listed_to) for e in parsed.entries
    ]


def test_ftm_flat_and_nested(tmp_path: Path) -> None:
    lines = [
        {"id": "ru-fa-1", "schema": "Person", "target": True,
         "properties": {"name": ["Серебрякова Алиса Тимуровна", "Alisa Serebryakova"], "alias": ["Алиса Серебрякова"],
                        "weakAlias": ["Алиса"], "birthDate": ["1984-02-29"], "innCode": ["771234567890"]}},
        {"id": "s-1", "schema": "Sanction",
         "properties": {"entity": ["ru-fa-1"], "startDate": ["2023-03-17"], "authority": ["Минюст России"],
                        "sourceUrl": ["https://example.org/registry"]}},
        {"id": "ru-org-2", "schema": "Organization", "target": True,
         "properties": {"name": ["«Голос побережья»"], "sanctions": [
             {"schema": "Sanction", "properties": {"startDate": ["2023-04-14"], "endDate": ["2025-01-31"]}}]}},
        {"id": "not-listed", "schema": "Person", "properties": {"name": ["Посторонний Человек"]}},
        "not json",
    ]
    data = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines).encode()
    doc, parsed = import_bytes(data, "ftm", "foreign_agent")
    assert [(e.id, e.name, e.kind, e.listed_from, e.listed_to) for e in parsed.entries] == [
        ("ru-fa-1", "Серебрякова Алиса Тимуровна", "person", date(2023, 3, 17), None),
        ("ru-org-2", "«Голос побережья»", "organisation", date(2023, 4, 14), date(2025, 1, 31)),
    ]
    a = parsed.entries[0]
    assert a.aliases == ["Алиса Серебрякова"] and a.transliterations == ["Alisa Serebryakova"]
    assert a.identifiers == {"inn": "771234567890", "birth_date": "1984-02-29"}
    assert a.source == "https://example.org/registry" and a.decision == "Минюст России"
    assert [p.where for p in parsed.problems] == ["line 5"]
    again = parse_bytes(ftm_importer.write(parsed.entries).encode(), "ftm", "foreign_agent")
    assert [e.to_data() for e in again.entries] == [e.to_data() for e in parsed.entries]


def test_provenance_written_and_read(tmp_path: Path) -> None:
    data = fx.build_html()
    doc, _ = import_bytes(data, "html", "foreign_agent", registry_id="fa", source="https://example.org/fa")
    out = tmp_path / "fa.yaml"
    write_registry(out, doc)
    reg = load_registry(str(out))
    import hashlib

    assert reg.provenance.source_sha256 == hashlib.sha256(data).hexdigest()
    assert reg.provenance.source == "https://example.org/fa"
    assert reg.provenance.importer and "html/1" in reg.provenance.importer
    assert reg.provenance.retrieved is not None and reg.sample is False
    info = reg.info()
    assert info["source_sha256"] == reg.provenance.source_sha256 and info["entries"] == len(fx.ROWS)


def test_status_query_by_date() -> None:
    doc, parsed = import_bytes(fx.build_html(), "html", "foreign_agent")
    from auditor.registries.model import Registry

    reg = Registry("fa", "fa", "fa", False, parsed.entries)
    # listed 2022-12-02, excluded 2024-06-07; found under another name order and in another case
    before = reg.status("Ярослав Кондратьев", date(2022, 12, 1))
    during = reg.status("Ярослава Кондратьева", date(2023, 5, 1))
    after = reg.status("КОНДРАТЬЕВ ЯРОСЛАВ ИЛЬИЧ", date(2024, 6, 8))
    assert [s.active for s in before + during + after] == [False, True, False]
    assert "not listed on 2024-06-08" in after[0].describe(date(2024, 6, 8))
    media = reg.status("Голос побережья", date(2023, 4, 13))  # a query may leave the quotes out
    assert [(s.entry.name, s.active) for s in media] == [("Иностранное СМИ «Голос побережья»", False)]
    assert reg.status("Голос", date(2024, 1, 1)) == []


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("01.12.2022", date(2022, 12, 1)),
        ("1.12.22", date(2022, 12, 1)),
        ("2022-12-01", date(2022, 12, 1)),
        ("1 декабря 2022 г.", date(2022, 12, 1)),
        ("решение от 01.12.2022 № 123", date(2022, 12, 1)),
        (44896, date(2022, 12, 1)),  # an Excel serial number
        ("-", None),
    ],
)
def test_dates_in_several_forms(raw: object, want: date | None) -> None:
    assert parse_date(raw) == want  # type: ignore[arg-type]


def test_clean_text_joins_broken_names() -> None:
    assert clean_text("Северо-\nКавказский  «центр»\nправ") == "Северо-Кавказский «центр» прав"
    assert clean_text('ООО ""Вектор""') == 'ООО "Вектор"'


def test_unreadable_files_are_problems_not_crashes() -> None:
    for fmt in ("pdf", "xlsx"):
        parsed = parse_bytes(b"not a document", fmt, "foreign_agent")
        assert parsed.entries == [] and parsed.problems and parsed.problems[0].where == "file"
    parsed = parse_bytes(b"<html><body><table><tr><td>x</td></tr></table></body></html>", "html", "undesirable")
    assert parsed.entries == []
