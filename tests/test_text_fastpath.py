"""The fast normalisation path gives exactly what the careful path gives, offsets included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.text import _normalize_slow, normalize

ALPHABET = (
    "abcXYZ АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    "  \n\t\u00a0\u2002«»“”„\"-–—,.()ß\u00adé\u0301ﬁ…18+"
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
