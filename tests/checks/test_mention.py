"""The mention check through the real readers and rule set: the reference's §1.4/§1.5 examples,
where the duty applies, notices, chrome, windows and options."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import load_pack

from auditor.model import Finding
from auditor.packs import RuleSet, load_ruleset
from auditor.readers import read_bytes

P = "ru-designated-mentions/"
AS_OF = date(2026, 5, 1)

# Entities of the reference's examples that the shipped sample does not carry (test data only).
TEST_REGISTRY = """\
registry: test-only
title: test entries (not real designations)
sample: true
entries:
  - {id: dzyadko, name: Дзядко Тихон Витальевич, aliases: [Тихон Дзядко], kind: person, status: foreign_agent, listed_from: 2022-01-01}
  - {id: petrov, name: Петров Алексей, aliases: [Алексей Петров], kind: person, status: foreign_agent, listed_from: 2022-01-01}
"""


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    """ru-designated-mentions with a publisher under Russian jurisdiction (an outlet's English site)."""
    root = tmp_path_factory.mktemp("house")
    (root / "test-registry.yaml").write_text(TEST_REGISTRY, encoding="utf-8")
    return load_pack(
        root,
        "id: house\ntitle: t\nversion: '1'\nextends: [ru-designated-mentions]\nsettings:\n"
        "  registries: [ru-designated.sample, ./test-registry.yaml]\n"
        "  publisher: {names: [Caucasian Knot], domains: [kavkaz-uzel.eu], jurisdiction: RU}\n",
    )


def run(rs: RuleSet, text: str, fmt: str = "text", as_of: date = AS_OF) -> list[Finding]:
    suffix = {"text": ".txt", "html": ".html", "markdown": ".md"}[fmt]
    out: list[Finding] = []
    for doc in read_bytes(text.encode("utf-8"), "a" + suffix, rs.reader_options, fmt=fmt):
        out.extend(rs.evaluate(doc, as_of)[0])
    return out


def ru(body: str) -> str:
    return f"Заголовок материала\n\n18+ {body}\n"


def en_ck(body: str) -> str:
    return (
        '<html lang="en"><head><link rel="canonical" href="https://www.eng.kavkaz-uzel.eu/articles/1"></head>'
        f"<body><article><h1>News of the day</h1><p>{body}</p></article></body></html>"
    )


# (case id naming the reference section, text, format, as-of, rule that decides, expected outcome or None)
REFERENCE = [
    ("§1.4-ok-parenthesis-twice",
     ru("Главный редактор телеканала «Дождь» (признан иностранным агентом) Тихон Дзядко (признан иностранным агентом) дал интервью."),
     "text", AS_OF, "foreign-agent", None),
    ("§1.4-ok-asterisk-footnote",
     ru("Сегодня Алексей Петров* написал колонку о выборах.\n\n* — лицо, признанное иностранным агентом в Российской Федерации."),
     "text", AS_OF, "foreign-agent", None),
    ("§1.4-ok-media-asterisk",
     ru("Об этом сообщила Медиазона* со ссылкой на адвоката.\n\n*признано СМИ-иностранным агентом"),
     "text", AS_OF, "foreign-agent", None),
    ("§1.4-ok-english-designated",
     en_ck("Meduza (designated a “foreign agent” in Russia) published the letter. 18+"),
     "html", AS_OF, "foreign-agent", None),
    ("§1.4-fail-no-status",
     ru("Илья Варламов рассказал о поездке."), "text", AS_OF, "foreign-agent", "missing"),
    ("§1.4-fail-asterisk-without-footnote",
     ru("Сегодня Алексей Петров* написал колонку о выборах."), "text", AS_OF, "foreign-agent", "footnote-missing"),
    ("§1.5-ok-reference-form",
     ru("Meta (организация признана экстремистской и запрещена в России) объявила о новых функциях."),
     "text", AS_OF, "extremist", None),
    ("§1.5-ok-whose-activity",
     ru("Meta Platforms Inc., деятельность которой признана экстремистской и запрещена на территории РФ, отчиталась."),
     "text", AS_OF, "extremist", None),
    ("§1.5-ok-rkn-example",
     ru("«Правый сектор» (организация, деятельность которой в Российской Федерации запрещена) провел акцию."),
     "text", date(2024, 1, 1), "extremist", None),
    ("§1.5-ok-star-footnote-rosfinmonitoring",
     ru("Meta✱ (запрещена в РФ как экстремистская) представила очки.\n\n✱ - компания внесена Росфинмониторингом в перечень террористов и экстремистов."),
     "text", AS_OF, "extremist", None),
    ("§1.5-ok-footnote-form",
     ru("Пользователи Instagram* пожаловались на сбой.\n\n*Социальная сеть признана экстремистской и запрещена на территории Российской Федерации."),
     "text", AS_OF, "extremist", None),
    ("§1.5-ok-ck-english-is-recognized",
     en_ck('Police found a flag of "Islamic State" (IS was recognized as a terrorist organization and banned in Russia).'),
     "html", AS_OF, "terrorist", None),
    ("§1.5-ok-ck-english-a-terrorist-organization",
     en_ck('Militants of the "Islamic State" (IS), a terrorist organization, banned in Russia by the court, retreated.'),
     "html", AS_OF, "terrorist", None),
    ("§1.5-ok-ck-english-asterisk",
     en_ck("Jehovah's Witnesses* held a meeting.</p><p>* The organization is recognized as extremist and banned in Russia."),
     "html", AS_OF, "extremist", None),
    ("§1.5-fail-wrong-status-undesirable",
     ru("Пользователи Instagram* пожаловались.\n\n* Instagram — Meta Platforms Inc., признана нежелательной в РФ"),
     "text", AS_OF, "status-correct", "wrong-status"),
    ("§1.5-fail-no-status",
     ru("Meta объявила о новых функциях Instagram."), "text", AS_OF, "extremist", "missing"),
    ("§1.5-fail-english-note-on-russian-page",
     ru("Meta (banned in Russia) объявила о новых функциях."), "text", AS_OF, "extremist", "missing"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "fmt", "as_of", "rule", "outcome"), [r[1:] for r in REFERENCE], ids=[r[0] for r in REFERENCE]
)
def test_reference_examples(
    house: RuleSet, text: str, fmt: str, as_of: date, rule: str, outcome: str | None
) -> None:
    findings = run(house, text, fmt, as_of)
    deciding = [f for f in findings if f.rule_id in (P + rule, P + "status-correct")]
    if outcome is None:
        assert deciding == [], [f.message for f in deciding]
    else:
        assert [f.outcome for f in findings if f.rule_id == P + rule] == [outcome], [
            f.message for f in findings
        ]


def test_inflected_forms_are_found_and_reported_where_written(house: RuleSet) -> None:
    text = "Заголовок\n\n18+ Видео Ильи Варламова посмотрели миллионы. Об Илье Варламове снят фильм.\n"
    found = [f for f in run(house, text) if f.rule_id == P + "foreign-agent"]
    assert [(f.evidence, f.span.line if f.span else None) for f in found] == [
        ("Ильи Варламова", 3),
        ("Илье Варламове", 3),
    ]
    assert found[0].expected == "(признан иностранным агентом)"
    assert "since 2023-03-23" in found[0].message


def test_common_words_and_lower_case_are_not_names(house: RuleSet) -> None:
    text = "Погода\n\n18+ Весь день шёл дождь, медуза выбросилась на берег, мета-анализ опубликован.\n"
    assert run(house, text) == []


def test_us_english_page_mentioning_facebook_owes_no_note() -> None:
    rs = load_ruleset(["default"])
    html = (
        '<html lang="en"><head><link rel="canonical" href="https://news.example.com/a"></head><body><article>'
        "<h1>Facebook changes its feed</h1><p>Facebook and Instagram will show fewer posts from pages, "
        "the company said on Tuesday.</p></article></body></html>"
    )
    assert [f for f in run(rs, html, "html") if f.rule_id.startswith(P)] == []


def test_default_profile_checks_russian_documents() -> None:
    rs = load_ruleset(["default"])
    found = [
        f.rule_id
        for f in run(rs, ru("Пользователи Facebook пожаловались на сбой."))
        if f.rule_id.startswith(P)
    ]
    assert found == [P + "extremist"]


def test_text_inside_the_notice_is_not_a_mention_and_states_the_agents_status(house: RuleSet) -> None:
    notice = (
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
        "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
    )
    text = f"Суд продлил арест\n\n{notice}\n\nУчредитель издания ООО «МЕМО» подал апелляцию.\n"
    assert [f for f in run(house, text) if f.rule_id.startswith(P)] == []
    without = "Суд продлил арест\n\n18+ Учредитель издания ООО «МЕМО» подал апелляцию.\n"
    assert [f.outcome for f in run(house, without)] == ["missing"]


def test_page_chrome_is_not_the_article(house: RuleSet) -> None:
    html = (
        '<html lang="ru"><body><nav><a href="/1">Илья Варламов рассказал о поездке</a></nav>'
        "<article><h1>Новости города</h1><p>Мэрия открыла новый парк в центре города.</p></article>"
        "</body></html>"
    )
    assert [f for f in run(house, html, "html") if f.rule_id.startswith(P)] == []


def test_one_finding_per_entity_and_sentence(house: RuleSet) -> None:
    text = ru("Meta объявила, что Instagram и Facebook покажут меньше постов.")
    assert [f.rule_id for f in run(house, text)] == [P + "extremist"]


def test_character_window_and_first_mention_options(tmp_path: Path) -> None:
    rs = load_pack(
        tmp_path,
        "id: p\ntitle: t\nversion: '1'\nextends: [ru-designated-mentions]\noverrides:\n"
        "  ru-designated-mentions/foreign-agent:\n    options: {window: {before: 0, after: 30}, every_mention: false}\n",
    )
    # the status 60 characters after the name is outside a 30-character window
    far = ru("Илья Варламов вчера вечером рассказал о поездке в Тбилиси, он признан иностранным агентом.")
    assert [f.outcome for f in run(rs, far) if f.rule_id == P + "foreign-agent"] == ["missing"]
    # once stated, later mentions need no repeat with every_mention: false
    later = ru("Илья Варламов (признан иностранным агентом) снял фильм. Илья Варламов показал его в Риге.")
    assert [f for f in run(rs, later) if f.rule_id == P + "foreign-agent"] == []
    assert [f.outcome for f in run(load_ruleset([P[:-1]]), later) if f.rule_id == P + "foreign-agent"] == [
        "missing"
    ]


def test_latin_lookalikes_and_nbsp_in_a_name_still_match(house: RuleSet) -> None:
    text = ru("Илья\u00a0Вaрламов рассказал о поездке.")  # Latin 'a' inside the Cyrillic surname
    assert [f.outcome for f in run(house, text) if f.rule_id == P + "foreign-agent"] == ["missing"]


def test_a_bad_mention_option_is_a_positioned_pack_error(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "id: p\ntitle: t\nversion: '1'\nrules:\n  - id: x\n    title: x\n"
        "    check: {kind: mention, statuses: [spy]}\n",
        encoding="utf-8",
    )
    rs = load_ruleset([str(tmp_path / "p.yaml")])
    assert rs.errors and rs.errors[0].line == 7 and "statuses" in str(rs.errors[0])
