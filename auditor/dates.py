"""Dates as articles show them: strict format matching, lenient parsing, finding, ISO output.

Pure and locale-free: month and weekday names (English, Russian, Ukrainian, Belarusian, German,
French, Spanish, Portuguese) are tables generated from CLDR (``auditor/date_names.py``), zones
come from ``zoneinfo`` + ``tzdata``. ``_analyse`` reads a date expression token by token through
a table of small handlers, one per token kind. The timestamp check
uses ``match_format``, ``matches_shape`` and ``parse_any``; readers use ``find_dates`` and ``to_iso``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from auditor import date_names
from auditor.date_tokens import (  # noqa: F401  (re-exported)
    _AMPM,
    _CONNECTORS,
    _ISO8601,
    _MONTHS_ABBR,
    _MONTHS_FULL,
    _PREFIXES,
    _WEEKDAYS_ABBR,
    _WEEKDAYS_FULL,
    _ZONES,
    LEAD_WORDS,
    ParsedDate,
    _offset,
    _Parts,
    _zone,
    _zoneinfo,
    parse_any,
    valid_timezone,
)


# -- strict matching ----------------------------------------------------------------------------
def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_NAME_RE = {
    "B": _alternation(_MONTHS_FULL),
    "b": _alternation(_MONTHS_ABBR),
    "A": _alternation(_WEEKDAYS_FULL),
    "a": _alternation(_WEEKDAYS_ABBR),
}
_DIRECTIVES: dict[str, str] = {
    "d": r"0[1-9]|[12]\d|3[01]",
    "-d": r"[1-9]|[12]\d|3[01]",
    "e": r" ?[1-9]|[12]\d|3[01]",
    "m": r"0[1-9]|1[0-2]",
    "-m": r"[1-9]|1[0-2]",
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "H": r"[01]\d|2[0-3]",
    "-H": r"1?\d|2[0-3]",
    "I": r"0[1-9]|1[0-2]",
    "-I": r"[1-9]|1[0-2]",
    "M": r"[0-5]\d",
    "S": r"[0-5]\d|60",
    "f": r"\d{1,6}",
    "p": r"AM|PM",
    "P": r"am|pm",
    "z": r"Z|[+-]\d{2}:?\d{2}",
    "Z": "|".join(sorted(_ZONES, key=lambda z: (-len(z), z))),
    **{k: f"(?i:{v})" for k, v in _NAME_RE.items()},
}
_EXPAND = {"%T": "%H:%M:%S", "%F": "%Y-%m-%d", "%R": "%H:%M", "%D": "%m/%d/%y"}
_SPACE_CLASS = "[ \u00a0\u202f]"
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})"
)

@lru_cache(maxsize=256)
def _compile(fmt: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    for short, long in _EXPAND.items():
        fmt = fmt.replace(short, long)
    out: list[str] = []
    names: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            key = fmt[i + 1]
            if key == "-" and i + 2 < len(fmt):
                key = "-" + fmt[i + 2]
            if key == "%":
                out.append("%")
                i += 2
                continue
            if key not in _DIRECTIVES:
                raise ValueError(f"unsupported date directive %{key} in {fmt!r}")
            out.append(f"({_DIRECTIVES[key]})")
            names.append(key.lstrip("-"))
            i += 1 + len(key)
            continue
        out.append(_SPACE_CLASS if ch == " " else re.escape(ch))
        i += 1
    return re.compile("".join(out)), tuple(names)


def _from_groups(names: tuple[str, ...], values: tuple[str, ...]) -> datetime | None:
    p = _Parts()
    for name, val in zip(names, values, strict=True):
        low = val.lower()
        if name == "d" or name == "e":
            p.day = int(val)
        elif name == "m":
            p.month = int(val)
        elif name == "Y":
            p.year = int(val)
        elif name == "y":
            p.year = 2000 + int(val) if int(val) < 69 else 1900 + int(val)
        elif name == "H":
            p.hour = int(val)
        elif name == "I":
            p.hour = int(val)
            p.ampm = p.ampm or "AM"
        elif name == "M":
            p.minute = int(val)
        elif name == "S":
            p.second = int(val)
        elif name == "f":
            p.micro = int(val.ljust(6, "0"))
        elif name in ("p", "P"):
            p.ampm = val.upper()
        elif name == "z":
            p.tz = _offset(val)
        elif name == "Z":
            p.tz = _zone(val)
        elif name == "B":
            p.month = _MONTHS_FULL[low]
        elif name == "b":
            p.month = _MONTHS_ABBR[low]
        elif name == "A":
            p.weekday = _WEEKDAYS_FULL[low]
        elif name == "a":
            p.weekday = _WEEKDAYS_ABBR[low]
    return p.build()


def _iso_match(m: re.Match[str]) -> datetime | None:
    y, mo, d, h, mi, s, frac, off = m.groups()
    p = _Parts(int(y), int(mo), int(d), int(h) if h else None, int(mi or 0), int(s or 0))
    if frac:
        p.micro = int(frac[:6].ljust(6, "0"))
    if off:
        p.tz = _offset(off if len(off) != 3 else off + "00")
    return p.build()


def match_format(raw: str, fmt: str) -> datetime | None:
    """The datetime ``raw`` denotes when it is exactly in format ``fmt``, else None.

    ``fmt`` is strftime-like (%d %-d %e %m %-m %Y %y %H %-H %I %-I %M %S %f %p %P %z %Z %B %b %A %a,
    %T %F %R, literal text; a space matches a space or a no-break space) or one of the names
    "rfc3339" (offset required) and "iso8601" (date, optional time and offset). Month and weekday
    names of every known language match case-insensitively; %p is "AM"/"PM", %P "am"/"pm".
    Impossible dates (31 February) and a weekday that contradicts the date give None.
    """
    raw = raw.strip()
    if fmt == "rfc3339":
        m = _RFC3339.fullmatch(raw)
        return _iso_match(m) if m else None
    if fmt == "iso8601":
        m = _ISO8601.fullmatch(raw)
        return _iso_match(m) if m else None
    regex, names = _compile(fmt)
    m = regex.fullmatch(raw)
    if m is None:
        return None
    return _from_groups(names, m.groups())


def matches_shape(raw: str, fmt: str) -> bool:
    """True when ``raw`` is written in format ``fmt`` whatever its values mean.

    The digits and names stand where ``fmt`` puts them, so "31 February 2016, 19:37" has the
    shape of "%d %B %Y, %H:%M" although no such day exists (``match_format`` gives None for it):
    the text follows the house format but names an impossible date. ``fmt`` is anything
    ``match_format`` takes; an unsupported directive raises ValueError.
    """
    raw = raw.strip()
    if fmt == "rfc3339":
        return _RFC3339.fullmatch(raw) is not None
    if fmt == "iso8601":
        return _ISO8601.fullmatch(raw) is not None
    regex, _names = _compile(fmt)
    return regex.fullmatch(raw) is not None



# -- finding ---------------------------------------------------------------------------------------
def trie_alternation(words: Iterable[str]) -> str:
    """A regex matching the same words as their longest-first alternation (case-insensitively),
    written as a trie: at each place the engine tries one branch per first letter instead of every
    word, which made the month-name scan of ``find_dates`` ~6x faster. An optional tail is greedy,
    so the longest word that lets the rest of the pattern match still wins, as before."""
    trie: dict[str, Any] = {}
    for w in {w.lower() for w in words}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@lru_cache(maxsize=1)
def _date_core() -> re.Pattern[str]:
    """Numeric dates and month names of every language (compiled on first use: the alternation of
    some 250 names costs ~10-30 ms, which commands that never read a date do not pay)."""
    return re.compile(
        r"\d{4}-\d{2}-\d{2}|\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{4}年|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
        r"|\b(?:" + trie_alternation([*_MONTHS_FULL, *_MONTHS_ABBR]) + r")\b",
        re.IGNORECASE,
    )
_RUN_TOKEN = re.compile(
    r"[^\W\d_]+\.?|\d+|[ \t\u00a0\u202f]+|\n(?![ \t]*\n)|[,|•·:;/()\-–—.]+", re.UNICODE
)


@lru_cache(maxsize=1)
def _abbr_end() -> re.Pattern[str]:
    return re.compile(r"(?:[ap]\.m|\b(?:" + _NAME_RE["b"] + r"|г|р))\.$", re.IGNORECASE)


def find_dates(text: str, order: str | None = None, partial: bool = False) -> list[tuple[int, int, str]]:
    """Date expressions in ``text`` as (start, end, text), longest first at each place, in order.

    A candidate is the longest run of tokens around a date core (a month name or numeric date)
    that ``parse_any`` accepts; leading labels and connectors ("on", "Published") are left out.
    ``partial`` also finds a day and month alone ("5 февраля").
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for core in _date_core().finditer(text):
        if core.start() < pos:
            continue
        found = _grow(text, core.start(), core.end(), order, partial)
        if found is not None:
            out.append((found[0], found[1], text[found[0] : found[1]]))
            pos = found[1]
    return out


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _core_reach() -> int:
    """How far past its start a date core can look: its longest match plus the \\b after it."""
    return max(10, *(len(w) for w in (*_MONTHS_FULL, *_MONTHS_ABBR))) + 2


def first_date(text: str, before: int) -> tuple[int, int, str] | None:
    """``find_dates(text)[0]`` when it starts at or before ``before``, else None; scans the cores
    only as far as one could still grow into a date starting there (a grown date starts at most
    60 characters before its core), so a long paragraph is not searched to its end."""
    last = before + 60  # a core starting later grows into a date starting after ``before``
    # a date holds a digit (its day) and ends at most 70 characters past its core: no digit up to
    # there, no date (most lines of running text hold none near their start)
    if _DIGIT.search(text, 0, last + _core_reach() + 70) is None:
        return None
    for core in _date_core().finditer(text, 0, min(len(text), last + _core_reach())):
        if core.start() > last:
            return None
        found = _grow(text, core.start(), core.end(), None)
        if found is not None:
            return (found[0], found[1], text[found[0] : found[1]]) if found[0] <= before else None
    return None


def _grow(text: str, cs: int, ce: int, order: str | None, partial: bool = False) -> tuple[int, int] | None:
    """The widest [start, end) around the core [cs, ce) that parses as one date."""
    line_start = text.rfind("\n", 0, cs)
    lo = max(0, cs - 60, line_start + 1 if line_start >= 0 and text[line_start - 1 : line_start] == "\n" else 0)
    hi = min(len(text), ce + 70)
    para_end = text.find("\n\n", ce)
    if para_end != -1:
        hi = min(hi, para_end)
    para_start = text.rfind("\n\n", 0, cs)
    if para_start != -1:
        lo = max(lo, para_start + 2)
    left = [m.start() for m in _RUN_TOKEN.finditer(text, lo, cs) if not m.group().isspace()]
    right = [m.end() for m in _RUN_TOKEN.finditer(text, ce, hi) if not m.group().isspace()]
    starts = [s for s in left[-8:]] + [cs]
    ends = [ce] + right[:12]
    best: tuple[int, int] | None = None
    for s in starts:
        if s != cs and not _token_start(text, s):
            continue
        for e in reversed(ends):
            if best is not None and e - s <= best[1] - best[0]:
                break
            chunk = text[s:e]
            if chunk[-1:] in ",|•·:;/(-–—" or chunk[:1] in ",|•·:;/)-–—.":
                continue
            if chunk.endswith(".") and not _abbr_end().search(chunk):
                continue
            if s != cs and chunk.split(None, 1)[0].lower().rstrip(".:") in _CONNECTORS | _PREFIXES:
                continue
            parsed = parse_any(chunk, order, partial)
            if parsed is not None:
                best = (s, e)
                break
    return best


def _token_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum())


# -- output -----------------------------------------------------------------------------------------
def to_iso(dt: datetime, tz: str | None) -> str | None:
    """ISO 8601 with offset. A naive datetime is placed in IANA zone ``tz`` (None without one)."""
    if dt.tzinfo is None:
        if not tz:
            return None
        zone = _zoneinfo(tz)
        if zone is None:
            return None
        dt = dt.replace(tzinfo=zone)
    return dt.isoformat()


# -- rendering --------------------------------------------------------------------------------
def format_date(dt: datetime, fmt: str, language: str | None = None) -> str | None:
    """Render ``dt`` in a strftime-style house format with the month and weekday names of
    ``language`` (CLDR's format context: Russian "5 марта"; English when not known).

    Supports the directives ``match_format`` reads (%d %-d %m %-m %B %b %Y %y %H %-H %I %-I %M %S
    %p %P %A %a %%); returns None for a directive it cannot render or for iso8601/rfc3339 without
    a zone, so callers show the pattern instead of a wrong example.
    """
    if fmt in ("iso8601", "rfc3339"):
        return dt.isoformat() if dt.tzinfo is not None else None
    hour12 = dt.hour % 12 or 12
    months, days = date_names.WRITTEN.get((language or "en").split("-")[0].lower(), date_names.WRITTEN["en"])
    months = tuple(m if language and language.split("-")[0] != "en" else m.capitalize() for m in months)
    values = {
        "d": f"{dt.day:02d}", "-d": str(dt.day), "m": f"{dt.month:02d}", "-m": str(dt.month),
        "B": months[dt.month - 1], "b": months[dt.month - 1][:3], "Y": f"{dt.year:04d}",
        "y": f"{dt.year % 100:02d}", "H": f"{dt.hour:02d}", "-H": str(dt.hour), "I": f"{hour12:02d}",
        "-I": str(hour12), "M": f"{dt.minute:02d}", "S": f"{dt.second:02d}", "p": "AM" if dt.hour < 12 else "PM",
        "P": "am" if dt.hour < 12 else "pm", "A": days[dt.weekday()], "a": days[dt.weekday()][:3],
        "%": "%",
    }  # fmt: skip
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        code = fmt[i + 1 : i + 3] if fmt[i + 1 : i + 2] == "-" else fmt[i + 1 : i + 2]
        if code not in values:
            return None
        out.append(values[code])
        i += 1 + len(code)
    return "".join(out)
