"""The foreign-agent notice in depth: names by lemma, quoted notices, Latin names, dates and duty,
language, hidden characters, age mark, footer placement; and which documents must carry it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import make_doc

from auditor.model import Finding
from auditor.packs import load_ruleset

AS_OF = date(2026, 11, 28)
HEAD = "01 April 2016, 19:37\n\nA headline about the court\n\n"
BODY = "\n\nBody paragraph one.\n\nAuthor: A. Writer Source: Newsroom\n"
V2 = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
V1 = (
    "Данное сообщение (материал) создано и (или) распространено иностранным средством массовой информации, "
    "выполняющим функции иностранного агента, и (или) российским юридическим лицом, выполняющим функции "
    "иностранного агента."
)
PERSON = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И (ИЛИ) РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ {instr} "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА {gen}"
)
CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"


def notice_findings(
    text: str, packs: list[str] | None = None, as_of: date = AS_OF, metadata: dict | None = None
) -> list[Finding]:
    rs = load_ruleset(packs or ["default"])
    assert rs.errors == []
    doc = make_doc(text, metadata=metadata)
    return [f for f in rs.evaluate(doc, as_of)[0] if f.rule_id.startswith("ru-foreign-agent/")]


def outcomes(text: str, **kw: object) -> list[tuple[str, str]]:
    return sorted((f.rule_id.split("/")[1], f.outcome) for f in notice_findings(text, **kw))  # type: ignore[arg-type]


def house_pack(tmp_path: Path, agent: str, extra: str = "") -> str:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\ntitle: House\nversion: '1'\nextends: [default]\nsettings:\n"
        f"  agent:\n{agent}  notice_required: always\n{extra}",
        encoding="utf-8",
    )
    return str(path)


# -- names ---------------------------------------------------------------------------------------
def test_declined_person_names_are_one_entity_and_two_persons_are_not() -> None:
    same = PERSON.format(instr="КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", gen="КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ")
    assert outcomes(HEAD + same + BODY) == []
    other = PERSON.format(instr="КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", gen="ПЕТРОВОЙ ЕЛЕНЫ ЛЬВОВНЫ")
    fs = notice_findings(HEAD + other + BODY)
    assert [(f.rule_id, f.outcome, f.severity) for f in fs] == [
        ("ru-foreign-agent/notice-name", "name", "error")
    ]
    assert "different entities" in fs[0].message and "ПЕТРОВОЙ" in fs[0].message


def test_quoted_organisation_names_are_compared_as_written() -> None:
    # a declension-like change inside the quotes is another organisation
    text = V2.replace("АГЕНТА ООО «МЕМО»", "АГЕНТА ООО «МЕМА»")
    assert outcomes(HEAD + text + BODY) == [("notice-name", "name")]


def test_house_agent_by_registry_name_matches_its_declined_forms(tmp_path: Path) -> None:
    pack = house_pack(tmp_path, "    name: КОНЕВА ЕЛЕНА ЛЬВОВНА\n    listed_from: 2022-04-01\n")
    ok = PERSON.format(instr="КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", gen="КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ")
    assert outcomes(HEAD + "18+ " + ok + BODY, packs=[pack]) == []
    # both slots agree, but not on the house agent
    wrong = PERSON.format(instr="ПЕТРОВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", gen="ПЕТРОВОЙ ЕЛЕНЫ ЛЬВОВНЫ")
    fs = notice_findings(HEAD + "18+ " + wrong + BODY, packs=[pack])
    assert {f.outcome for f in fs} == {"name"}
    assert any("expected 'КОНЕВА ЕЛЕНА ЛЬВОВНА'" in f.message for f in fs)


def test_latin_memo_is_a_lookalike_alteration_named_by_position() -> None:
    text = V2.replace("АГЕНТОМ ООО «МЕМО»", "АГЕНТОМ OOO «MEMO»")
    rs = load_ruleset(["caucasian-knot"])
    doc = make_doc(HEAD + text + BODY)
    fs = [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.startswith("ru-foreign-agent/")]
    assert [(f.rule_id, f.outcome) for f in fs] == [("ru-foreign-agent/notice-form", "altered")]
    col = text.index("OOO") + 1
    assert f"Latin 'O' (LATIN CAPITAL LETTER O) instead of Cyrillic 'О' in 'OOO' at 5:{col}" in fs[0].message
    assert f"5:{text.index('MEMO') + 1}: 'M' -> 'М' in 'MEMO'" in (fs[0].diff or "")
    assert [n.form for n in doc.notices] == [None]
    # an English name without Cyrillic look-alike meaning is left alone
    english = V2.replace("ООО «МЕМО»", "THE INSIDER LTD")
    assert outcomes(HEAD + english + BODY) == []


def test_a_repeated_verb_is_not_a_subset_of_the_three() -> None:
    fs = notice_findings(HEAD + V2.replace("И РАСПРОСТРАНЕН", "И ПРОИЗВЕДЕН") + BODY)
    assert [f.outcome for f in fs] == ["altered"]
    assert "repeated in the verb list: ПРОИЗВЕДЕН" in fs[0].message


def test_nameless_notice_says_so_and_diffs_against_the_closest_wording() -> None:
    nameless = (
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ."
    )
    (f,) = notice_findings(HEAD + nameless + BODY)
    assert "the notice names no agent" in f.message
    # the accepted full verb list is not shown as a change
    assert "НАПРАВЛЕН" not in (
        f.message.split("not in the form:")[-1] if "not in the form" in f.message else ""
    )
    assert f.diff is not None and f.diff.startswith(
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ)"
    )


# -- quotations are not the material's notice ----------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "Юрист пояснил, что текст должен звучать так: «" + V2 + "»",
        "Суд счёл, что " + V2,
        "«" + V2 + "»",
    ],
    ids=["in quotes mid-paragraph", "mid-sentence", "a quotation on its own line"],
)
def test_a_quoted_notice_is_not_the_materials_notice(body: str) -> None:
    rs = load_ruleset(["default"])
    doc = make_doc(HEAD + "Первый абзац статьи о законе.\n\n" + body + BODY, metadata={"foreign_agent": True})
    fs = [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.startswith("ru-foreign-agent/")]
    assert doc.notices == []
    assert [(f.rule_id, f.outcome) for f in fs] == [("ru-foreign-agent/notice-required", "missing")]


# -- forms by date ---------------------------------------------------------------------------------
def test_form_not_in_force_is_an_error_where_required_and_a_warning_where_not() -> None:
    required = notice_findings(HEAD + V1 + " 18+" + BODY, metadata={"foreign_agent": True})
    assert [(f.outcome, f.severity) for f in required] == [("outdated", "error")]
    assert "no longer in force on 2026-11-28" in required[0].message
    free = notice_findings(HEAD + V1 + BODY)
    assert [(f.outcome, f.severity) for f in free] == [("outdated", "warning")]
    early = notice_findings(
        HEAD + V2 + " 18+" + BODY, as_of=date(2022, 6, 1), metadata={"foreign_agent": True}
    )
    assert [(f.outcome, f.severity) for f in early] == [("outdated", "error")]
    assert "not yet in force on 2022-06-01 (from 2022-12-01)" in early[0].message
    assert early[0].expected is not None and early[0].expected.startswith("Данное сообщение")


def test_before_the_2020_form_nothing_is_required() -> None:
    meta = {"foreign_agent": True}
    assert outcomes(HEAD + "Body only." + BODY, as_of=date(2020, 10, 29), metadata=meta) == []
    assert outcomes(
        HEAD + "Body only." + BODY, as_of=date(2020, 10, 30), metadata={"foreign_agent": True}
    ) == [("notice-required", "missing")]


# -- language, characters, case, age mark, placement ------------------------------------------------
def test_english_translation_alone_fails_but_beside_the_russian_text_is_fine() -> None:
    en = "THIS MATERIAL (INFORMATION) WAS PRODUCED AND DISTRIBUTED BY FOREIGN AGENT MEMO LLC."
    fs = notice_findings(HEAD + en + BODY, packs=["caucasian-knot"])
    assert [(f.outcome, f.severity) for f in fs] == [("wrong-language", "error")]  # and not also "missing"
    assert fs[0].expected is not None and "ООО «МЕМО»" in fs[0].expected
    assert outcomes(HEAD + V2 + "\n\n" + en + BODY, packs=["caucasian-knot"]) == []
    # English prose about the law is no translation
    prose = "This material was produced by reporters who interviewed a foreign agent in Riga."
    assert outcomes(HEAD + "Intro paragraph.\n\n" + prose + BODY) == []


def test_hidden_characters_are_read_through_and_named_where_they_split_a_word() -> None:
    zw = V2.replace("ДЕЯТЕЛЬНОСТИ", "ДЕЯТЕЛЬ\u200bНОСТИ")
    (f,) = notice_findings(HEAD + zw + BODY)
    assert (f.outcome, f.severity) == ("hidden-characters", "warning")
    assert f"U+200B ZERO WIDTH SPACE at 5:{zw.index(chr(0x200B)) + 1}" in f.message
    (soft,) = notice_findings(HEAD + V2.replace("ИНОСТРАННЫМ", "ИНО\u00adСТРАННЫМ") + BODY)
    assert (soft.outcome, soft.severity) == ("hidden-characters", "info")
    assert outcomes(HEAD + V2.replace(" ", "\u00a0") + BODY) == []  # NBSP between words: typography


def test_case_is_judged_from_the_text_only_where_the_format_has_no_typography() -> None:
    lower = V2.lower().replace("«мемо»", "«Мемо»")
    assert outcomes(HEAD + lower + BODY) == [("notice-case", "case")]
    from auditor.model import Style

    rs = load_ruleset(["default"])
    doc = make_doc(HEAD + lower + BODY)
    doc.segments[2].style = Style(upper=True)  # text-transform: uppercase
    assert not [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.endswith("notice-case")]


def test_age_mark_wanted_with_a_required_notice_glued_either_side() -> None:
    meta = {"foreign_agent": True}
    assert outcomes(HEAD + V2 + BODY, metadata=meta) == [("notice-age-mark", "age-mark")]
    assert outcomes(HEAD + "18+ " + V2 + BODY, metadata=meta) == []
    assert outcomes(HEAD + V2 + " 18+" + BODY, metadata=meta) == []
    assert outcomes(HEAD + V2 + BODY, metadata={**meta, "age_rating": "18+"}) == []
    assert outcomes(HEAD + V2 + BODY) == []  # not required: no age-mark finding


def test_a_notice_only_in_page_chrome_fails_placement() -> None:
    rs = load_ruleset(["default"])
    doc = make_doc("Headline of the story\n\nBody text.\n\n" + V2 + "\n")
    doc.segments[0].kind, doc.segments[1].kind, doc.segments[2].kind = "headline", "body", "chrome"
    fs = [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.startswith("ru-foreign-agent/")]
    assert [f.outcome for f in fs] == ["misplaced"]
    assert "page chrome" in fs[0].message


# -- which documents must carry the notice ------------------------------------------------------------
def test_caucasian_knot_duty_runs_from_memo_listing() -> None:
    no_notice = HEAD + "Body only." + BODY
    assert outcomes(no_notice, packs=["caucasian-knot"], as_of=date(2021, 10, 7)) == []
    assert outcomes(no_notice, packs=["caucasian-knot"], as_of=date(2021, 10, 8)) == [
        ("notice-required", "missing")
    ]
    # in 2022 before December the 2020 form is the one expected
    (f,) = notice_findings(no_notice, packs=["caucasian-knot"], as_of=date(2022, 6, 1))
    assert f.expected is not None and f.expected.startswith("Данное сообщение")


def test_required_by_publisher_domain_or_name_or_metadata_and_only_while_listed(tmp_path: Path) -> None:
    agent = "    name: ООО «МЕМО»\n    listed_from: 2021-10-08\n    listed_to: 2030-01-31\n"
    extra = "  publisher: {names: [Caucasian Knot, Кавказский узел], domains: [kavkaz-uzel.eu]}\n"
    pack = house_pack(tmp_path, agent, extra)
    Path(pack).write_text(
        Path(pack).read_text(encoding="utf-8").replace("always", "[publisher, metadata]"), encoding="utf-8"
    )
    no_notice = HEAD + "Body only." + BODY
    missing = [("notice-required", "missing")]
    assert outcomes(no_notice, packs=[pack]) == []
    assert (
        outcomes(no_notice, packs=[pack], metadata={"url": "https://www.eng.kavkaz-uzel.eu/articles/1"})
        == missing
    )
    assert outcomes(no_notice, packs=[pack], metadata={"url": "https://kavkaz-uzel.eu.example.com/a"}) == []
    assert outcomes(no_notice, packs=[pack], metadata={"publisher": "Кавказский узел"}) == missing
    assert outcomes(no_notice, packs=[pack], metadata={"foreign_agent": "true"}) == missing
    # after listed_to the duty ends
    assert outcomes(no_notice, packs=[pack], metadata={"foreign_agent": True}, as_of=date(2030, 2, 1)) == []


# -- the corpus --------------------------------------------------------------------------------------
@pytest.mark.skipif(not (CORPUS / "articles").is_dir(), reason="shared corpus absent")
def test_corpus_pages_get_no_foreign_agent_findings() -> None:
    from auditor.readers import read_bytes

    rs = load_ruleset(["default"])
    pages = sorted((CORPUS / "articles").iterdir())
    assert len(pages) >= 60
    found = []
    for page in pages:
        for doc in read_bytes(page.read_bytes(), page.name, rs.reader_options):
            findings, _ = rs.evaluate(doc, AS_OF)
            found += [(page.name, f.rule_id) for f in findings if f.rule_id.startswith("ru-foreign-agent/")]
            assert doc.notices == [], page.name
    assert found == []
