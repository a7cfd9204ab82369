"""Talk about the law and quoted labels in body sentences are never notice candidates."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.packs import load_ruleset
from auditor.readers import read_bytes

HEAD = "Минюст дополнил реестр иностранных агентов"
SENTENCES = [
    "Иностранным агентом признан журналист Иван Петров, сообщил Минюст.",
    "ИНОСТРАННЫМ АГЕНТОМ, по версии ведомства, стала ещё одна организация.",
    "Суд оштрафовал издание за отсутствие маркировки иностранного агента в публикации.",
    "Ведомство включило в реестр СМИ, выполняющих функции иностранного агента, ещё два издания.",
    "По закону материал должен начинаться с пометки «НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И "
    "РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «РОГА», ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «РОГА»».",
    "Редакция получила протокол: в нём сказано, что «ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО "
    "ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ» не было указано.",
]


@pytest.fixture(scope="module")
def ruleset():  # type: ignore[no-untyped-def]
    return load_ruleset(["default"])


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("where", ["first", "middle", "own-line"])
def test_body_sentence_about_the_law_is_no_notice(ruleset, sentence: str, where: str) -> None:  # type: ignore[no-untyped-def]
    other = "Решение опубликовано на сайте ведомства в пятницу вечером, уточняет агентство."
    if where == "first":
        body = f"{sentence} {other}"
    elif where == "middle":
        body = f"{other} {sentence} {other}"
    else:
        body = f"{other}\n{sentence}\n{other}"
    doc = read_bytes(f"{HEAD}\n\n{body}\n".encode(), "a.txt", ruleset.reader_options)[0]
    findings, _ = ruleset.evaluate(doc, date(2026, 11, 28))
    assert doc.notices == [], [n.text for n in doc.notices]
    assert not [f for f in findings if f.rule_id.startswith("ru-foreign-agent/notice")]
    assert not doc.segments_of("notice")
