"""Reading one date expression: name tables, zones, and ``_analyse`` with its token handlers.

``parse_any`` tokenises a candidate ("01 апреля 2016, 19:37", "Dec. 29, 2014, 5:04 PM") and hands
every token to the small handler for its kind (ISO date, numeric date, time, ordinal, number,
word, separator); a handler that cannot place its token rejects the whole expression.
``auditor.dates`` re-exports what callers need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from auditor import date_names

# -- name tables ------------------------------------------------------------------------------
# generated from CLDR (Babel) and pymorphy3 case forms by tools/gen_date_names.py: every
# language's month and weekday names in the format (genitive) and stand-alone (nominative)
# contexts, wide and abbreviated; Russian in every grammatical case
_MONTHS_FULL: dict[str, int] = date_names.MONTHS
_MONTHS_ABBR: dict[str, int] = date_names.MONTHS_ABBR
_WEEKDAYS_FULL: dict[str, int] = date_names.WEEKDAYS  # 1 = Monday ... 7 = Sunday (ISO)
_WEEKDAYS_ABBR: dict[str, int] = date_names.WEEKDAYS_ABBR

# zone abbreviations: fixed offsets in hours, or an IANA zone where the offset depends on the date
_ZONES: dict[str, float | str] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1,
    "MSK": "Europe/Moscow", "МСК": "Europe/Moscow", "MSD": 4, "IST": "Asia/Kolkata", "JST": 9, "KST": 9, "HKT": 8, "SGT": 8,
    "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13, "WIB": 7,
}  # fmt: skip

# words that may stand between or before the parts of a date ("on ... at ...", "15:30 Uhr")
_CONNECTORS = {
    "at", "on", "of", "the", "um", "am", "à", "a", "às", "as", "de", "del", "le", "el", "в", "о", "г", "г.",
    "года", "р", "р.", "року", "uhr", "h", "den",
}  # fmt: skip
# label words that may open a timestamp ("Published: ...", "Posted at ...")
_PREFIXES = {
    "published", "posted", "updated", "submitted", "first", "last", "modified", "date", "dated",
    "опубликовано", "опубликован", "обновлено", "дата", "veröffentlicht", "aktualisiert", "stand",
    "publié", "publie", "mis", "jour", "publicado", "actualizado", "atualizado", "créé",
}  # fmt: skip
_AMPM = {"am": "AM", "pm": "PM", "a.m.": "AM", "p.m.": "PM"}
LEAD_WORDS = frozenset(_CONNECTORS | _PREFIXES)  # words that may open a shown timestamp ("Posted on")


def _zone(name: str) -> tzinfo | None:
    val = _ZONES.get(name.upper())
    if val is None:
        return None
    if isinstance(val, str):
        return _zoneinfo(val)
    return timezone(timedelta(hours=val))


@lru_cache(maxsize=64)
def _zoneinfo(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def valid_timezone(name: str) -> bool:
    """True when ``name`` is an IANA zone this installation knows (e.g. "Europe/Moscow")."""
    return _zoneinfo(name) is not None


def _zone_word(word: str) -> bool:
    """An upper-case zone abbreviation we know ("EST", "MSK"; Russian "мск" also in lower case)."""
    return word.upper() in _ZONES and (word.isupper() or word == "мск")


def _offset(text: str) -> tzinfo:
    if text in ("Z", "z"):
        return timezone(timedelta(0))
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# -- assembling a datetime --------------------------------------------------------------------
@dataclass(slots=True)
class _Parts:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int = 0
    second: int = 0
    micro: int = 0
    ampm: str | None = None  # "AM" / "PM"
    weekday: int | None = None
    tz: tzinfo | None = None
    zoned: bool = False

    def build(self) -> datetime | None:
        if self.month is None or self.day is None:
            return None
        hour = self.hour if self.hour is not None else 0
        if self.ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if self.ampm == "PM" else 0)
        # no year: 1900 as strptime does, 2000 when only a leap year has the day
        year = self.year if self.year is not None else (2000 if (self.month, self.day) == (2, 29) else 1900)
        try:
            dt = datetime(year, self.month, self.day, hour, self.minute, min(self.second, 59), self.micro, self.tz)
        except ValueError:
            return None
        if self.weekday is not None and self.year is not None and dt.isoweekday() != self.weekday:
            return None
        return dt




_ISO8601 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r" ?([Zz]|[+-]\d{2}(?::?\d{2})?)?"
)



# -- lenient parsing ------------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class ParsedDate:
    datetime: datetime
    pattern: str  # strftime-like pattern of the raw text (match_format(raw, pattern) matches it)
    has_zone: bool
    has_time: bool
    has_year: bool = True


_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2}(?!\d))?)?)(?!\d)"
    r"|(?P<ymd>\d{4})(?P<ys>[/.])(?P<ym>\d{1,2})(?P=ys)(?P<yd>\d{1,2})(?!\d)"
    r"|(?P<cjk>\d{4})年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日"
    r"|(?P<n1>\d{1,2})(?P<ns>[./-])(?P<n2>\d{1,2})(?P=ns)(?P<n3>\d{4}|\d{2})(?!\d)"
    r"|(?P<th>\d{1,2})(?P<ts>[:.h])(?P<tm>\d{2})(?:(?P=ts)(?P<tsec>\d{2}))?(?!\d)"
    r"(?:(?P<tsp> ?)(?P<ampm>[AaPp]\.[Mm]\.|[AaPp][Mm]\b))?"
    r"(?:(?P<osp> ?)(?P<off>(?:GMT|UTC)?[+-]\d{2}:?\d{2})(?!\d))?"
    r"|(?P<ord>\d{1,2})(?P<suf>st|nd|rd|th)\b"
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+\.?)"
    r"|(?P<gap>\s+)"
    r"|(?P<punct>[,|•·:;/()\-–—.])"
)


def _pad(val: str, code: str) -> str:
    return f"%{code}" if len(val) == 2 else f"%-{code}"


@dataclass(slots=True)
class _State:
    """What ``_analyse`` has read so far."""

    order: str | None
    p: _Parts = field(default_factory=_Parts)
    pattern: list[str] = field(default_factory=list)
    has_time: bool = False
    seen_core: bool = False  # a number or name has been read (prefix words are over)


def _tok_iso(st: _State, m: re.Match[str]) -> bool:
    im = _ISO8601.fullmatch(m.group("iso"))
    p = st.p
    if im is None or p.month is not None:
        return False
    y, mo, d, h, mi, s, frac, off = im.groups()
    p.year, p.month, p.day = int(y), int(mo), int(d)
    text = m.group("iso")
    pat = "%Y-%m-%d"
    if h:
        if p.hour is not None:
            return False
        p.hour, p.minute, p.second = int(h), int(mi), int(s or 0)
        st.has_time = True
        pat += text[10] + "%H:%M" + (":%S" if s else "")
        if frac:
            pat += text[19] + "%f"
            p.micro = int(frac[:6].ljust(6, "0"))
    if off:
        p.tz, p.zoned = _offset(off if len(off) != 3 else off + "00"), True
        pat += "%z"
    st.pattern.append(pat)
    st.seen_core = True
    return True


def _tok_ymd(st: _State, m: re.Match[str]) -> bool:
    g, p = m.group, st.p
    if p.month is not None:
        return False
    if g("ymd"):
        p.year, p.month, p.day = int(g("ymd")), int(g("ym")), int(g("yd"))
        sep = g("ys")
        st.pattern.append(f"%Y{sep}{_pad(g('ym'), 'm')}{sep}{_pad(g('yd'), 'd')}")
    else:
        p.year, p.month, p.day = int(g("cjk")), int(g("cm")), int(g("cd"))
        st.pattern.append(f"%Y年{_pad(g('cm'), 'm')}月{_pad(g('cd'), 'd')}日")
    st.seen_core = True
    return True


def _tok_numeric(st: _State, m: re.Match[str]) -> bool:
    """12.05.2024, 05/12/2024, 5-12-24: dotted dates are day first, slashed ones when decidable."""
    g, p = m.group, st.p
    if p.month is not None:
        return False
    a, b, sep = g("n1"), g("n2"), g("ns")
    ia, ib = int(a), int(b)
    if sep == "." or ia > 12 or (st.order == "DMY" and ib <= 12):
        day_first = True
    elif ib > 12 or st.order == "MDY":
        day_first = False
    else:
        return False  # 08/01/2014: ambiguous without a configured order
    if (ia > 12 and not day_first) or (ib > 12 and day_first):
        return False
    ycode = "%Y" if len(g("n3")) == 4 else "%y"
    p.year = int(g("n3")) if len(g("n3")) == 4 else 2000 + int(g("n3"))
    if day_first:
        p.day, p.month = ia, ib
        st.pattern.append(f"{_pad(a, 'd')}{sep}{_pad(b, 'm')}{sep}{ycode}")
    else:
        p.month, p.day = ia, ib
        st.pattern.append(f"{_pad(a, 'm')}{sep}{_pad(b, 'd')}{sep}{ycode}")
    st.seen_core = True
    return True


def _tok_time(st: _State, m: re.Match[str]) -> bool:
    g, p = m.group, st.p
    if p.hour is not None:
        return False
    h, sep = g("th"), g("ts")
    if sep == "." and p.month is None:
        return False  # "7.50" before any date is a number, not a time
    p.hour, p.minute = int(h), int(g("tm"))
    ampm = g("ampm")
    pat = f"{_pad(h, 'I' if ampm else 'H')}{sep}%M"
    if g("tsec"):
        p.second = int(g("tsec"))
        pat += f"{sep}%S"
    if ampm:
        p.ampm = _AMPM[ampm.lower()]
        pat += g("tsp") + ("%p" if ampm in ("AM", "PM") else "%P" if ampm in ("am", "pm") else ampm)
    if g("off"):
        off = g("off")
        lead = off[:3] if off[:3] in ("GMT", "UTC") else ""
        p.tz, p.zoned = _offset(off[len(lead) :]), True
        pat += g("osp") + lead + "%z"
    if p.minute > 59 or p.hour > 23:
        return False
    st.has_time = st.seen_core = True
    st.pattern.append(pat)
    return True


def _tok_ordinal(st: _State, m: re.Match[str]) -> bool:
    if st.p.day is not None:
        return False
    st.p.day = int(m.group("ord"))
    st.pattern.append(_pad(m.group("ord"), "d") + m.group("suf"))
    st.seen_core = True
    return True


def _tok_number(st: _State, m: re.Match[str]) -> bool:
    val, p = m.group("num"), st.p
    if len(val) == 4 and p.year is None:
        p.year = int(val)
        st.pattern.append("%Y")
    elif len(val) <= 2 and p.day is None:
        p.day = int(val)
        st.pattern.append(_pad(val, "d"))
    else:
        return False
    st.seen_core = True
    return True


def _tok_word(st: _State, m: re.Match[str]) -> bool:
    """Month and weekday names, zone abbreviations after a time, connectors and opening labels."""
    word = m.group("word")
    low = word.lower()
    bare = low.rstrip(".")
    dot = "." if word.endswith(".") else ""
    p = st.p
    if bare in _MONTHS_FULL and p.month is None:
        p.month = _MONTHS_FULL[bare]
        st.pattern.append("%B" + dot)
        st.seen_core = True
    elif bare in _MONTHS_ABBR and p.month is None:
        p.month = _MONTHS_ABBR[bare]
        st.pattern.append("%b" + dot)
        st.seen_core = True
    elif bare in _WEEKDAYS_FULL and p.weekday is None:
        p.weekday = _WEEKDAYS_FULL[bare]
        st.pattern.append("%A" + dot)
    elif bare in _WEEKDAYS_ABBR and p.weekday is None:
        p.weekday = _WEEKDAYS_ABBR[bare]
        st.pattern.append("%a" + dot)
    elif _zone_word(word.rstrip(".")) and st.has_time and not p.zoned:
        p.tz, p.zoned = _zone(word.rstrip(".")), True
        st.pattern.append("%Z" + dot)
    elif low in _CONNECTORS or bare in _CONNECTORS or (not st.seen_core and bare in _PREFIXES):
        st.pattern.append(word.replace("%", "%%"))
    elif low == "t" and p.month is not None and not st.has_time:
        st.pattern.append(word)
    else:
        return False
    return True


def _tok_sep(st: _State, m: re.Match[str]) -> bool:
    text = m.group()
    st.pattern.append(" " if m.lastgroup == "gap" and text.strip(" ") == "" else text.replace("%", "%%"))
    return True


# token kind (the first group of _TOKEN's alternative) -> handler; a handler returns False to
# reject the whole expression
_HANDLERS: tuple[tuple[str, object], ...] = (
    ("iso", _tok_iso),
    ("ymd", _tok_ymd),
    ("cjk", _tok_ymd),
    ("n1", _tok_numeric),
    ("th", _tok_time),
    ("ord", _tok_ordinal),
    ("num", _tok_number),
    ("word", _tok_word),
    ("gap", _tok_sep),
    ("punct", _tok_sep),
)


@lru_cache(maxsize=8192)  # the same candidates come back: every rule's and reader's look at a date line
def _analyse(raw: str, order: str | None, partial: bool = False) -> ParsedDate | None:
    """Tokenise ``raw`` as one date expression; None when any part is not a date part.

    ``partial`` also accepts a day and month alone ("5 февраля" in an agency dateline)."""
    st = _State(order)
    pos = 0
    for m in _TOKEN.finditer(raw):
        if m.start() != pos:
            return None
        pos = m.end()
        handler = next(h for key, h in _HANDLERS if m.group(key) is not None)
        if not handler(st, m):  # type: ignore[operator]
            return None
    p = st.p
    if pos != len(raw) or p.month is None or p.day is None:
        return None
    if p.year is None and not (st.has_time or p.weekday is not None or partial):
        return None
    dt = p.build()
    if dt is None:
        return None
    return ParsedDate(dt, "".join(st.pattern).strip(), p.zoned, st.has_time, p.year is not None)


def parse_any(raw: str, order: str | None = None, partial: bool = False) -> ParsedDate | None:
    """Parse any unambiguous date expression: ISO 8601 / RFC 3339, month names in the known
    languages ("01 April 2016, 19:37", "Dec. 29, 2014, 5:04 PM", "on December 29, 2014 at 3:02 PM",
    "01 апреля 2016, 19:37"), numeric dates ("29.12.2014 17:04"; dotted dates are day first,
    slashed ones only when a part above 12 or ``order`` ("DMY"/"MDY") decides).
    Opening labels such as "Published:" are allowed and kept in ``pattern``. None when not a date.
    ``partial`` also accepts a day and a month with neither year nor time.
    """
    text = " ".join(raw.replace("\u00a0", " ").replace("\u202f", " ").split())
    if not text or len(text) > 120:
        return None
    return _analyse(text, order, partial)
