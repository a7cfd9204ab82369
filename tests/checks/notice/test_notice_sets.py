"""Notice sets in packs: a rule names one; an unknown name is a pack error; `required_text` still works."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import NOTICE_2022
from packs_docs import make_doc

from auditor.packs import load_ruleset

HOUSE = """\
id: house
title: House notice
version: "1.0"
settings:
  notice_required: always
notices:
  house-notice:
    forms:
      - id: v1
        text: "ЭТОТ МАТЕРИАЛ ПОДГОТОВЛЕН ПАРТНЁРОМ {partner}."
rules:
  - id: form
    title: The house notice is word for word
    check: {kind: notice.altered, notice: NAME}
  - id: present
    title: The house notice is there
    check: {kind: notice.missing, notice: house-notice}
"""


def test_an_unknown_notice_set_is_a_pack_error_with_place_and_hint(tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text(HOUSE.replace("NAME", "house-notise"), encoding="utf-8")
    rs = load_ruleset([str(pack)])
    [err] = [str(e) for e in rs.errors]
    assert ":14:43:" in err and "no notice set 'house-notise'" in err and "did you mean 'house-notice'" in err


def test_rules_share_one_house_notice_set(tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text(HOUSE.replace("NAME", "house-notice"), encoding="utf-8")
    rs = load_ruleset([str(pack)])
    assert rs.errors == []
    doc = make_doc("A headline\n\nЭТОТ МАТЕРИАЛ ПОДГОТОВЛЕН ПАРТНЕРОМ.\n\nBody text of the article.\n")
    findings, _ = rs.evaluate(doc, date(2026, 1, 1))
    assert [(f.rule_id, f.outcome) for f in findings] == [("house/form", "altered")]
    missing, _ = rs.evaluate(make_doc("A headline\n\nBody text of the article.\n"), date(2026, 1, 1))
    assert [(f.rule_id, f.outcome) for f in missing] == [("house/present", "missing")]


LEGACY = """\
id: legacy
title: Legacy pack
version: "1.0"
extends: [ru-foreign-agent]
settings:
  notice_required: always
  agent: {name: ООО «МЕМО»}
rules:
  - id: all-in-one
    title: The notice, every outcome
    check:
      kind: required_text
      forms:
        - id: "2022"
          effective_from: 2022-12-01
          text: >-
            НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ {agent_instr},
            ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА {agent_gen}.
          upper: true
      slots: {agent: {equal_to: settings.agent}}
      placement: {after: headline}
"""


def test_required_text_reports_what_the_notice_kinds_report(tmp_path: Path) -> None:
    pack = tmp_path / "legacy.yaml"
    pack.write_text(LEGACY, encoding="utf-8")
    rs = load_ruleset([str(pack)])
    assert rs.errors == []
    text = "A headline\n\nBody text first.\n\n" + NOTICE_2022.replace("ДЕЯТЕЛЬНОСТИ ", "").capitalize() + "\n"
    findings, _ = rs.evaluate(make_doc(text), date(2026, 1, 1))
    legacy = sorted(f.outcome for f in findings if f.rule_id == "legacy/all-in-one")
    kinds = sorted(f.outcome for f in findings if f.rule_id.startswith("ru-foreign-agent/"))
    assert legacy == kinds == ["age-mark", "altered", "misplaced"]
    by_outcome = {(f.outcome, f.rule_id.startswith("legacy")): f for f in findings}
    assert by_outcome[("altered", True)].diff == by_outcome[("altered", False)].diff
