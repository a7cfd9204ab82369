"""House profiles with several editions: caucasian-knot's Russian and English editions each have
their own timestamp format and say whether a Source line is required; the altered-notice diff
shows quotes as the article prints them."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.packs import load_ruleset
from auditor.readers import read_bytes

NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
RU_PAGE = f"""14:07, 5 марта 2024

В Махачкале задержали участников одиночного пикета

{NOTICE}

Полиция задержала двух участников одиночных пикетов у здания правительства Дагестана, сообщили
правозащитники. Задержанных доставили в отдел полиции Советского района.

Автор: Мурад Мурадов
"""
EN_PAGE = """{stamp}

Two picketers detained in Makhachkala

{notice}

Police detained two single picketers outside the Dagestani government building, human rights
defenders reported. The detainees were taken to the Sovetsky District police station.

Author: Murad Muradov Source: CK correspondent
"""


@pytest.fixture(scope="module")
def ck():  # type: ignore[no-untyped-def]
    return load_ruleset(["caucasian-knot"])


def _findings(rs, text: str):  # type: ignore[no-untyped-def]
    doc = read_bytes(text.encode("utf-8"), "page.txt", rs.reader_options)[0]
    findings, _ = rs.evaluate(doc, date(2026, 11, 28))
    return doc, findings


def test_russian_edition_page_in_house_format_passes(ck) -> None:  # type: ignore[no-untyped-def]
    doc, findings = _findings(ck, RU_PAGE)
    assert doc.fields.language == "ru" and doc.fields.published.raw == "14:07, 5 марта 2024"
    assert [f.rule_id for f in findings if f.severity == "error"] == []
    assert not [f for f in findings if f.rule_id in ("timestamps/published-format", "attribution/source")]


def test_english_edition_keeps_its_format_and_its_source_line(ck) -> None:  # type: ignore[no-untyped-def]
    _, findings = _findings(ck, EN_PAGE.format(stamp="05 March 2024, 14:07", notice=NOTICE))
    assert [f.rule_id for f in findings if f.severity == "error"] == []
    _, findings = _findings(ck, EN_PAGE.format(stamp="14:07, 5 March 2024", notice=NOTICE))
    fmt = [f for f in findings if f.rule_id == "timestamps/published-format"]
    assert len(fmt) == 1 and "'05 March 2024, 14:07'" in fmt[0].message
    no_source = EN_PAGE.format(stamp="05 March 2024, 14:07", notice=NOTICE).replace(" Source: CK correspondent", "")
    _, findings = _findings(ck, no_source)
    assert [f.rule_id for f in findings if f.rule_id == "attribution/source"] == ["attribution/source"]


def test_russian_edition_in_another_format_is_shown_the_russian_way(ck) -> None:  # type: ignore[no-untyped-def]
    _, findings = _findings(ck, RU_PAGE.replace("14:07, 5 марта 2024", "05.03.2024 14:07"))
    fmt = [f for f in findings if f.rule_id == "timestamps/published-format"]
    assert len(fmt) == 1 and "'14:07, 5 марта 2024'" in fmt[0].message  # Russian genitive month name


def test_altered_notice_diff_shows_quotes_as_printed(ck) -> None:  # type: ignore[no-untyped-def]
    altered = NOTICE.replace("ДЕЯТЕЛЬНОСТИ", "РАБОТЫ").replace("ООО «МЕМО»,", 'ООО "МЕМО",')
    _, findings = _findings(ck, RU_PAGE.replace(NOTICE, altered))
    (f,) = [f for f in findings if f.rule_id == "ru-foreign-agent/notice-form" and f.outcome == "altered"]
    assert f.diff is not None
    assert 'ООО "МЕМО",' in f.diff and "ООО «МЕМО»." in f.diff  # the article's own quotes, no inner spaces
    assert '" МЕМО "' not in f.diff and "« МЕМО »" not in f.diff
