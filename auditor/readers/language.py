"""The language of a text: by script, and for Latin script by common short words."""

from __future__ import annotations

import re
from functools import lru_cache

_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
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
    letters = sum(map(str.isalpha, sample))
    if letters < 20:
        return None
    counts = [(len(rx.findall(sample)), code) for code, rx in _SCRIPTS]
    n, code = max(counts)
    if code == "zh" and counts[2][0] > 0.1 * letters:
        code = "ja"  # kana among the Han characters
    if n > 0.3 * letters:
        return code
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(sorted(scores.items()), key=lambda kv: kv[1])
    return lang if best >= 3 else None
