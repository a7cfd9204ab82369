"""notice.outdated_form: the 2020 form after 30 Nov 2022, and the 2022 form before 1 Dec 2022."""

from __future__ import annotations

from datetime import date

from conftest import NOTICE_2020, NOTICE_2022


def test_the_2020_form_is_outdated_in_2026(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2020, "notice.outdated_form")
    assert f.outcome == "outdated" and "no longer in force" in f.message and f.expected == NOTICE_2022


def test_the_2022_form_is_not_yet_in_force_in_2021(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022, "notice.outdated_form", as_of=date(2021, 11, 1))
    assert "not yet in force" in f.message


def test_only_a_warning_where_no_notice_is_required(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2020, "notice.outdated_form", pack="ru-foreign-agent")
    assert f.severity == "warning" and "not required" in f.message
