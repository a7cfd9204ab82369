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
