"""Text normalisation for matching, with an offset map back to the raw text.

``normalize(raw)`` applies NFKC, maps every space to a plain space and collapses runs (line breaks
included), drops soft hyphens and zero-width characters, unifies quotes to ``"`` and dashes to ``-``
and, on request, upper-cases (Ё -> Е) and folds Latin look-alike letters inside Cyrillic words to
Cyrillic. Every character of the result knows the raw range it came from, so a match found in the
normalised text is reported at the exact raw characters (``Normalized.raw_span``).

The offset maps are compact arrays of C ints (``array('i')``: 4 bytes an entry, 8 a character for
both), not lists of Python ints (~72 bytes a character): ``bench/text_memory.py`` measures it.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

QUOTES = frozenset('«»“”„‟"″‹›')
DASHES = frozenset("‐‑‒–—―−﹘﹣－")
# removed entirely: soft hyphen, zero-width space/joiners, word joiner, BOM, Mongolian vowel separator
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")

# Latin letter -> the Cyrillic letter it imitates (upper case and the lower-case counterparts)
LATIN_TO_CYRILLIC: dict[str, str] = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т",
    "X": "Х", "Y": "У",
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о", "p": "р", "t": "т",
    "x": "х", "y": "у",
}  # fmt: skip

_CYRILLIC = regex.compile(r"\p{Cyrillic}")


@dataclass(slots=True, frozen=True)
class Lookalike:
    """A Latin letter standing inside a Cyrillic word (an imitation of a Cyrillic letter)."""

    char: str  # the Latin character as written
    offset: int  # its index in the raw text
    cyrillic: str  # the Cyrillic letter it imitates ("?" when it imitates none)
    word: str  # the raw word it stands in

    def describe(self) -> str:
        name = unicodedata.name(self.char, "?")
        return f"Latin {self.char!r} ({name}) instead of Cyrillic {self.cyrillic!r} in {self.word!r}"


class Normalized:
    """A normalised string with, for every character, the raw range [starts[i], ends[i]) it came from
    (compact int arrays: index them, bisect them, compare them; read-only).

    Most normalised texts are only searched, never mapped back: the fast path leaves the offset
    arrays to be built on first use (from the translated text and the range it kept)."""

    __slots__ = ("raw", "text", "_starts", "_ends", "_mapped", "_lo", "_hi")

    def __init__(self, raw: str, text: str, starts: array[int] | None, ends: array[int] | None,
                 mapped: str | None = None, lo: int = 0, hi: int = 0) -> None:  # fmt: skip
        self.raw = raw
        self.text = text
        self._starts = starts
        self._ends = ends
        self._mapped, self._lo, self._hi = mapped, lo, hi

    @property
    def starts(self) -> array[int]:
        if self._starts is None:
            self._build()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> array[int]:
        if self._ends is None:
            self._build()
        return self._ends  # type: ignore[return-value]

    def _build(self) -> None:
        self._starts, self._ends = _fast_offsets(self.raw, self._mapped or "", self._lo, self._hi)
        self._mapped = None

    def __repr__(self) -> str:
        return f"Normalized(raw={self.raw!r}, text={self.text!r})"

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw range of the normalised range [start, end); an empty range maps to a point."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self.starts[start] if start < n else (self.ends[-1] if n else len(self.raw))
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def raw_slice(self, start: int, end: int) -> str:
        s, e = self.raw_span(start, end)
        return self.raw[s:e]


def _offsets(raw: str, values: Iterable[int] = ()) -> array[int]:
    """An offset array for positions in ``raw``: C ints, or 64-bit ones past 2**31 characters."""
    return array("i" if len(raw) < 2**31 - 1 else "q", values)


def _clusters(raw: str) -> Iterator[tuple[int, int]]:
    """Split into base character + following combining marks, so NFKC composes within a cluster."""
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        yield i, j
        i = j


def _premap(ch: str) -> str:
    """Quotes, dashes and spaces first: NFKC would turn ″ into two primes and keep some dashes."""
    if ch in QUOTES:
        return '"'
    if ch in DASHES:
        return "-"
    if ch in INVISIBLE:
        return ""
    if ch.isspace() or unicodedata.category(ch) == "Zs":
        return " "
    return ch


_SIMPLE: dict[tuple[str, bool], str | None] = {}  # (char, upper) -> its one-character image, or None
_SPACE_RUN = re.compile(r" {2,}")
# per upper-case flag: characters known to map to exactly one character, and the translate table
# of those that change (grown as new characters are met; a few hundred entries in practice)
_ONE_TO_ONE: dict[bool, set[str]] = {False: set(), True: set()}
_TABLE: dict[bool, dict[int, str]] = {False: {}, True: {}}


def _simple_image(ch: str, upper: bool) -> str | None:
    """What one character normalises to, when that is exactly one character and no cluster rule applies."""
    key = (ch, upper)
    img = _SIMPLE.get(key, "")
    if img == "":
        if unicodedata.combining(ch):
            img = None
        else:
            out = _normalize_slow(ch, upper=upper, strip=False).text
            img = out if len(out) == 1 else None
        _SIMPLE[key] = img
    return img


# Memo of recent results: the checks of one document normalise the same text and segments many
# times over (each rule, each form); the memo makes that once per document. Bounded by characters
# held, so a long run keeps a flat memory. Results are shared: callers treat them as read-only.
_MEMO: dict[tuple[str, bool, bool, bool], Normalized] = {}
_MEMO_CHARS = 0
MEMO_MAX_CHARS = 200_000  # raw characters held (each costs ~10 bytes with its text and offset arrays)
MEMO_MAX_ENTRIES = 2_000  # and entries: short strings cost more in overhead than in characters


def normalize(raw: str, *, upper: bool = False, fold: bool = False, strip: bool = True) -> Normalized:
    """Normalise ``raw`` for matching; see the module docstring. Offsets survive every step.

    Text whose every character maps to exactly one character (almost all real text) takes a fast
    path: one ``str.translate`` and a scan for space runs; anything else takes the careful path.
    Both give the same result (tested). Recent results are remembered (same input, same object).
    """
    global _MEMO_CHARS
    key = (raw, upper, fold, strip)
    hit = _MEMO.get(key)
    if hit is not None:
        return hit
    out = _normalize(raw, upper, fold, strip)
    if len(raw) <= MEMO_MAX_CHARS // 4:
        _MEMO_CHARS += len(raw)
        while (_MEMO_CHARS > MEMO_MAX_CHARS or len(_MEMO) >= MEMO_MAX_ENTRIES) and _MEMO:
            _MEMO_CHARS -= len(_MEMO.pop(next(iter(_MEMO))).raw)
        _MEMO[key] = out
    return out


# Characters that normalise to themselves, or (upper-casing) to their ``str.upper()``: printable
# ASCII and the basic Cyrillic letters А-я (tests/test_text_fastpath.py checks each), and the line
# break, always a space. Only the others need a look: runs of them are found by one C-level scan
# instead of ``set(raw)``.
_ODD = re.compile("[^\n\x20-\x7e\u0410-\u044f]+")
# per upper-case flag: character -> what to put in its place before the case step ("": nothing,
# the case step alone gives its image), None when it needs the careful path, absent when unseen
_REPLACE: dict[bool, dict[str, str | None]] = {False: {}, True: {}}
_VIA_TABLE = "\x00"  # a character the replacement path cannot take: translate the text instead


def _replacement(ch: str, upper: bool) -> str | None:
    """What ``ch`` becomes before the case step (see ``_REPLACE``); computed once per character."""
    img = _simple_image(ch, upper)
    if img is None:
        return None
    if (ch.upper() if upper else ch) == img:
        return ""
    # replaced before the case step: the image must pass that step unchanged and be final itself
    if (img.upper() if upper else img) == img and _simple_image(img, upper) == img:
        return img
    return _VIA_TABLE


def _mapped(raw: str, upper: bool) -> str | None:
    """``raw`` with every character replaced by its one-character image (what ``str.translate``
    with the table of images gives), or None when a character needs the careful path. A few
    ``str.replace`` and one ``str.upper`` run at C speed; ``translate`` with a dict costs a
    dictionary look-up and an int object per character of non-ASCII text."""
    odd = _ODD.findall(raw)
    pairs: list[tuple[str, str]] = []
    if odd:
        known = _REPLACE[upper]
        for ch in set("".join(odd)):
            if ch not in known:
                known[ch] = _replacement(ch, upper)
            rep = known[ch]
            if rep is None:
                return None
            if rep == _VIA_TABLE:
                return _translated(raw, set(raw), upper)
            if rep:
                pairs.append((ch, rep))
    raw = raw.replace("\n", " ")
    for ch, rep in pairs:
        raw = raw.replace(ch, rep)
    return raw.upper() if upper else raw


def _translated(raw: str, chars: set[str], upper: bool) -> str | None:
    """The same as ``_mapped`` through a translate table (characters the replacement path cannot take)."""
    known = _ONE_TO_ONE[upper]
    if not chars <= known:
        table = _TABLE[upper]
        for ch in chars - known:
            img = _simple_image(ch, upper)
            if img is None:
                return None
            if img != ch:
                table[ord(ch)] = img
            known.add(ch)
    return raw.translate(_TABLE[upper])


def _normalize(raw: str, upper: bool, fold: bool, strip: bool) -> Normalized:
    mapped = _mapped(raw, upper)
    if mapped is None:
        return _normalize_slow(raw, upper=upper, fold=fold, strip=strip)
    lo, hi = 0, len(mapped)
    if strip:
        while lo < hi and mapped[lo] == " ":
            lo += 1
        while hi > lo and mapped[hi - 1] == " ":
            hi -= 1
    text = mapped[lo:hi]
    if "  " in text:  # a space run stands for one space (the offsets: on first use)
        text = _SPACE_RUN.sub(" ", text)
    if fold:
        text = fold_lookalikes(text)
    return Normalized(raw, text, None, None, mapped, lo, hi)


def _fast_offsets(raw: str, mapped: str, lo: int, hi: int) -> tuple[array[int], array[int]]:
    """The offset arrays of the fast path: ``mapped`` (the translated raw text) kept from lo to hi,
    each run of spaces collapsed to its first space, which covers the whole raw run."""
    if "  " not in mapped[lo:hi]:  # no space runs: one to one
        return _offsets(raw, range(lo, hi)), _offsets(raw, range(lo + 1, hi + 1))
    starts = _offsets(raw)
    ends = _offsets(raw)
    pos = lo
    for m in _SPACE_RUN.finditer(mapped, lo, hi):
        a, b = m.span()
        starts.extend(range(pos, a + 1))
        ends.extend(range(pos + 1, a + 1))
        ends.append(b)  # the collapsed space covers the whole raw run
        pos = b
    starts.extend(range(pos, hi))
    ends.extend(range(pos + 1, hi + 1))
    return starts, ends


def _normalize_slow(raw: str, *, upper: bool = False, fold: bool = False, strip: bool = True) -> Normalized:
    """Cluster by cluster: NFKC with combining marks, characters that vanish or expand. The text is
    gathered in chunks (one-character strings cost ~50 bytes each while they wait)."""
    chunks: list[str] = []
    buf: list[str] = []
    starts = _offsets(raw)
    ends = _offsets(raw)
    last = ""  # the last character written ("": none yet)
    for s, e in _clusters(raw):
        piece = "".join(_premap(c) for c in raw[s:e])
        if not piece:
            continue
        piece = unicodedata.normalize("NFKC", piece)
        for ch in piece:
            ch = _premap(ch)  # NFKC can produce new spaces (e.g. from U+2002) or quotes
            if not ch:
                continue
            if ch == " ":
                if last == " ":
                    ends[-1] = e  # the collapsed space covers the whole raw run
                    continue
                if not last and strip:
                    continue
            for out in (ch.upper() if upper else ch):
                last = "Е" if upper and out == "Ё" else out
                buf.append(last)
                starts.append(s)
                ends.append(e)
        if len(buf) >= 4096:
            chunks.append("".join(buf))
            buf.clear()
    chunks.append("".join(buf))
    text = "".join(chunks)
    if strip and text.endswith(" "):
        text = text[:-1]
        starts.pop()
        ends.pop()
    if fold:
        text = fold_lookalikes(text)
    return Normalized(raw, text, starts, ends)


_TEXT_MEMO: dict[tuple[str, bool, bool], str] = {}


def normalize_text(raw: str, *, upper: bool = True, fold: bool = True) -> str:
    """Just the normalised string (for comparing names, keys, short values); short ones are remembered."""
    if len(raw) > 200:
        return normalize(raw, upper=upper, fold=fold).text
    key = (raw, upper, fold)
    out = _TEXT_MEMO.get(key)
    if out is None:
        if len(_TEXT_MEMO) >= 5_000:
            _TEXT_MEMO.clear()
        out = _TEXT_MEMO[key] = _normalize(raw, upper, fold, True).text
    return out


# a whole word holding both Cyrillic and Latin letters (the only words folding can change)
_MIXED = regex.compile(
    r"(?<![\p{L}\p{M}])(?=[\p{L}\p{M}]*?\p{Cyrillic})(?=[\p{L}\p{M}]*?\p{Latin})[\p{L}\p{M}]+"
)
_FOLD_TABLE = str.maketrans(LATIN_TO_CYRILLIC)


_FOLD_LETTER = re.compile("[" + "".join(sorted(LATIN_TO_CYRILLIC)) + "]")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
_WORD_REST = regex.compile(r"[\p{L}\p{M}]*")


def fold_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters inside words that also hold Cyrillic letters (same length).

    What ``_MIXED.sub`` would do, without testing its look-arounds at every character: only a
    word holding a letter of the table can change, so each such letter's whole word (the run of
    letters and marks around it) is taken and folded when it holds a Cyrillic letter."""
    m = _FOLD_LETTER.search(text)
    if m is None or not _CYRILLIC.search(text):
        return text
    out: list[str] = []
    pos = 0
    while m is not None:
        start = m.start()
        while start > 0 and _LETTER.match(text, start - 1):
            start -= 1
        end = _WORD_REST.match(text, m.end()).end()  # type: ignore[union-attr]
        word = text[start:end]
        if _CYRILLIC.search(word):
            out += (text[pos:start], word.translate(_FOLD_TABLE))
            pos = end
        m = _FOLD_LETTER.search(text, end)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def find_lookalikes(raw: str, start: int = 0, end: int | None = None) -> list[Lookalike]:
    """Every Latin letter inside a word of raw[start:end] that also holds Cyrillic letters."""
    end = len(raw) if end is None else end
    out: list[Lookalike] = []
    for m in _MIXED.finditer(raw, start, end):
        word = m.group(0)
        for i, c in enumerate(word):
            if "LATIN" in unicodedata.name(c, ""):
                out.append(Lookalike(c, m.start() + i, LATIN_TO_CYRILLIC.get(c, "?"), word))
    return out


def words(text: str) -> list[str]:
    """Split normalised text into words, keeping punctuation glued (for word-level diffs)."""
    return text.split()
