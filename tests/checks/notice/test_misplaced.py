"""notice.misplaced: under the headline passes; after the body, or above the headline, does not."""

from __future__ import annotations

from conftest import NOTICE_2022

ARTICLE = "01 April 2016, 19:37\n\nA headline\n\n{a}Body paragraph one.\n\n{b}Author: A. Writer Source: Newsroom\n"


def test_under_the_headline_passes(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022, "notice.misplaced") == []


def test_after_the_body_is_misplaced(run_kind) -> None:  # type: ignore[no-untyped-def]
    text = ARTICLE.format(a="", b=NOTICE_2022 + "\n\n")
    [f] = run_kind("", "notice.misplaced", text=text)
    assert f.outcome == "misplaced" and "not directly under the headline" in f.message


def test_above_the_headline_is_misplaced(run_kind) -> None:  # type: ignore[no-untyped-def]
    text = NOTICE_2022 + "\n\nA headline\n\nBody paragraph one.\n"
    [f] = run_kind("", "notice.misplaced", text=text)
    assert "above the headline" in f.message
