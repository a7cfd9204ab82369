"""notice.wrong_language: an English rendering standing alone where the Russian notice belongs."""

from __future__ import annotations

from conftest import NOTICE_2022

ENGLISH = (
    "THIS MATERIAL (INFORMATION) WAS PRODUCED AND DISTRIBUTED BY FOREIGN AGENT MEMO LLC, "
    "OR CONCERNS THE ACTIVITIES OF FOREIGN AGENT MEMO LLC."
)


def test_translation_alone_is_reported_with_the_russian_expected(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(ENGLISH, "notice.wrong_language")
    assert f.outcome == "wrong-language" and "(en)" in f.message and f.expected == NOTICE_2022


def test_translation_next_to_the_russian_notice_is_harmless(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022 + "\n\n" + ENGLISH, "notice.wrong_language") == []
