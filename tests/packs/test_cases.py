"""`auditor rules test` (auditor/packs/cases.py): the shipped cases pass, a wrong expectation or a rule
without a pass and a fail example fails the run, and every rule of every shipped pack (inherited ones
included) brings its cases."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.packs.cases import run_cases
from auditor.packs.loader import shipped_packs
from auditor.packs.table import rows

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("auditor.readers.text") is None, reason="the text reader is not there yet"
)


def test_shipped_cases_pass() -> None:
    ok, report = run_cases(None)
    assert ok, report
    assert report.splitlines()[-1].endswith(" examples, all pass")


def test_a_wrong_expectation_fails_with_both_sides(tmp_path: Path) -> None:
    (tmp_path / "attribution.yaml").write_text(
        "pack: attribution\nas_of: 2026-11-28\ncases:\n"
        "  - name: no source\n    expect: []\n    text: |\n"
        "      01 April 2016, 19:37\n\n      Council approves the new city budget after a long debate\n\n"
        "      The council approved the budget on Monday.\n\n      Author: Jane Roe\n",
        encoding="utf-8",
    )
    ok, report = run_cases(None, folder=tmp_path)
    assert not ok
    assert "FAIL" in report and "expected [], got ['attribution/source missing']" in report
    assert report.splitlines()[-1].startswith("2 rules, 1 examples: 0 passed, 1 failed")


def _lacking(pack_id: str, folder: Path | None = None) -> list[str]:
    """Enabled rules of ``pack_id`` (its own and those it inherits, on its settings) without a pass
    and a fail example in the pack's own case file (rules/cases/<pack>.yaml, or one in ``folder``)."""
    from auditor.packs import load_ruleset
    from auditor.packs.cases import collect

    run, _ = collect([pack_id], folder)
    out = []
    for rule in load_ruleset([pack_id]).rules:
        ex = run.examples.get(rule.id)
        missing = [k for k, have in (("pass", ex and ex.passes), ("fail", ex and ex.fails)) if not have]
        if rule.enabled and missing:
            out.append(f"{pack_id}: {rule.id} ({rule.kind}) has no {' and no '.join(missing)} case")
    return out


def test_every_rule_of_every_shipped_pack_has_a_pass_and_a_fail_case_in_that_packs_file() -> None:
    """A new rule brings its cases (rules/cases/<pack>.yaml), and so does a profile pack for the
    rules it inherits: its settings and overrides change what they report."""
    from auditor.packs.loader import shipped_packs

    assert [line for pid, _ in shipped_packs() for line in _lacking(pid)] == []


def test_a_rule_without_a_fail_case_is_named(tmp_path: Path) -> None:
    (tmp_path / "attribution.yaml").write_text(
        "pack: attribution\nas_of: 2026-11-28\ncases:\n"
        "  - name: both lines\n    expect: []\n    text: |\n"
        "      01 April 2016, 19:37\n\n      Council approves the new city budget\n\n"
        "      The council approved the budget on Monday.\n\n      Author: Jane Roe Source: City Desk\n"
        "  - name: no author\n    expect: [attribution/author missing]\n    text: |\n"
        "      01 April 2016, 19:37\n\n      Council approves the new city budget\n\n"
        "      The council approved the budget on Monday.\n\n      Source: City Desk\n",
        encoding="utf-8",
    )
    assert _lacking("attribution", tmp_path) == ["attribution: attribution/source (field) has no fail case"]

def test_every_check_kind_a_shipped_rule_uses_has_a_pass_and_a_fail_case() -> None:
    from auditor.checks import KINDS
    from auditor.packs import load_ruleset
    from auditor.packs.cases import collect
    from auditor.packs.loader import shipped_packs

    run, _ = collect(None)
    used: dict[str, set[str]] = {}
    for pid, _ in shipped_packs():
        for rule in load_ruleset([pid]).rules:
            ex = run.examples.get(rule.id)
            covered = used.setdefault(rule.kind, set())
            covered.update(k for k, have in (("pass", ex and ex.passes), ("fail", ex and ex.fails)) if have)
    assert set(used) <= set(KINDS)
    assert {k: sorted(v) for k, v in used.items() if v != {"pass", "fail"}} == {}


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


def test_every_shipped_pack_has_a_case_file() -> None:
    cases = {p.stem for p in (REPO / "rules" / "cases").iterdir()}
    own = {r["id"].split("/", 1)[0] for r in rows()}
    assert sorted(pid for pid, _ in shipped_packs() if pid in own and pid not in cases) == []
