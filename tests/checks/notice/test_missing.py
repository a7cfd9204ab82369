"""notice.missing: a required notice that is absent, pointed at just under the headline."""

from __future__ import annotations

from datetime import date

from conftest import NOTICE_2022


def test_missing_when_required(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind("Lead paragraph without any label.", "notice.missing")
    assert f.outcome == "missing" and f.expected == NOTICE_2022
    assert f.span is not None and f.span.start == f.span.end  # an insertion point, after the headline


def test_not_missing_before_the_agent_was_listed(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind("Lead paragraph without any label.", "notice.missing", as_of=date(2021, 1, 1)) == []


def test_not_required_unless_the_metadata_says_so(run_kind) -> None:  # type: ignore[no-untyped-def]
    plain = run_kind("Lead paragraph.", "notice.missing", pack="ru-foreign-agent")
    assert plain == []
    flagged = run_kind("Lead paragraph.", "notice.missing", pack="ru-foreign-agent", metadata={"foreign_agent": True})
    assert [f.outcome for f in flagged] == ["missing"]
