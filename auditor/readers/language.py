"""The language of a text: by script, and for Latin script by common short words."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_SCRIPTS = (  # code, first and last character of its block
    ("ru", "\u0400", "\u04ff"),
    ("ar", "\u0600", "\u06ff"),
    ("ja", "\u3040", "\u30ff"),
    ("zh", "\u4e00", "\u9fff"),
    ("ko", "\uac00", "\ud7af"),
    ("th", "\u0e00", "\u0e7f"),
    ("el", "\u0370", "\u03ff"),
    ("he", "\u0590", "\u05ff"),
)
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "sich"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui"},
    "es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para"},
    "pt": {"o", "os", "que", "não", "uma", "do", "da", "em", "para", "com"},
    "it": {"il", "di", "che", "e", "per", "una", "della", "sono", "non", "gli"},
}


def guess_language(text: str) -> str | None:
    """ISO 639-1 code by script, and for Latin script by common short words; None when unsure."""
    if len(text) <= 300:  # a headline: asked again by every rule that picks the edition
        return _guess_short(text)
    return _guess(text)


@lru_cache(maxsize=1024)
def _guess_short(text: str) -> str | None:
    return _guess(text)


def _guess(text: str) -> str | None:
    sample = text[:6000]
    chars = Counter(sample).items()  # each distinct character once (a page has ~100)
    letters = sum(n for ch, n in chars if ch.isalpha())
    if letters < 20:
        return None
    counts = [(sum(n for ch, n in chars if lo <= ch <= hi), code) for code, lo, hi in _SCRIPTS]
    n, code = max(counts)
    if code == "zh" and counts[2][0] > 0.1 * letters:
        code = "ja"  # kana among the Han characters
    if n > 0.3 * letters:
        return code
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(sorted(scores.items()), key=lambda kv: kv[1])
    return lang if best >= 3 else None
