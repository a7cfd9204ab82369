"""auditor.text: normalisation for matching keeps exact offsets back to the raw text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from auditor.text import find_lookalikes, fold_lookalikes, normalize, normalize_text


def test_quotes_dashes_spaces_and_invisibles_are_unified() -> None:
    raw = "ООО\u00a0«МЕМО» \u2014 агент\u00ad\u200bа  “x”\n\n„y‟ 10″ ‐ z"
    n = normalize(raw)
    assert n.text == 'ООО "МЕМО" - агента "x" "y" 10" - z'


def test_upper_case_folds_yo_and_look_alikes_only_in_cyrillic_words() -> None:
    n = normalize("Ёлка ИНОСТРAННЫМ AГЕНТОМ and ABC", upper=True, fold=True)
    assert n.text == "ЕЛКА ИНОСТРАННЫМ АГЕНТОМ AND ABC"
    assert "A" in n.text.split()[-1]  # a Latin word keeps its Latin letters


def test_normalised_range_maps_back_to_exact_raw_range() -> None:
    raw = "Заголовок\n\nНАСТОЯЩИЙ\u00a0\u00a0МАТЕРИАЛ «ООО»\u00adX"
    n = normalize(raw, upper=True, fold=True)
    i = n.text.index('"ООО"')
    s, e = n.raw_span(i, i + len('"ООО"'))
    assert raw[s:e] == "«ООО»"
    j = n.text.index("НАСТОЯЩИЙ МАТЕРИАЛ")
    assert n.raw_slice(j, j + len("НАСТОЯЩИЙ МАТЕРИАЛ")) == "НАСТОЯЩИЙ\u00a0\u00a0МАТЕРИАЛ"


def test_nfkc_expansions_and_combining_marks_keep_offsets() -> None:
    raw = "ﬁle Е\u0308Й"  # ligature fi, E + combining diaeresis, precomposed Й
    n = normalize(raw, upper=True)
    assert n.text == "FILE ЕЙ"
    assert n.raw_slice(0, 2) == "ﬁ"  # both letters of the ligature map to the one raw character
    assert n.raw_slice(5, 6) == "Е\u0308"


def test_lookalikes_report_each_latin_letter_with_its_raw_offset() -> None:
    raw = "Текст: НАСТОЯЩИЙ MАТЕРИАЛ ИНОСТРAННЫМ, English MATERIAL"
    found = find_lookalikes(raw)
    assert [(lk.char, lk.cyrillic, lk.word) for lk in found] == [
        ("M", "М", "MАТЕРИАЛ"),
        ("A", "А", "ИНОСТРAННЫМ"),
    ]
    for lk in found:
        assert raw[lk.offset] == lk.char
    assert "LATIN CAPITAL LETTER M" in found[0].describe()


def test_fold_keeps_length() -> None:
    text = "AГЕНТОМ pусский"
    assert fold_lookalikes(text) == "АГЕНТОМ русский"
    assert len(fold_lookalikes(text)) == len(text)


def test_normalize_text_is_idempotent_on_agent_names() -> None:
    assert normalize_text("ООО “МЕМО”") == normalize_text('ООО "МЕМО"') == normalize_text("ООО «Мемо»")


@given(st.text(alphabet=st.sampled_from(list("аБвA Ё\u00a0\u00ad«»—-\n\t xyzМO\u0308ﬁ")), max_size=60))
def test_every_normalised_char_maps_into_the_raw_text(raw: str) -> None:
    n = normalize(raw, upper=True, fold=True)
    assert len(n.starts) == len(n.ends) == len(n.text)
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)
    # ranges are monotonic, so any normalised range maps to one contiguous raw range
    assert list(n.starts) == sorted(n.starts)
