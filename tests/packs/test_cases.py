"""`auditor rules test`: the shipped starter cases pass, and a wrong expectation is reported."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from auditor.packs.cases import run_cases

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
