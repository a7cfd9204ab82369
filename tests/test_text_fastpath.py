"""The fast normalisation path gives exactly what the careful path gives, offsets included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.text import _FOLD_TABLE, _MIXED, _ODD, _normalize_slow, _simple_image, fold_lookalikes, normalize

ALPHABET = (
    "abcXYZ АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    "  \n\t\u00a0\u2002«»“”„\"-–—,.()ß\u00adé\u0301ﬁ…18+"
    "AaBbCcEeHhKkMmOoPpTtXxYy\u2126\u212a\uff21ｱÅ\u0419\u0306Ω_"  # look-alikes, signs NFKC folds to letters
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.booleans(), st.booleans(), st.booleans())
def test_fast_path_equals_slow_path(raw: str, upper: bool, fold: bool, strip: bool) -> None:
    fast = normalize(raw, upper=upper, fold=fold, strip=strip)
    slow = _normalize_slow(raw, upper=upper, fold=fold, strip=strip)
    assert fast.text == slow.text
    assert fast.starts == slow.starts
    assert fast.ends == slow.ends


def test_fast_path_maps_collapsed_runs_back_to_raw() -> None:
    raw = "  НАСТОЯЩИЙ\u00a0 МАТЕРИАЛ\n\n«МЕМО»  "
    n = normalize(raw, upper=True)
    assert n.text == 'НАСТОЯЩИЙ МАТЕРИАЛ "МЕМО"'
    i = n.text.index("МАТЕРИАЛ")
    assert n.raw_slice(i - 1, i + len("МАТЕРИАЛ")) == "\u00a0 МАТЕРИАЛ"
    assert n.raw_slice(0, len(n.text)) == raw.strip()


def test_plain_characters_need_no_look() -> None:
    """The characters the fast path does not look at normalise to themselves, or upper-cased to
    their ``str.upper()`` (one character); the line break always to a space."""
    plain = [chr(c) for c in range(0x110000) if _ODD.fullmatch(chr(c)) is None]
    assert "\n" in plain and "я" in plain and "ё" not in plain and "\u00a0" not in plain
    for ch in plain:
        want = " " if ch == "\n" else ch
        assert _simple_image(ch, False) == want
        assert _simple_image(ch, True) == want.upper()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "Zqé-'", max_size=80))
def test_fold_lookalikes_folds_exactly_the_mixed_words(raw: str) -> None:
    """Folding word by word from each table letter equals folding every word matched by ``_MIXED``."""
    assert fold_lookalikes(raw) == _MIXED.sub(lambda m: m.group(0).translate(_FOLD_TABLE), raw)


def test_fold_lookalikes_in_a_sentence() -> None:
    raw = "Тeкст AГЕНТА и Agent, cтатья ETA"
    assert fold_lookalikes(raw) == "Текст АГЕНТА и Agent, статья ETA"
