"""notice.case: the 2022 form in mixed case is a warning; capitals by styling count."""

from __future__ import annotations

from conftest import NOTICE_2022


def test_mixed_case_is_reported_with_the_capitals_expected(run_kind) -> None:  # type: ignore[no-untyped-def]
    lower = NOTICE_2022.capitalize()
    [f] = run_kind(lower, "notice.case")
    assert f.outcome == "case" and f.severity == "warning" and f.expected == lower.upper()


def test_capitals_pass(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022, "notice.case") == []
