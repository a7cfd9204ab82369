"""The cheap test before the "originally appeared in" search never hides a match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.readers.attribution import _APPEARED, _APPEARED_ODD, APPEARED_WORDS, may_have_appeared


def test_odd_characters_are_every_case_equivalent_lower_casing_misses() -> None:
    """re's IGNORECASE matches these with a letter of the words though their lower case differs;
    there are no others in Unicode."""
    letters = sorted(set("".join(APPEARED_WORDS)))
    rx = re.compile("[" + "".join(letters) + "]", re.IGNORECASE)
    found = {c for c in map(chr, range(0x110000)) if rx.fullmatch(c) and c.lower() not in letters}
    assert found == {c for c in map(chr, range(0x110000)) if _APPEARED_ODD.fullmatch(c)}


SENTENCES = [
    "This article originally appeared in The Moscow Times.",
    "Dieser Beitrag erschien zuerst im Spiegel.",
    "Der Text stammt aus der Zeitung Ausgabe 7/2019 der Zeit",
    "Cet article a été publié initialement dans Le Monde",
    "Texto publicado originalmente en El País",
    "Материал впервые опубликован на сайте «Кавказский узел»",
    "ПЕРВОНАЧАЛЬНО ВЫШЕЛ В ГАЗЕТЕ",
    "Fırst appeared in X",  # a dotless i: equal to "i" for the regex, not for str.lower
    "Originally ſpelled",
    "Обычный абзац без источника, 12 марта 2024 года.",
]


def test_each_sentence() -> None:
    for s in SENTENCES:
        if _APPEARED.search(s):
            assert may_have_appeared(s, 0, len(s)), s
    assert not may_have_appeared(SENTENCES[-1], 0, len(SENTENCES[-1]))
    assert may_have_appeared(SENTENCES[0], 0, len(SENTENCES[0]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*APPEARED_WORDS, "appeared", "in", "on", "в", "опубликован", "вышла", "zuerst", "aus",
                                 "Beitrag", "ıſ", "ᲀ", "Ᲊ", " ", "  ", "\n", ".", "X", "FIRST", "ПЕРВЫЕ"]), max_size=12),
       st.integers(0, 5), st.integers(0, 5))
def test_never_hides_a_match(parts: list[str], a: int, b: int) -> None:
    text = " ".join(parts)
    start, end = min(a, len(text)), max(min(a, len(text)), len(text) - b)
    if _APPEARED.search(text, start, end):
        assert may_have_appeared(text, start, end)
