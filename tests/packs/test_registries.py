"""Registries: the shipped sample, plain CSV, a CSV export mapped by YAML, errors with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.packs import load_ruleset
from auditor.packs.registries import RegistryError, load_registry


def test_sample_registry_is_marked_and_has_dated_sourced_entries() -> None:
    reg = load_registry("ru-designated.sample")
    assert reg.sample is True and "SAMPLE" in reg.title
    by_id = {(e.id, e.status): e for e in reg.entries}
    memo = by_id[("memo", "foreign_agent")]
    assert memo.listed_from == date(2021, 10, 8) and memo.source
    meta = by_id[("meta", "extremist")]
    assert meta.listed_from == date(2022, 3, 21) and meta.source
    assert {"Facebook", "Instagram", "Фейсбук", "Инстаграм"} <= set(meta.aliases)
    assert all(e.source and e.listed_from for e in reg.entries)


def test_active_follows_listed_from_and_listed_to() -> None:
    reg = load_registry("ru-designated.sample")
    dozhd_2022 = [e.name for e in reg.active(date(2022, 6, 1)) if e.id == "dozhd"]
    dozhd_2024 = [e.name for e in reg.active(date(2024, 6, 1)) if e.id == "dozhd"]
    assert dozhd_2022 == ["ООО «Телеканал Дождь»"]
    assert dozhd_2024 == ["Иное объединение лиц «Телеканал Дождь»"]
    assert not [e for e in reg.active(date(2021, 10, 7)) if e.id == "memo"]


def test_plain_csv_in_cp1251_with_russian_status_words(tmp_path: Path) -> None:
    csv = (
        "id;name;aliases;kind;status;listed_from;listed_to;source\n"
        "petrov;Петров Алексей;Алексей Петров;person;иностранный агент;01.02.2023;;https://example.org/a\n"
        ";«Фонд Пример»;;organisation;нежелательная;2024-05-06;;\n"
    )
    path = tmp_path / "list.csv"
    path.write_bytes(csv.encode("cp1251"))
    reg = load_registry(str(path))
    assert [(e.id, e.status, e.listed_from) for e in reg.entries] == [
        ("petrov", "foreign_agent", date(2023, 2, 1)),
        ("«Фонд Пример»", "undesirable", date(2024, 5, 6)),
    ]
    assert reg.entries[0].aliases == ["Алексей Петров"]


def test_csv_export_mapped_by_yaml(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text(
        "№,ФИО,Дата включения,Дата исключения\n1,Иванов Иван Иванович,15.03.2024,\n2,Сидорова Анна,01.01.2023,01.06.2024\n",
        encoding="utf-8",
    )
    (tmp_path / "official.yaml").write_text(
        "registry: official\ntitle: export\ncsv:\n  path: export.csv\n"
        "  columns: {name: ФИО, listed_from: Дата включения, listed_to: Дата исключения}\n"
        "  defaults: {status: foreign_agent, kind: person}\n  date_formats: ['%d.%m.%Y']\n",
        encoding="utf-8",
    )
    reg = load_registry(str(tmp_path / "official.yaml"))
    assert [(e.name, e.listed_to) for e in reg.entries] == [
        ("Иванов Иван Иванович", None),
        ("Сидорова Анна", date(2024, 6, 1)),
    ]
    assert [e.name for e in reg.active(date(2024, 7, 1))] == ["Иванов Иван Иванович"]


def test_bad_rows_name_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,status,listed_from\nА Б,foreign_agent,31.02.2023\nВ Г,spy,2023-01-01\n", encoding="utf-8"
    )
    with pytest.raises(RegistryError) as exc:
        load_registry(str(path))
    lines = [str(e) for e in exc.value.errors]
    assert any(
        ln.endswith("bad.csv:2:3: listed_from: '31.02.2023' is not a date (%Y-%m-%d, %d.%m.%Y)")
        for ln in lines
    ), lines
    assert any("bad.csv:3:2: status:" in ln and "'spy'" in ln for ln in lines), lines


def test_yaml_registry_errors_are_positioned(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "registry: r\ntitle: t\nentries:\n  - id: x\n    name: X\n    status: foreign_agent\n    listed_form: 2020-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as exc:
        load_registry(str(path))
    assert "r.yaml:7:5: entries[0].listed_form: unknown key (did you mean 'listed_from'?)" in str(exc.value)


def test_pack_resolves_registry_relative_to_itself_and_reports_a_missing_one(tmp_path: Path) -> None:
    sub = tmp_path / "house"
    sub.mkdir()
    (sub / "mine.csv").write_text("name,status\nИванов Иван,foreign_agent\n", encoding="utf-8")
    (sub / "house.yaml").write_text(
        "id: house\ntitle: h\nversion: '1'\nextends: [ru-designated-mentions]\nsettings:\n  registries: [./mine.csv]\n",
        encoding="utf-8",
    )
    rs = load_ruleset([str(sub / "house.yaml")])
    assert rs.errors == []
    assert rs.settings["registries"][0].endswith("mine.csv")
    (sub / "broken.yaml").write_text(
        "id: broken\ntitle: h\nversion: '1'\nsettings:\n  registries: [./nowhere.csv]\n", encoding="utf-8"
    )
    rs = load_ruleset([str(sub / "broken.yaml")])
    assert [e.key for e in rs.errors] == ["settings.registries"]
    assert rs.errors[0].line == 5 and "no such registry file" in str(rs.errors[0])


def test_run_info_lists_the_registries_used_with_a_hash(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    art = tmp_path / "a.txt"
    art.write_text("Заголовок\n\nИлья Варламов рассказал о поездке.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "check", str(art), "--format", "json", "--as-of", "2026-05-01"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    data = json.loads(proc.stdout)
    (reg,) = data["run"]["registries"]
    assert reg["id"] == "ru-designated.sample" and reg["sample"] is True and len(reg["sha256"]) == 64
    rules = {f["rule_id"] for f in data["documents"][0]["findings"]}
    assert "ru-designated-mentions/foreign-agent" in rules


def test_registry_hash_follows_the_csv_an_export_yaml_reads(tmp_path: Path) -> None:
    from auditor.packs.registries import registries_info

    (tmp_path / "e.csv").write_text("name\nИванов Иван\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "registry: r\ntitle: t\ncsv: {path: e.csv, defaults: {status: foreign_agent}}\n", encoding="utf-8"
    )
    first = registries_info([str(tmp_path / "r.yaml")])[0]["sha256"]
    (tmp_path / "e.csv").write_text("name\nИванов Иван\nПетров Пётр\n", encoding="utf-8")
    second = registries_info([str(tmp_path / "r.yaml")])
    assert second[0]["sha256"] != first and second[0]["entries"] == 2
