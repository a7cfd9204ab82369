"""The other legal packs (EU AI Act, FTC, Anzeige, Реклама, FEC, UK imprint, opinion), the
`disclosure` check kind, the extended `when`, `auditor rules test|explain` and the rules table."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from auditor.packs import load_ruleset, show_rule
from auditor.packs.cases import run_cases
from auditor.packs.loader import shipped_packs
from auditor.packs.table import rows, rules_table
from auditor.readers import read_bytes

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 28)


def findings(packs: list[str], text: str, fmt: str = "markdown", as_of: date = AS_OF) -> list[tuple[str, str]]:
    rs = load_ruleset(packs)
    assert rs.errors == []
    (doc,) = read_bytes(text.encode("utf-8"), "case.md" if fmt == "markdown" else "case.txt", rs.reader_options, fmt=fmt)
    return [(f.rule_id, f.outcome) for f in rs.evaluate(doc, as_of)[0]]


# -- `auditor rules test` ------------------------------------------------------------------------
def test_every_shipped_rule_has_a_pass_and_a_fail_example_and_every_case_passes() -> None:
    ok, report = run_cases(None)
    summary = report.splitlines()[-1]
    assert ok, "\n".join(ln for ln in report.splitlines() if not ln.startswith("PASS"))
    n_rules, n_examples = int(summary.split()[0]), int(summary.split()[2])
    assert summary == f"{n_rules} rules, {n_examples} examples, all pass"
    assert n_rules == sum(1 for r in rows() if r["severity"] != "off")
    assert n_examples >= 2 * n_rules


def _cases(folder: Path, body: str) -> Path:
    (folder / "attribution.yaml").write_text("pack: attribution\nas_of: 2026-11-28\ncases:\n" + body, encoding="utf-8")
    return folder


ARTICLE = (
    "      01 April 2016, 19:37\n\n      Council approves the new city budget after a long debate\n\n"
    "      The council approved the budget on Monday.\n\n"
)


def test_a_rule_with_only_pass_examples_fails_the_run(tmp_path: Path) -> None:
    body = f"  - name: both present\n    expect: []\n    text: |\n{ARTICLE}      Author: Jane Roe Source: Desk\n"
    ok, report = run_cases(None, folder=_cases(tmp_path, body))
    assert not ok
    assert "NO EXAMPLE attribution/author: no fail example" in report
    assert "NO EXAMPLE attribution/source: no fail example" in report
    assert report.splitlines()[-1] == (
        "2 rules, 1 examples: 1 passed, 2 rule(s) without a pass and a fail example"
    )


def test_pass_and_fail_examples_of_both_rules_make_the_run_pass(tmp_path: Path) -> None:
    body = (
        f"  - name: both present\n    expect: []\n    text: |\n{ARTICLE}      Author: Jane Roe Source: Desk\n"
        f"  - name: neither\n    expect: [attribution/author missing, attribution/source missing]\n"
        f"    text: |\n{ARTICLE}"
    )
    ok, report = run_cases(None, folder=_cases(tmp_path, body))
    assert ok, report
    assert report.splitlines()[-1] == "2 rules, 2 examples, all pass"


def test_a_failing_case_is_no_example(tmp_path: Path) -> None:
    body = (
        f"  - name: both present\n    expect: []\n    text: |\n{ARTICLE}      Author: Jane Roe Source: Desk\n"
        f"  - name: wrong expectation\n    expect: [attribution/author missing]\n    text: |\n{ARTICLE}"
    )
    ok, report = run_cases(None, folder=_cases(tmp_path, body))
    assert not ok
    assert "FAIL" in report and "NO EXAMPLE attribution/author: no fail example" in report


def test_a_case_may_set_its_own_as_of(tmp_path: Path) -> None:
    (tmp_path / "uk-digital-imprint.yaml").write_text(
        "pack: uk-digital-imprint\nas_of: 2026-11-28\ncases:\n"
        "  - name: before the Act\n    format: markdown\n    as_of: 2023-10-31\n    expect: []\n"
        "    text: |\n      ---\n      political: true\n      ---\n\n      # Vote Jane Doe\n\n      Jane will fix the roads.\n"
        "  - name: after\n    format: markdown\n    expect: [uk-digital-imprint/promoter missing, uk-digital-imprint/address missing]\n"
        "    text: |\n      ---\n      political: true\n      ---\n\n      # Vote Jane Doe\n\n      Jane will fix the roads.\n",
        encoding="utf-8",
    )
    ok, report = run_cases(None, folder=tmp_path)
    assert "PASS" in report and "FAIL" not in report
    # the rules never ran without a finding, so they have no pass example yet
    assert not ok and "NO EXAMPLE uk-digital-imprint/promoter: no pass example" in report


def test_cli_rules_test_prints_the_summary_and_exits_0() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "rules", "test", "us-ftc-native-ads"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("3 rules, ") and proc.stdout.rstrip().endswith(", all pass")


# -- `auditor rules explain` -----------------------------------------------------------------------
def test_explain_shows_the_law_with_confidence_and_both_kinds_of_example() -> None:
    text = show_rule(load_ruleset([]), "us-ftc-native-ads/weak-term", explain=True)  # not in default
    assert text is not None
    assert "[UNCONFIRMED]" in text and "[CONFIRMED]" in text and "ftc.gov" in text
    assert "pass (no finding): " in text
    assert 'fail -> weak: §2.2 ❌ "Promoted" as the only label' in text
    assert "        | Promoted" in text  # the example's text is shown


def test_show_without_explain_has_no_examples() -> None:
    text = show_rule(load_ruleset(["opinion-label"]), "opinion-label/label")
    assert text is not None and "examples" not in text and "SPJ Code of Ethics" in text


# -- severity: from the binding (tests/test_basis.py); an unconfirmed duty is never an error -------
@pytest.mark.parametrize("row", rows(), ids=lambda r: r["id"])
def test_an_unconfirmed_duty_is_never_an_error(row: dict) -> None:
    assert row["sources"], f"{row['id']} cites no source"
    if row["confidence"] != "CONFIRMED":
        assert row["severity"] in ("warning", "info", "off"), f"{row['id']}: {row['confidence']} duty shipped as error"


def test_rules_table_is_current() -> None:
    committed = (REPO / "docs" / "rules-table.md").read_text(encoding="utf-8")
    assert committed == rules_table(), "regenerate: python -m auditor.packs.table > docs/rules-table.md"


def test_every_shipped_pack_has_a_case_file() -> None:
    cases = {p.stem for p in (REPO / "rules" / "cases").iterdir()}
    own = {r["id"].split("/", 1)[0] for r in rows()}
    assert sorted(pid for pid, _ in shipped_packs() if pid in own and pid not in cases) == []


# -- the extended `when` -------------------------------------------------------------------------------
EU_BODY = "# Storm warning for the coast\n\nForecasters expect strong winds along the coast from Saturday evening.\n"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("ai_generated: true", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\neditorial_review: true", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\nresponsible_editor: Jane Doe", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\neditorial_review: true\nresponsible_editor: Jane Doe", []),
        ('ai_generated: true\neditorial_review: true\nresponsible_editor: ""', [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\npublic_interest: false", []),
        ("ai_generated: false", []),
        ("title: no AI flag at all", []),
    ],
)
def test_when_unless_any_and_metadata_present(front: str, expected: list[tuple[str, str]]) -> None:
    assert findings(["eu-ai-act-art50"], f"---\n{front}\n---\n\n{EU_BODY}") == expected


def test_when_any_of_two_metadata_keys() -> None:
    body = "# Lakes in autumn\n\nThe lakes are quiet in autumn and the hotels are cheaper.\n"
    for key in ("sponsored", "paid_content"):
        assert findings(["us-ftc-native-ads"], f"---\n{key}: true\n---\n\n{body}") == [
            ("us-ftc-native-ads/label", "missing")
        ]
    assert findings(["us-ftc-native-ads"], f"---\nsponsored: false\npaid_content: false\n---\n\n{body}") == []


# -- the disclosure check --------------------------------------------------------------------------------
def ftc(text: str, fmt: str = "markdown") -> list[tuple[str, str]]:
    return findings(["us-ftc-native-ads"], text, fmt)


SPONSORED = "---\nsponsored: true\n---\n\n"


def test_a_label_in_page_chrome_after_the_article_is_no_label() -> None:
    text = SPONSORED + "# Lakes in autumn\n\nThe lakes are quiet in autumn.\n\nAll news\n\nAdvertisement\n"
    assert ftc(text) == [("us-ftc-native-ads/label", "missing")]


def test_a_label_that_turned_the_article_into_chrome_still_counts() -> None:
    # "Advertisement" is also a chrome heading for the layout rules: everything after it is chrome
    text = SPONSORED + "# Lakes in autumn\n\nAdvertisement\n\nThe lakes are quiet in autumn.\n"
    assert ftc(text) == []


def test_a_long_first_paragraph_is_body_not_a_label_line() -> None:
    long_para = "Sponsored content is everywhere now, " + "and readers find it hard to tell apart " * 4
    text = SPONSORED + f"# Lakes in autumn\n\n{long_para}\n\nMore text.\n"
    assert ftc(text) == [("us-ftc-native-ads/label", "misplaced")]


def test_nbsp_soft_hyphen_and_look_alikes_do_not_hide_a_label() -> None:
    text = SPONSORED + "Sponsored\u00a0con\u00adtent\n\n# Lakes in autumn\n\nThe lakes are quiet in autumn.\n"
    assert ftc(text) == []
    ru = "---\npaid_content: true\nlanguage: ru\n---\n\n# Велосипеды\n\nРеклaма. ООО «Ромашка». erid: 2VtzqvWgxEU\n"
    assert findings(["ru-advertising"], ru) == []  # Latin "a" inside «Реклама» is folded


def test_findings_point_at_the_label_and_carry_the_expected_term() -> None:
    rs = load_ruleset(["de-anzeige"])
    text = "---\npaid_content: true\nlanguage: de\n---\n\n# Radwege im Allgäu\n\nSponsored by Scharr\n\nZwischen Seen und Bergen.\n"
    (doc,) = read_bytes(text.encode("utf-8"), "a.md", rs.reader_options)
    (f,) = rs.evaluate(doc, AS_OF)[0]
    assert (f.rule_id, f.outcome, f.evidence, f.expected) == ("de-anzeige/anzeige", "weak", "Sponsored", "Anzeige")
    assert (f.span.line, f.span.column) == (8, 1)
    assert f.severity == "error" and f.references and f.fix


def test_a_document_without_segments_is_unverified() -> None:
    from auditor.model import Document

    rs = load_ruleset(["opinion-label"])
    doc = Document("a.json", "records", "Opinion\n\nText", [], {"opinion": True})
    findings_, unverified = rs.evaluate(doc, AS_OF)
    assert findings_ == [] and unverified == ["opinion-label/label", "opinion-label/label-position"]


def test_a_bad_term_regex_is_a_pack_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'id: bad\ntitle: Bad\nversion: "1"\nrules:\n  - id: x\n    title: X\n'
        "    check: {kind: disclosure, label: Ad, terms: ['(unclosed']}\n",
        encoding="utf-8",
    )
    errors = load_ruleset([str(bad)]).errors
    assert len(errors) == 1 and "invalid regular expression" in str(errors[0]) and ":7:" in str(errors[0])
