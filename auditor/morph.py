"""Russian lemmas for matching names across grammatical cases (pymorphy3, imported lazily, cached).

``lemmas("Коневой")`` is every dictionary form pymorphy3 offers for the word (upper case, Ё -> Е),
so ``КОНЕВОЙ ЕЛЕНОЙ`` (instrumental) and ``КОНЕВОЙ ЕЛЕНЫ`` (genitive) meet on ``КОНЕВ``/``ЕЛЕНА``.
Words without Cyrillic letters are their own lemma. Without pymorphy3 installed (the ``morph``
extra) a small suffix stripper stands in: it joins the common case endings of names and nouns,
less precisely, and ``available()`` says which one is in use.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import regex

_CYR = regex.compile(r"\p{Cyrillic}")
_WORD = regex.compile(r"[\p{L}\p{N}]+")

# noun / surname / patronymic case endings, longest first (fallback only)
_ENDINGS = sorted(
    [
        "ой",
        "ей",
        "ою",
        "ею",
        "ами",
        "ями",
        "ах",
        "ях",
        "ом",
        "ем",
        "ым",
        "им",
        "ого",
        "его",
        "ому",
        "ему",
        "ой",
        "ей",
        "ую",
        "юю",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ых",
        "их",
        "ыми",
        "ими",
        "ов",
        "ев",
        "ёв",
        "а",
        "я",
        "у",
        "ю",
        "е",
        "ы",
        "и",
        "ь",
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    try:
        import pymorphy3
    except ImportError:
        return None
    if pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE not in os.environ:
        try:  # the Russian dictionary named directly: finding it by entry points scans every installed package
            import pymorphy3_dicts_ru

            return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")
        except ImportError:
            pass
    return pymorphy3.MorphAnalyzer()


def available() -> bool:
    """True when pymorphy3 and its Russian dictionary are installed (found without importing
    them, so a run that never meets a Russian word does not pay for loading the dictionary)."""
    info = getattr(_analyzer, "cache_info", None)
    if info is None or info().currsize:  # already loaded (or replaced): ask it
        return _analyzer() is not None
    from importlib.util import find_spec

    return find_spec("pymorphy3") is not None and find_spec("pymorphy3_dicts_ru") is not None


def _key(word: str) -> str:
    return word.upper().replace("Ё", "Е")


def _stem(word: str) -> str:
    w = word.lower().replace("ё", "е")
    for end in _ENDINGS:
        if len(w) - len(end) >= 3 and w.endswith(end):
            return w[: -len(end)]
    return w


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Upper-case dictionary forms of one word (the word itself included)."""
    key = _key(word)
    if not _CYR.search(word):
        return frozenset({key})
    morph = _analyzer()
    if morph is None:
        return frozenset({key, _key(_stem(word))})
    forms = {key}
    for p in morph.parse(word.lower()):
        forms.add(_key(p.normal_form))
    return frozenset(forms)


def name_lemmas(name: str) -> list[frozenset[str]]:
    """The lemma set of every word of a name (punctuation and quotes dropped)."""
    return [lemmas(m.group(0)) for m in _WORD.finditer(name)]


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """True when the dictionary reads ``word`` as a first name (grammeme Name) in its best parse."""
    if not available():
        return False
    parses = _analyzer().parse(word)
    return bool(parses) and "Name" in parses[0].tag


def same_name(a: str, b: str) -> bool:
    """True when two spellings name the same thing up to grammatical case: word by word, the
    lemma sets meet (``ООО «МЕМО»`` = ``ООО "МЕМО"``; ``КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ`` = ``КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ``)."""
    la, lb = name_lemmas(a), name_lemmas(b)
    return bool(la) and len(la) == len(lb) and all(x & y for x, y in zip(la, lb, strict=True))


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


@lru_cache(maxsize=20_000)
def name_tags(word: str) -> frozenset[str]:
    """Which of pymorphy3's name grammemes (Name, Surn, Patr, Geox, Orgn) any reading of a
    capitalised word carries; "?" when the dictionary does not know the word (a rare surname),
    and for words without Cyrillic letters. Without pymorphy3 every word is "?"."""
    if not _CYR.search(word):
        return frozenset({"?"})
    morph = _analyzer()
    if morph is None:
        return frozenset({"?"})
    tags: set[str] = set()
    known = False
    for p in morph.parse(word):
        tags |= _NAME_GRAMMEMES & p.tag.grammemes
        known = known or p.is_known
    return frozenset(tags if tags else ({"?"} if not known else set()))
