"""notice.misplaced: directly under or directly above the headline passes (the beginning of the
material); after the body, or above the headline with text between them, does not."""

from __future__ import annotations

from conftest import NOTICE_2022

ARTICLE = "01 April 2016, 19:37\n\nA headline\n\n{a}Body paragraph one.\n\n{b}Author: A. Writer Source: Newsroom\n"


def test_under_the_headline_passes(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022, "notice.misplaced") == []


def test_after_the_body_is_misplaced(run_kind) -> None:  # type: ignore[no-untyped-def]
    text = ARTICLE.format(a="", b=NOTICE_2022 + "\n\n")
    [f] = run_kind("", "notice.misplaced", text=text)
    assert f.outcome == "misplaced" and "not directly under the headline" in f.message


def test_directly_above_the_headline_passes(run_kind) -> None:  # type: ignore[no-untyped-def]
    text = "01 April 2016, 19:37\n\n" + NOTICE_2022 + "\n\nA headline of the article\n\nBody paragraph one.\n"
    assert run_kind("", "notice.misplaced", text=text) == []


def test_above_the_headline_with_text_between_is_misplaced(run_kind) -> None:  # type: ignore[no-untyped-def]
    from auditor.analysis.placement import placement_problem
    from auditor.model import Document, Segment

    text = NOTICE_2022 + "\n\nThe court extended the arrest.\n\nA headline\n\nBody.\n"
    n, b = len(NOTICE_2022), text.index("The court")
    h = text.index("A headline")
    segs = [Segment("notice", 0, n), Segment("body", b, b + 30), Segment("headline", h, h + 10),
            Segment("body", h + 12, len(text) - 1)]  # fmt: skip
    problem = placement_problem(Document("a.txt", "text", text, segs), 0, "notice", ["dateline", "lead"])
    assert problem is not None and "above the headline" in problem and "1 block(s) of the text" in problem
