"""Features of one line or paragraph of a page: labels, date lines, name lines, sentence shape.

Shared by the line-role analysis (``roles.py``) and the field extraction; every test here looks
at one piece of text (and at most the words of a name through pymorphy3), never at a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from auditor import dates
from auditor.readers.layout import fold_marker

# a Latin letter that imitates a Cyrillic one inside a Cyrillic word ("Tекст") reads as Cyrillic
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_CYR_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")
_LOOKALIKE_LETTER = re.compile("[AaBCcEeHKMOoPpTXxy]")
_CYR_LETTER = re.compile("[\u0400-\u04ff]")


def fold_lookalikes(text: str) -> str:
    """Same length, Latin look-alike letters inside Cyrillic words replaced by Cyrillic ones."""
    if _LOOKALIKE_LETTER.search(text) is None or _CYR_LETTER.search(text) is None:
        return text  # nothing the table maps, or no Cyrillic word: the text as it is
    return _CYR_WORD.sub(lambda m: m.group(0).translate(_LOOKALIKE), text)


def fold_lookalikes_in(text: str, start: int, end: int) -> str:
    """``fold_lookalikes(text)[start:end]``, folding only the words that reach into that range
    (a word is folded as a whole, so the range is widened to the words it cuts)."""
    lo, hi = start, end
    while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):  # what \w matches
        lo -= 1
    while hi < len(text) and (text[hi].isalnum() or text[hi] == "_"):
        hi += 1
    return fold_lookalikes(text[lo:hi])[start - lo : end - lo]


_LEAD = r"^[ \t\u00a0>*_•·-]*"
AUTHOR_WORDS = (
    r"Авторы?|Автор(?:ка)?|Текст|Автор\s+текста|Автор\s+материала|Подготовил[аи]?|Беседовал[аи]?|Записал[аи]?|"
    r"Автори?|Текст|Підготував(?:ла)?|Розмовляв(?:ла)?|Аўтар|Authors?|Text|Written\s+by|Reporting\s+by|By"
)
AUTHOR_LABEL = re.compile(rf"{_LEAD}(?:{AUTHOR_WORDS})(?:\s*[:：]|\s+(?=[A-ZА-ЯЁІЇЄ]))", re.IGNORECASE)
INLINE_LABEL = re.compile(
    r"(?<=\s)(?:Текст|Автор(?:ы)?|Автори|Аўтар|Источник|Джерело|Author|Source)\s*[:：]", re.IGNORECASE
)
SOURCE_LABEL = re.compile(rf"{_LEAD}(?:Источники?|Джерело|Крыніца|Sources?|Quelle|Fuente|Fonte)\s*[:：]", re.IGNORECASE)
CAPTION = re.compile(
    rf"{_LEAD}(?:Фото(?:графия)?|Фотография|Світлина|Иллюстрация|Ілюстрація|Коллаж|Колаж|Видео|Відео|Photo|Foto|"
    r"Picture|Image|Illustration|Credit)(?:\s*[:：]|\s+(?:by|из|з|автора)\b)",
    re.IGNORECASE,
)
# a caption that ends with its photo credit ("Участники акции у здания суда. Фото: пресс-служба")
CAPTION_TAIL = re.compile(
    r"(?:^|[.!?]\s+|\s[—–-]\s)(?:Фото|Світлина|Photo|Foto|Picture)(?:\s*[:：]|\s+by\b)\s*[^.\n]{2,80}\.?$", re.IGNORECASE
)
# "Name Surname / Outlet" or "@ Outlet/Agency" photo credits under a picture
CREDIT = re.compile(r"^(?:@\s*\S|[\w.-]+(?:\s[\w.-]+){0,3}\s?/\s?[\w «»\"'.-]{2,40}$)")
UPDATED = re.compile(rf"{_LEAD}(?:Обновлено|Обновлён|Оновлено|Абноўлена|Updated|Last\s+updated|Aktualisiert|Mis\s+à\s+jour)\b", re.I)
PUBLISHED = re.compile(
    r"^[ \t\u00a0|•·-]*(?:date|Опубликовано|Опубліковано|Дата(?:\s+публикации)?|Published|Posted)\s*[:：]?\s*",
    re.IGNORECASE,
)
FOOTNOTE = re.compile(r"^\s*(?:(?:\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹])\s*[—–-]\s|\*{1,3}(?=[^\s*])|[¹²³⁴⁵⁶⁷⁸⁹])")
_SENTENCE_END = re.compile(r"[.!?…»\"”)\]]\s*$")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ru|ua|com|org|net|io|tv|media|by)\b(?:/\S*)?$", re.I)
_NAV = re.compile(
    r"^(?:\d+\.\s*)?(?:Перейти|Перейдите|Skip\s+to|Jump\s+to|Главная|Головна|Home|Menu|Меню|Поиск|Пошук|Search|"
    r"Download|Скачать|Войти|Увійти|Log\s*in|Sign\s+in|Подписаться|Підписатися|Subscribe|Поделиться|Поділитися|"
    r"Читать\s+на|Читайте\s+нас|clear\s+search|Ваш\s+браузер|Your\s+browser)\b",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"^[\d.,\s]+[KkMmКкМм]?\s*(?:[^\W\d_]+\s*){0,2}$")
_ZONE_REMARK = re.compile(r"\s*\((?:по\s+)?(?:МСК|мск|Москве|московскому\s+времени|Киеву|Kyiv|UTC|GMT)[^)]{0,12}\)")
_RELATIVE = re.compile(
    r"(?i:сегодня|вчера|позавчера|сьогодні|вчора|учора|сёння|учора|today|yesterday|šodien|vakar|dnes|včera)"
    r"(?:,?\s*(?:в|о|у|at|um|à)?\s*\d{1,2}[:.]\d{2})?"
    r"|\d{1,3}\s+(?i:минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|хвилин[уи]?|годин[уи]?|minutes?|mins?|hours?|days?)"
    r"\s+(?i:назад|тому|ago)"
    r"|(?i:před)\s+\d{1,3}\s+\w+"
)
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}$")
_MONTH_ONLY = re.compile(r"^(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])$")
_MONTH_HEAD = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])(?![\d-])")


_CREDIT_DATE = re.compile(r"^(?P<who>[A-ZА-ЯЁІЇЄ«\"][^,\n]{1,40}),[ \t\u00a0]+(?P<date>[^\n]{3,40})$")


def credit_with_date(text: str) -> re.Match[str] | None:
    """"Лениздат, 21 января" / "Иван Петров, 5 марта 2024": who (an outlet or a person) and the
    date the piece appeared there, on a line of its own after the text."""
    m = _CREDIT_DATE.match(text.strip())
    if m is None or len(m.group("who").split()) > 4:
        return None
    st = find_stamp(m.group("date"), partial=True)
    if st is None or st.start != 0 or m.group("date")[st.end :].strip(" ."):
        return None
    return m


_LINE_MARKUP = re.compile(r"^[ \t]*(?:>[ \t]?)+|^[ \t]*[-*+•][ \t]+(?=\S)", re.MULTILINE)


def blank_line_markup(text: str) -> str:
    """``text`` with blockquote markers and list bullets at line starts turned into spaces (same
    length, so offsets stay): a notice wrapped inside a quote or a list item reads as one run."""
    return _LINE_MARKUP.sub(lambda m: " " * len(m.group(0)), text)


_PUNCT_RUN = re.compile(r"[^\w\s]+")
_MARKUP_HEAD = re.compile(r"^[\s>*_•·#-]+")
_SENTENCE_STOP = re.compile(r"[.!?…](?:\s+|$)(?=[«\"(A-ZА-ЯЁІЇЄ0-9]|$)")


@lru_cache(maxsize=4096)  # a headline candidate is compared with the next 60 lines' keys
def heading_key(text: str) -> str:
    return " ".join(_PUNCT_RUN.sub(" ", text.lower()).split())


_FULL_STOP = re.compile(r"[.!?…][\"»”']?\s*(?:18\s*\+)?\s*$")


def full_stop(text: str) -> bool:
    """Ends with a full stop (not a closing bracket or quote alone): a notice is over."""
    return _FULL_STOP.search(text.rstrip()) is not None


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text.rstrip()) is not None


_TALK_WORDS = frozenset({"ИНОСТРАННЫМ", "ИНОСТРАННОГО", "ИНОСТРАННЫЙ", "АГЕНТОМ", "АГЕНТА", "АГЕНТ", "ИНОАГЕНТ"})


def caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(1 for c in letters if c.isupper()) / len(letters) > 0.85


def upper_cyrillic_block(text: str) -> bool:
    """Eight or more words of upper-case Cyrillic: a notice when no markers are configured."""
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 8 or not letters:
        return False
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return cyr / len(letters) > 0.8 and caps(text)


def _folded_head(head: str, need: int) -> str:
    """``fold_marker(head)``, or a prefix of it at least ``need`` characters long.

    Only the opening of a block is compared with the markers: ``head`` is folded up to a plain
    space that follows a letter or digit. Normalisation works character by character (a cluster
    with its combining marks at most), collapses spaces the same way whatever follows, and folds
    look-alikes word by word, so everything before such a space folds as it does in the whole
    ``head``; what is folded there is a prefix of ``fold_marker(head)``."""
    cut = head.find(" ", need + 8)
    while cut != -1 and not head[cut - 1].isalnum():
        cut = head.find(" ", cut + 1)
    if cut != -1:
        part = fold_marker(head[:cut])
        if len(part) >= need:
            return part
    return fold_marker(head)


def opens_notice(text: str, markers: list[str]) -> bool:
    """A block that opens with a notice marker. A marker that is only the words "иностранный
    агент" opens a notice only in capitals: in ordinary case it opens a sentence about the law
    ("Иностранным агентом признан ...")."""
    if not markers:
        return upper_cyrillic_block(text)
    head = _HEAD_START.match(text)
    if head is not None and head.group(1) not in _first_letters(tuple(markers)):
        return False  # its first letter opens no marker
    return _opens(text[:400], tuple(markers))  # asked twice a block (merging wrapped lines, then roles)


# the first character after the markup ``_opens`` strips, when it is plain (printable ASCII or the
# basic Cyrillic letters: each normalises to itself or its upper case, see text._ODD) and no
# combining mark can follow it (a plain character, a space or the end follows)
_HEAD_START = re.compile(r"[\s>*_•·#-]*([\x21-\x7e\u0410-\u044f])(?![^\x20-\x7e\u0410-\u044f\s])")


@lru_cache(maxsize=64)
def _first_letters(markers: tuple[str, ...]) -> frozenset[str]:
    """Plain characters whose normalised image (upper case, a Latin look-alike folded) opens a marker."""
    from auditor.text import LATIN_TO_CYRILLIC

    firsts = {m[0] for m in markers}
    plain = [chr(c) for c in (*range(0x21, 0x7F), *range(0x410, 0x450))]
    return frozenset(c for c in plain if c.upper() in firsts or LATIN_TO_CYRILLIC.get(c.upper()) in firsts)


@lru_cache(maxsize=4096)
def _opens(text: str, markers: tuple[str, ...]) -> bool:
    head = _MARKUP_HEAD.sub("", text)
    folded = _folded_head(head, max(map(len, markers)))
    for m in markers:
        if folded.startswith(m):
            if set(m.split()) <= _TALK_WORDS and not caps(head[:200]):
                continue
            return True
    return False


def is_chrome_line(text: str) -> bool:
    t = text.strip()
    if _NAV.match(t) or (len(t.split()) <= 3 and _URL.search(t)):  # the cheap test first
        return True
    return bool(_COUNTER.match(t)) and any(c.isdigit() for c in t) and len(t) < 30 and not _TIME_ONLY.match(t)


def sentences(text: str) -> int:
    return len(_SENTENCE_STOP.findall(text.strip())) or 1


def is_prose(text: str) -> bool:
    words = len(text.split())
    return len(text) >= 220 or (words >= 18 and sentences(text) >= 2 and text.rstrip()[-1:] in ".!?…»\"")


def is_rubric(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 30 and len(t.split()) <= 3 and not ends_sentence(t) and not any(c.isdigit() for c in t)


def is_lead(text: str) -> bool:
    """A standfirst: one short sentence (a subheadline) under the headline."""
    t = text.strip()
    return len(t) <= 200 and sentences(t) <= 1 and 4 <= len(t.split()) <= 25 and not ends_sentence(t)


def headline_shape(text: str) -> tuple[bool, str]:
    """Whether a line can be a headline by its own shape, and the words that say why."""
    t = text.strip()
    words = len(t.split())
    if not 3 <= words <= 30 or len(t) > 250:
        return False, f"{words} words: not a headline's length"
    if t.endswith((":", ",", ";")) or t[0] in "•·-–—*|@" or t[0].islower():
        return False, "opens or ends like a fragment or a list item"
    if _URL.search(t) or "|" in t:
        return False, "carries a link or separators"
    if t.endswith(".") and sentences(t) >= 3:
        return False, "several sentences: a paragraph"
    return True, f"{words} words" + (", no final period" if not t.endswith(".") else "")


# -- person names -------------------------------------------------------------------------------------
_NAME_WORD = re.compile(r"^[A-ZА-ЯЁІЇЄЎ][a-zа-яёіїєўґ'’-]+$")


def name_line(text: str) -> bool:
    """Two or three capitalised words that pymorphy3 reads as a person's name (a first name with a
    surname or patronymic); a place ("Berlin", "Москва") or an organisation never is."""
    words = text.strip().split()
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
        return False
    from auditor.morph import name_tags

    tags = [name_tags(w) for w in words]
    if any("Geox" in t and not ({"Name", "Surn"} & t) for t in tags):
        return False
    return any("Name" in t for t in tags) and all(t & {"Name", "Surn", "Patr", "?"} for t in tags)


# -- date lines -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class Stamp:
    start: int  # offsets of the timestamp as shown inside the line
    end: int
    has_time: bool
    has_year: bool
    value: str | None  # "2024-03-05T14:07", "--03-05T14:07", "2023-10", None (relative, time only)
    pattern: str | None
    flags: list[str]
    weekday_only: bool = False  # a weekday and a date, no time: reads as a current-date header
    artifact: bool = False  # a bare "date 2025-08" tag of a stored page


def stamp_value(p: dates.ParsedDate) -> str:
    """A parsed date as Published.value: "2024-03-05T14:07", "--03-05" without a year."""
    dt = p.datetime
    day = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}" if p.has_year else f"--{dt.month:02d}-{dt.day:02d}"
    return day + (f"T{dt.hour:02d}:{dt.minute:02d}" if p.has_time else "")


def find_stamp(text: str, partial: bool = False) -> Stamp | None:
    """The first timestamp in ``text``: a date expression (with a zone remark such as "(по МСК)"),
    a relative one ("сегодня в 13:38", flagged), or a lone time ("20:41", flagged)."""
    t = text
    rel = _RELATIVE.search(t)
    found = dates.find_dates(t)
    if found and (rel is None or found[0][0] <= rel.start()):
        return _date_stamp(t, found[0])
    if rel is not None:
        return _relative_stamp(rel)
    return _bare_stamp(t, partial)


def _date_stamp(t: str, found: tuple[int, int, str]) -> Stamp | None:
    s, e, raw = found
    p = dates.parse_any(raw)
    if p is None:
        return None
    z = _ZONE_REMARK.match(t, e)
    e = z.end() if z else e
    flags = [] if p.has_year else ["no-year"]
    weekday = bool(re.search(r"%A|%a", p.pattern)) and not p.has_time
    return Stamp(s, e, p.has_time, p.has_year, stamp_value(p), p.pattern, flags, weekday_only=weekday)


def _relative_stamp(rel: re.Match[str]) -> Stamp:
    return Stamp(rel.start(), rel.end(), bool(re.search(r"\d:\d", rel.group())), False, None, None, ["relative"])


def _bare_stamp(t: str, partial: bool) -> Stamp | None:
    """A lone time or year-month (``find_stamp`` when no date expression or relative one is in ``t``)."""
    stripped = t.strip()
    if _TIME_ONLY.match(stripped):
        s = t.index(stripped)
        return Stamp(s, s + len(stripped), True, False, None, "%H:%M", ["time-only"])
    m = _MONTH_ONLY.match(stripped)
    if m:
        s = t.index(stripped)
        return Stamp(s, s + len(stripped), False, True, stripped, "%Y-%m", ["month-only"], artifact=True)
    if partial:
        for s, e, raw in dates.find_dates(t, partial=True):
            p = dates.parse_any(raw, partial=True)
            if p is not None:
                return Stamp(s, e, p.has_time, p.has_year, stamp_value(p), p.pattern, ["no-year"])
    return None


def leading_stamp(text: str) -> int | None:
    """End offset of a timestamp opening ``text`` (after a "date"/"Опубликовано:" label) when more
    text follows on the same line, else None."""
    label = PUBLISHED.match(text)
    head = label.end() if label else len(text) - len(text.lstrip())
    month = _MONTH_HEAD.match(text, head) if label else None
    st = find_stamp(text[head : head + 80])
    if month is not None:
        end = month.end()
    elif st is None or st.start > 0:
        return None
    else:
        end = head + st.end
    if end >= len(text.rstrip()) - 1:
        return None
    rest = text[end:].lstrip(" \t\u00a0•·|—–-,")
    if rest[:1].islower() or (rest[:1].isdigit() and label is None):
        return None  # "20 мая в 4.30 утра из дома ...": a sentence that opens with a date
    return end


_STAMP_TAIL = re.compile(
    r"^[\s|•·,—–-]*(?:(?:Обновлено|Оновлено|Updated|обновлено)\s*:?\s*[\d:., ]+|[•·|]\s*[^\n]{0,40})?[\s|•·,—–-]*$"
)


_STAMP_LEAD = " \t|•·-"  # what may stand before the timestamp of a date line


def _stamp_at(t: str, lead: int) -> Stamp | None:
    """``find_stamp(t)`` when the stamp it finds starts at ``lead`` (the first character that is
    not a separator), else None or a stamp starting elsewhere; it looks only near ``lead``.

    Neither a date expression nor a relative one can start inside the separators before
    ``lead``, so ``find_stamp``'s stamp starts at ``lead`` exactly when: the first date of
    ``t`` starts there (it then wins over any relative one, which cannot start earlier); or no
    date starts there and the relative expression does (it then comes before any date); or ``t``
    is a lone time or year-month, which holds neither."""
    first = dates.first_date(t, lead)
    if first is not None:
        return _date_stamp(t, first)
    rel = _RELATIVE.match(t, lead)
    if rel is not None:
        return _relative_stamp(rel)
    return _bare_stamp(t, False)


_STAMP_LINES: dict[str, Stamp | None] = {}  # line -> stamp_line's answer (each caller gets a copy)


def stamp_line(text: str) -> Stamp | None:
    """A line that is a timestamp: the date expression fills it, apart from a label before it and
    an update stamp, a rubric or separators after it. Remembered: the role passes and the field
    extraction ask about the same lines."""
    if text in _STAMP_LINES:
        st = _STAMP_LINES[text]
    else:
        if len(_STAMP_LINES) >= 4096:
            _STAMP_LINES.clear()
        st = _STAMP_LINES[text] = _stamp_line(text)
    return None if st is None else replace(st, flags=list(st.flags))


def _stamp_line(text: str) -> Stamp | None:
    label = PUBLISHED.match(text)
    head = label.end() if label else 0
    body = text[head:]
    st = _stamp_at(body, len(body) - len(body.lstrip(_STAMP_LEAD)))
    if st is None or body[: st.start].strip(_STAMP_LEAD):
        return None
    if not _STAMP_TAIL.match(body[st.end :]):
        return None
    st.start += head
    st.end += head
    st.artifact = st.artifact or bool(label and label.group().strip().lower() == "date" and not st.has_time)
    return st
