"""notice.age_mark: a required notice with no 18+ mark (ru-foreign-agent; caucasian-knot turns it off)."""

from __future__ import annotations

from conftest import NOTICE_2022

FLAG = {"foreign_agent": True}


def test_required_notice_without_age_mark(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022, "notice.age_mark", pack="ru-foreign-agent", metadata=FLAG)
    assert f.outcome == "age-mark" and f.expected == NOTICE_2022 + " 18+"


def test_a_glued_mark_or_the_metadata_rating_counts(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind("18+ " + NOTICE_2022, "notice.age_mark", pack="ru-foreign-agent", metadata=FLAG) == []
    rated = {**FLAG, "age_rating": "18+"}
    assert run_kind(NOTICE_2022, "notice.age_mark", pack="ru-foreign-agent", metadata=rated) == []
