"""Lemma comparison of names: persons decline, quoted organisation names stay; the fallback stemmer."""

from __future__ import annotations

import pytest

from auditor import morph


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", "КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ", True),  # instrumental / genitive [ref §1.3]
        ("Ильёй Варламовым", "Илья Варламов", True),
        ('ООО "МЕМО"', "ООО «МЕМО»", True),
        ("ООО «МЕМО»", "ООО «МЕМОРИАЛ»", False),
        ("КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ", "ИВАНОВОЙ ЕЛЕНЫ ЛЬВОВНЫ", False),
        ("КОНЕВОЙ ЕЛЕНОЙ", "КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert morph.same_name(a, b) is same


def test_latin_words_are_their_own_lemma() -> None:
    assert morph.lemmas("Meta") == frozenset({"META"})


def test_without_pymorphy3_a_suffix_stripper_joins_common_endings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(morph, "_analyzer", lambda: None)
    morph.lemmas.cache_clear()
    try:
        assert not morph.available()
        assert morph.same_name("Варламовым", "Варламова")
        assert not morph.same_name("Варламов", "Петров")
    finally:
        morph.lemmas.cache_clear()
