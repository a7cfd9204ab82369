"""notice.altered: near misses with a word diff, look-alike letters, repeated verbs."""

from __future__ import annotations

from conftest import NOTICE_2022


def test_exact_notice_is_not_altered(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022, "notice.altered") == []


def test_dropped_word_gives_a_word_diff_and_the_expected_form(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022.replace("ДЕЯТЕЛЬНОСТИ ", ""), "notice.altered")
    assert f.outcome == "altered" and f.rule_id == "ru-foreign-agent/notice-form"
    assert f.diff is not None and "{+ДЕЯТЕЛЬНОСТИ+}" in f.diff
    assert f.expected == NOTICE_2022


def test_latin_letter_in_a_russian_word_is_named(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022.replace("ЛИБО", "ЛИБO"), "notice.altered")  # Latin O
    assert "Latin 'O'" in f.message and "ЛИБO" in (f.diff or "")


def test_repeated_verb_is_altered(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022.replace("ПРОИЗВЕДЕН И", "ПРОИЗВЕДЕН, ПРОИЗВЕДЕН И"), "notice.altered")
    assert "repeated" in f.message and "ПРОИЗВЕДЕН" in f.message
