"""Every ✅ and ❌ example of the reference §1.2 (the 2020 form) and §1.3 (the 2022 form) gives the
outcome the reference states. Each case quotes its section and the example as written there."""

from __future__ import annotations

from datetime import date

import pytest
from packs_docs import make_doc

from auditor.packs import load_ruleset

HEADLINE = "Суд продлил арест блогера"
BODY = "Советский районный суд продлил арест блогера на два месяца, сообщил адвокат."
AFTER_2022 = date(2026, 11, 28)
IN_2020_FORM_TIME = date(2021, 6, 1)
V2_CK = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО “МЕМО”, "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО “МЕМО”."
)

# (section, the example as the reference writes it, where it stands, as-of, expected ru-foreign-agent outcomes)
CASES = [
    (
        "§1.2 ✅ v1 with the double space, valid 30.10.2020-30.11.2022",
        "Данное сообщение (материал) создано и (или) распространено иностранным средством  массовой информации, "
        "выполняющим функции иностранного агента, и (или) российским юридическим лицом, выполняющим функции "
        "иностранного агента.",
        "under",
        IN_2020_FORM_TIME,
        [],
    ),
    (
        "§1.2 ❌ hybrid seen in an app UI: matches neither v1 nor v2",
        "ДАННОЕ СООБЩЕНИЕ СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ АГЕНТОМ",
        "under",
        AFTER_2022,
        [("notice-form", "altered")],
    ),
    (
        "§1.2 ❌ v1 text on a page audited after 1 Dec 2022 -> outdated label form",
        "Данное сообщение (материал) создано и (или) распространено иностранным средством массовой информации, "
        "выполняющим функции иностранного агента, и (или) российским юридическим лицом, выполняющим функции "
        "иностранного агента.",
        "under",
        AFTER_2022,
        [("notice-outdated", "outdated")],
    ),
    ("§1.3 ✅ CK English site, curly quotes", V2_CK, "under", AFTER_2022, []),
    (
        "§1.3 ✅ CK Russian site, straight quotes",
        'НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "МЕМО", ЛИБО КАСАЕТСЯ '
        'ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО "МЕМО".',
        "under",
        AFTER_2022,
        [],
    ),
    (
        "§1.3 ✅ full verb list, no comma before ЛИБО, no final period",
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО» "
        "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»",
        "under",
        AFTER_2022,
        [],
    ),
    (
        "§1.3 ✅ (text) / ⚠ (case) sentence case: text rule passes, case rule warns",
        "Настоящий материал (информация) произведен и распространен иностранным агентом ООО «Мемо» либо касается "
        "деятельности иностранного агента ООО «Мемо»",
        "under",
        AFTER_2022,
        [("notice-case", "case")],
    ),
    (
        "§1.3 ❌ agent name missing (seen in the wild)",
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ.",
        "under",
        AFTER_2022,
        [("notice-form", "altered")],
    ),
    (
        "§1.3 ❌ template placeholder copied verbatim (pattern matches, RU-FA-2022-NAME fails)",
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ "
        "(НАИМЕНОВАНИЕ, ФАМИЛИЯ, ИМЯ ОТЧЕСТВО (ПРИ НАЛИЧИИ), СОДЕРЖАЩАЯСЯ В РЕЕСТР ИНОСТРАННЫХ АГЕНТОВ) ЛИБО "
        "КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА (НАИМЕНОВАНИЕ, ФАМИЛИЯ, ИМЯ ОТЧЕСТВО (ПРИ НАЛИЧИИ), "
        "СОДЕРЖАЩАЯСЯ В РЕЕСТР ИНОСТРАННЫХ АГЕНТОВ)",
        "under",
        AFTER_2022,
        [("notice-name", "name")],
    ),
    (
        "§1.3 ❌ English-only translation; fails RU-FA-2022-LANG",
        "THIS MATERIAL (INFORMATION) WAS PRODUCED AND DISTRIBUTED BY FOREIGN AGENT MEMO LLC",
        "under",
        AFTER_2022,
        [("notice-language", "wrong-language")],
    ),
    (
        "§1.3 ❌ label placed in the page footer / after the body text; fails RU-FA-2022-PLACE",
        V2_CK,
        "after",
        AFTER_2022,
        [("notice-placement", "misplaced")],
    ),
]


def article(notice: str, where: str) -> str:
    parts = [HEADLINE, notice, BODY] if where == "under" else [HEADLINE, BODY, notice]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize(("section", "example", "where", "as_of", "want"), CASES, ids=[c[0] for c in CASES])
def test_reference_example_gives_the_stated_outcome(
    section: str, example: str, where: str, as_of: date, want: list[tuple[str, str]]
) -> None:
    rs = load_ruleset(["ru-foreign-agent"])
    doc = make_doc(article(example, where), metadata={"foreign_agent": True, "age_rating": "18+"})
    findings, _ = rs.evaluate(doc, as_of)
    got = sorted(
        {
            (f.rule_id.split("/", 1)[1], f.outcome)
            for f in findings
            if f.rule_id.startswith("ru-foreign-agent/")
        }
    )
    assert got == sorted(want), (section, [f.message for f in findings])
    # a failing example is an error where the notice is required, except the unconfirmed case rule
    for f in findings:
        assert f.severity == ("warning" if f.outcome == "case" else "error"), (section, f.rule_id, f.severity)


def test_the_2022_size_example_fails_where_typography_is_known() -> None:
    """§1.3 ❌ "Label rendered at body size (e.g. 16 px label on 16 px body) - fails RU-FA-2022-SIZE"."""
    from auditor.model import Style

    rs = load_ruleset(["ru-foreign-agent"])
    doc = make_doc(article(V2_CK, "under"))
    doc.body_style = Style(font_size=16.0)
    for seg in doc.segments:
        seg.style = Style(font_size=16.0, color="#222222", background="#ffffff", upper=True)
    doc.format = "html"
    findings, unverified = rs.evaluate(doc, AFTER_2022)
    assert "ru-foreign-agent/notice-typography" not in unverified
    assert [(f.rule_id, f.outcome) for f in findings] == [("ru-foreign-agent/notice-typography", "too-small")]
