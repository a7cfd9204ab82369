"""Author and source lines: labels ("Автор:", "Источник:", "By"), bylines, agency datelines.

``clean_name_value`` and ``split_names`` turn a byline value into names with their offsets;
``agency_dateline`` reads "МОСКВА, 5 марта. /ТАСС/." and "Вашингтон, 29 апреля, 2021, 23:43 —
ИА Регнум." openings (a place, a date, the agency); ``outlet_credit`` an "author | outlet" credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor import dates
from auditor.model import Document
from auditor.readers.textutil import strip_span

# -- labels ---------------------------------------------------------------------------------
# A label, then the value up to the end of the line or the next label on the same line.
AUTHOR_LABELS = r"Authors?|Автор(?:ы|ка)?|Аўтар|Автори|Текст|Text|Written\s+by|Reporting\s+by|Autor(?:in|en)?|Autori|Auteurs?|Escrito\s+por|作者|著者"
SOURCE_LABELS = r"Sources?|Источник(?:и)?|Джерело|Крыніца|Quelle|Fuente|Fonte|Provenance|来源|出典|情報元"
_ANY_LABEL = rf"(?:{AUTHOR_LABELS}|{SOURCE_LABELS}|Photo|Фото|Foto|Editor|Редактор|Published|Опубликовано)\s*[:：]"
_LABELLED_AUTHOR = re.compile(
    rf"(?<![\w])(?:{AUTHOR_LABELS})[ \t\u00a0]*[:：][ \t\u00a0]*(?P<v>(?:(?!{_ANY_LABEL})[^\n])*)", re.IGNORECASE
)
_LABELLED_SOURCE = re.compile(
    rf"(?<![\w])(?:{SOURCE_LABELS})[ \t\u00a0]*[:：][ \t\u00a0]*(?P<v>(?:(?!{_ANY_LABEL})[^\n])*)", re.IGNORECASE
)
# "By Name", "Von Name", "Par Name" opening a line (no colon)
_BYLINE = re.compile(
    r"^[ \t\u00a0]*(?:[-–—]{1,2}[ \t]*)?(?:(?:Compiled|Written|Story|Words)\s+)?(?:By|BY|by|Von|von|VON|Par|par|Por|por|От|Von:|By:|BY:)"
    r"[ \t\u00a0:]+(?P<v>[^\n]+)",
    re.MULTILINE,
)
# the closing credit of agency copy: "(Reporting by A and B; Editing by C)": the reporters write,
# editors and "additional reporting" contributors are not the byline
_CLOSING_CREDIT = re.compile(
    r"^[ \t\u00a0]*[(\[][ \t]*(?:Reporting|Writing|Written|Text)[ \t]+by[ \t\u00a0]+(?P<v>[^;)\]\n]+)", re.MULTILINE
)
_INLINE_BYLINE = re.compile(r"(?<=\s)(?:By|BY)[ \t\u00a0]+(?P<v>[A-ZА-ЯЁ][^\n|]{1,80})")
_AGENCY_DATELINE = re.compile(
    r"^[^\n()]{2,70}?\((?P<v>[A-ZА-Я][\w.&' -]{0,30}?)\)\s*(?:--|—|–|-)", re.MULTILINE
)
_APPEARED = re.compile(
    r"(?:originally|first)\s+(?:appeared|published)\s+(?:at|on|in|by)\s+(?P<v>[^\n.]+(?:\.(?:com|org|net|ru)\b[^\n.]*)?)",
    re.IGNORECASE,
)
PLACEHOLDERS = {"", "tbd", "tba", "n/a", "na", "none", "unknown", "-", "—", "author", "автор", "xxx", "todo"}
_ROLE_TAIL = re.compile(
    r",\s*(?:[\w.]+\s+)?(?:Contributor|Correspondent|Reporter|Writer|Staff\s+Writer|Columnist|Editor|Корреспондент)\s*$",
    re.IGNORECASE,
)
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and|und|et|y|и)\s+|,|\s+(?:and|und|et|y|e|и)\s+|\s*&\s*|;)\s*")


_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the|is|who|un|une|el|la|der|die|ein|eine)\s.*$|\s+(?:is|was|ist|est)\s.*$"
    r"|,\s+[a-zа-яёіїєґ][^,]*(?:,.*)?$"  # ", директор Baku Network, специально для ...": a role, not a name
)
_PLACE_TAIL = re.compile(r"\s+(?:in|из|в|у|з)\s+[A-ZА-ЯЁІЇЄ][\w-]+(?:\s+[A-ZА-ЯЁІЇЄ][\w-]+)?$")
_TRAILING_WORDS = re.compile(r"(?:\s+(?:on|at|am|um|le|el|em|в|on:|at:))+$", re.IGNORECASE)
AGENCIES = frozenset(
    ["afp", "ap", "reuters", "dpa", "epa", "ansa", "efe", "bloomberg", "cnn", "bbc", "tass", "тасс", "интерфакс", "interfax", "риа", "новости", "ria", "novosti", "рбк", "xinhua", "kyodo", "yonhap", "anadolu", "upi", "pa", "sda", "apa", "ctk"]
) | {"associated press", "agence france-presse", "press association", "риа новости", "ria novosti"}


_WIRE = re.compile(r"(?:^|\s)(?:wire|wires|newswire|news\s+service|wire\s+service|news\s+agency|press\s+agency)$", re.I)


def is_agency(name: str) -> bool:
    """A news agency or wire service credited where a byline stands ("AFP", "CNN Wire", "Tribune
    News Service"): the piece's source, not its author."""
    key = " ".join(name.split()).casefold().strip(" .,;:-–—()")
    return key in AGENCIES or bool(_WIRE.search(key))


def clean_name_value(value: str) -> str:
    """A byline value without trailing dates, e-mail addresses, handles, bios and '|' / '/' tails."""
    value = re.split(r"\s[|/•·]\s|\|", value)[0]
    value = _APPOSITIVE.sub("", value)
    value = re.sub(r"\S+@\S+\.\w+", "", value)
    value = re.sub(r"(?<!\w)@\w+", "", value)
    for start, _end, _txt in dates.find_dates(value):
        value = value[:start]
        break
    value = re.sub(r"(?:\s+[-–—•·]\s*|\s*[,;:]\s*)$", "", value.strip())
    value = _TRAILING_WORDS.sub("", value)
    value = _PLACE_TAIL.sub("", value)
    value = _ROLE_TAIL.sub("", value)
    return value.strip(" \t\u00a0,;:-–—")


def is_place(name: str) -> bool:
    """A country or city name (CLDR, auditor/place_names.py): a dateline, never an author."""
    from auditor.place_names import PLACES

    return " ".join(name.split()).casefold().strip(" .,;:-–—") in PLACES


def split_names(text: str, base: int) -> list[tuple[str, int, int]]:
    """'A, B and C' -> [(name, start, end)] with offsets shifted by ``base``; a place standing as
    an item ("Markus Balser, Berlin") is a dateline and is left out. A comma inside one name
    written surname first ("Петров, Иван", "Иванов, И. И.", "Smith, John") does not split it;
    "Иванов И., Петров П." is still two names."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in list(_SPLIT_NAMES.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        s, e = strip_span(text, pos, end)
        if e > s and not is_place(text[s:e]):
            out.append((text[s:e], base + s, base + e))
        if m is not None:
            pos = m.end()
    return _join_inverted(out, text, base)


_ONE_WORD = re.compile(r"^[^\W\d_][\w'’-]*$")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.\s?-?){1,3}$")


def _join_inverted(parts: list[tuple[str, int, int]], text: str, base: int) -> list[tuple[str, int, int]]:
    """Join "Surname" + "Given name or initials" split at a comma back into one name."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(parts):
        name, s, e = parts[i]
        if i + 1 < len(parts):
            nxt, ns, ne = parts[i + 1]
            if text[e - base : ns - base].strip() == "," and _inverted(name, nxt, len(parts)):
                out.append((text[s - base : ne - base], s, ne))
                i += 2
                continue
        out.append((name, s, e))
        i += 1
    return out


def _inverted(first: str, second: str, count: int) -> bool:
    """Whether "first, second" is one name written surname first: one word, then initials; or a
    word the Russian dictionary knows as a given name; or, in Latin letters, "Surname, Given" when
    these are the only two parts."""
    if not _ONE_WORD.match(first) or not first[:1].isupper():
        return False
    if _INITIALS.match(second.strip()):
        return True
    if not _ONE_WORD.match(second) or not (second[:1].isupper() and second[1:].islower()):
        return False
    if second.isascii() and first.isascii():  # "Smith, John" (only two parts: "A, B and C" lists)
        return count == 2 and first[1:].islower()
    from auditor import morph

    return morph.available() and morph.is_given_name(second) and not morph.is_given_name(first)


def _values(doc: Document, rx: re.Pattern[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """(value, value start, label start) of every labelled value in text[start:end]."""
    out = []
    for m in rx.finditer(doc.text, start, end):
        vs, _ve = strip_span(doc.text, m.start("v"), m.end("v"))
        out.append((doc.text[vs:_ve], vs, m.start()))
    return out


def _opens_line(text: str, pos: int) -> bool:
    """Only spaces or list/emphasis markup stand between the line start and ``pos``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip(" \t\u00a0*_>-•#")


# -- agency datelines and outlet credits ------------------------------------------------------------------
_PLACE = r"(?P<place>[A-ZА-ЯЁІЇЄ][\w-]+(?:[ -][A-ZА-ЯЁІЇЄ][\w-]+){0,2})"
_DATELINE_HEAD = re.compile(rf"[ \t\u00a0]*{_PLACE}[,.][ \t\u00a0]+")
_AGENCY = re.compile(
    r"[.,]?[ \t\u00a0]*(?:[-—–][ \t\u00a0]*)?"
    r"(?:/(?P<slash>[^/\n]{2,30})/|(?P<name>[A-ZА-ЯЁІЇЄ«\"][\w«»\"&-]*(?:\.\w+)*(?:[ \t][A-ZА-ЯЁІЇЄ«\"][\w«»\"&-]*){0,2}))"
    r"(?=\.?[ \t\u00a0]|[.,]?$)"
)


@dataclass(slots=True)
class Dateline:
    """An agency dateline opening a paragraph: where the date and the agency stand."""

    date_start: int
    date_end: int
    agency: str | None
    agency_start: int
    agency_end: int


def agency_dateline(text: str, start: int, end: int) -> Dateline | None:
    """"МОСКВА, 5 марта. /ТАСС/. ..." at ``text[start:]``: the date (day and month at least) and
    the agency credited after it. A place alone or a date alone is no dateline."""
    from auditor.readers.lines import find_stamp

    m = _DATELINE_HEAD.match(text, start, min(end, start + 200))
    if m is None:
        return None
    window = text[m.end() : min(end, m.end() + 80)]
    st = find_stamp(window, partial=True)
    if st is None or st.start != 0 or st.value is None:
        return None
    ds, de = m.end() + st.start, m.end() + st.end
    a = _AGENCY.match(text, de, min(end, de + 60))
    if a is None:
        return Dateline(ds, de, None, de, de)
    g = "slash" if a.group("slash") else "name"
    value = a.group(g).strip().rstrip(".")
    if g == "name" and len(value.split()) == 1 and not (value.isupper() or "." in value):
        return Dateline(ds, de, None, de, de)  # "МОСКВА, 5 марта, Президент ..." is no credit
    return Dateline(ds, de, value, a.start(g), a.start(g) + len(value))


_OUTLET_CREDIT = re.compile(
    r"(?P<author>[A-ZА-ЯЁІЇЄ][\w'’-]+(?:[ \t][A-ZА-ЯЁІЇЄ][\w'’-]+){1,2})[ \t]+\|[ \t]+"
    r"(?P<outlet>(?:[A-Z][\w.&'-]*)(?:[ \t][A-Z][\w.&'-]*){0,4}|«[^»\n]{2,40}»|\"[^\"\n]{2,40}\")"
)


def outlet_credit(text: str, start: int, end: int) -> re.Match[str] | None:
    """"Иван Петров | The New York Times" opening ``text[start:end]``: an author and the outlet
    the piece comes from (the outlet is a run of capitalised Latin words or a quoted name)."""
    m = _OUTLET_CREDIT.match(text, start, end)
    if m is None:
        return None
    from auditor.readers.lines import name_line

    return m if name_line(m.group("author")) or not re.search(r"[\u0400-\u04ff]", m.group("author")) else None
