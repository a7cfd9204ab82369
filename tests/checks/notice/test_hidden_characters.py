"""notice.hidden_characters: soft hyphens (info) and zero-width characters (warning) inside words."""

from __future__ import annotations

from conftest import NOTICE_2022


def test_soft_hyphen_inside_a_word_is_info(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022.replace("ИНОСТРАННЫМ", "ИНО\u00adСТРАННЫМ"), "notice.hidden_characters")
    assert f.outcome == "hidden-characters" and f.severity == "info" and "U+00AD" in f.message


def test_zero_width_space_keeps_the_rule_severity(run_kind) -> None:  # type: ignore[no-untyped-def]
    [f] = run_kind(NOTICE_2022.replace("МАТЕРИАЛ", "МАТЕ\u200bРИАЛ"), "notice.hidden_characters")
    assert f.severity == "warning" and "U+200B" in f.message


def test_nbsp_between_words_is_ordinary(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022.replace(" ", "\u00a0", 3), "notice.hidden_characters") == []
