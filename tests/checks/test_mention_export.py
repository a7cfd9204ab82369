"""People from an official list (CSV export, names in register order) are found as the press writes them."""

from __future__ import annotations

from datetime import date

import pytest
from packs_docs import load_pack

from auditor.packs import RuleSet, load_ruleset
from auditor.packs.registries import load_registry, person_variants, registries_dir
from auditor.readers import read_bytes

RULE = "ru-designated-mentions/foreign-agent"


def test_shipped_export_sample_is_a_cp1251_export_marked_as_sample() -> None:
    raw = (registries_dir() / "exports" / "minjust-foreign-agents.sample.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the sample exercises the code-page path, as spreadsheet exports do
    assert b";" in raw.split(b"\n", 1)[0]
    reg = load_registry("minjust-foreign-agents.sample")
    assert reg.sample is True and "SAMPLE" in reg.title
    by_name = {e.name: e for e in reg.entries}
    assert set(by_name) == {
        "Гудков Геннадий Владимирович",
        "Гуриев Сергей Маратович",
        "Варламов Илья Александрович",
    }
    assert by_name["Варламов Илья Александрович"].listed_from == date(2023, 3, 23)
    assert by_name["Гуриев Сергей Маратович"].listed_from == date(2023, 3, 10)
    for e in reg.entries:
        assert (e.status, e.kind, e.listed_to) == ("foreign_agent", "person", None)
        assert e.source and e.source.startswith("https://")


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        (
            "Гуриев Сергей Маратович",
            [
                "Сергей Гуриев",
                "Сергей Маратович Гуриев",
                "Гуриев Сергей",
                "С. Гуриев",
                "С. М. Гуриев",
                "Гуриев С. М.",
            ],
        ),
        ("Лада-Русь  Светлана", ["Светлана Лада-Русь", "С. Лада-Русь", "Лада-Русь С."]),
        ("ООО «МЕМО»", []),  # not a person's name: no variants
        ("Ilya Varlamov", []),  # Latin names are given as aliases
        ("Варламов", []),  # a surname alone has too many namesakes
    ],
)
def test_person_variants(name: str, variants: list[str]) -> None:
    assert person_variants(name) == variants


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return load_pack(
        tmp_path_factory.mktemp("house"),
        "id: export-house\ntitle: House with an exported list\nversion: '1'\n"
        "extends: [ru-designated-mentions]\nsettings:\n  registries: [minjust-foreign-agents.sample]\n",
    )


def _outcomes(rs: RuleSet, sentence: str, as_of: date = date(2026, 5, 1)) -> list[tuple[str, str]]:
    text = f"Колонка недели\n\n18+ {sentence}\n"
    out: list[tuple[str, str]] = []
    for doc in read_bytes(text.encode("utf-8"), "column.txt", rs.reader_options):
        findings, _ = rs.evaluate(doc, as_of)
        out.extend((doc.text[f.span.start : f.span.end], f.outcome) for f in findings if f.rule_id == RULE)
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Экономист Сергей Гуриев рассказал о санкциях.", [("Сергей Гуриев", "missing")]),
        ("Интервью Сергея Гуриева вышло вчера.", [("Сергея Гуриева", "missing")]),
        ("Колонку написал С. М. Гуриев.", [("С. М. Гуриев", "missing")]),
        ("Гудков Г. В. выступил на конференции.", [("Гудков Г. В", "missing")]),
        (
            "С Ильёй Александровичем Варламовым поспорил мэр.",
            [("Ильёй Александровичем Варламовым", "missing")],
        ),
        ("Интервью Сергея Гуриева (признан иностранным агентом) вышло вчера.", []),
        ("Экономист Гуриев выступил на конференции.", []),  # surname alone: not matched (namesakes)
        ("Сергей Иванов рассказал о санкциях.", []),
    ],
)
def test_register_order_names_are_found_in_press_order(house: RuleSet, sentence: str, expected: list) -> None:
    assert _outcomes(house, sentence) == expected


def test_not_listed_yet_on_the_as_of_date(house: RuleSet) -> None:
    sentence = "Экономист Сергей Гуриев рассказал о санкциях."
    assert _outcomes(house, sentence, as_of=date(2023, 3, 9)) == []
    assert _outcomes(house, sentence, as_of=date(2023, 3, 10)) == [("Сергей Гуриев", "missing")]


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("«Медуза» (признана нежелательной организацией) опубликовала расследование.", "Медуза"),
        ("Об этом написали “Медиазоны” корреспонденты.", "Медиазоны"),
    ],
)
def test_a_quoted_alias_is_reported_at_the_name_without_its_quotes(sentence: str, evidence: str) -> None:
    rs = load_ruleset(["ru-designated-mentions"])
    assert _outcomes(rs, sentence) == [(evidence, "missing")]


def test_the_rule_set_hands_its_loaded_registries_to_checks_through_the_context() -> None:
    from dataclasses import replace

    from auditor.checks.base import Context
    from auditor.packs.registries import Entry

    rs = load_ruleset(["ru-designated-mentions"])
    loaded = rs.registries()
    assert list(loaded) == ["ru-designated.sample"]
    assert loaded["ru-designated.sample"] is load_registry("ru-designated.sample")  # read once, cached
    assert [r["id"] for r in rs.registries_info()] == ["ru-designated.sample"]
    # the check reads what the context holds: a registry given there (here with one more
    # entry and another hash) is the one used
    extra = Entry(id="x", name="Пример Пётр Петрович", kind="person", status="foreign_agent")
    sample = loaded["ru-designated.sample"]
    swapped = replace(sample, entries=[*sample.entries, extra], sha256="0" * 64)
    rule = next(r for r in rs.rules if r.id == RULE)
    doc = read_bytes(
        "Колонка\n\n18+ Пётр Пример рассказал о поездке.\n".encode(), "a.txt", rs.reader_options
    )[0]
    ctx = Context(as_of=date(2026, 5, 1), settings=rs.settings, registries={"ru-designated.sample": swapped})
    assert [f.outcome for f in rule.check.run(doc, ctx)] == ["missing"]
    plain = Context(as_of=date(2026, 5, 1), settings=rs.settings, registries=loaded)
    assert list(rule.check.run(doc, plain)) == []


def test_results_say_how_russian_names_were_matched(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor import morph

    rs = load_ruleset(["ru-designated-mentions"])
    assert [r["matching"] for r in rs.registries_info()] == ["lemmas (pymorphy3)"]
    monkeypatch.setattr(morph, "_analyzer", lambda: None)  # as if pymorphy3 were not installed
    (info,) = rs.registries_info()
    assert "pymorphy3 is not installed" in info["matching"] and "missed" in info["matching"]
