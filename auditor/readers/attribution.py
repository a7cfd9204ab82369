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
SOURCE_LABEL_ONLY = re.compile(rf"^[ \t\u00a0\u3000]*(?:{SOURCE_LABELS})[ \t\u00a0\u3000]*[:：]?[ \t\u00a0\u3000]*$", re.IGNORECASE)
_ANY_LABEL = rf"(?:{AUTHOR_LABELS}|{SOURCE_LABELS}|Photo|Фото|Foto|Editor|Редактор|责任编辑|編集|Published|Опубликовано)\s*[:：]"
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
# "This article originally appeared at X", and the same said in other languages; the value is
# the outlet, after an issue number ("Ausgabe 7/2019 der X", "the May 2019 issue of X")
_APPEARED = re.compile(
    r"(?:(?:originally|first)\s+(?:appeared|published|ran)\s+(?:at|on|in|by)"
    r"|(?:Beitrag|Artikel|Text|Bericht|Interview)\s+(?:stammt\s+aus|erschien\s+(?:zuerst|ursprünglich|erstmals)\s+(?:in|im|bei|auf))"
    r"|(?:publié|paru)e?\s+(?:initialement|à\s+l'origine|d'abord)\s+(?:dans|sur|par)"
    r"|publicad[oa]\s+originalmente\s+(?:en|em|no|na|por)"
    r"|(?:впервые|первоначально)\s+(?:опубликован[аоы]?|вышл[аои]|вышел)\s+(?:в|на))"
    r"\s+(?P<v>[^\n.]+(?:\.(?:com|org|net|ru|de|fr)\b[^\n.]*)?)",
    re.IGNORECASE,
)
# every _APPEARED match holds one of these words (case aside): a text lacking all of them holds
# none, and lower-casing plus ``in`` tells that at C speed where the regex would be tried at every
# character. Exact where no character of _APPEARED_ODD stands: re's IGNORECASE equates those with
# a letter of the words although their lower case differs (tests/readers/test_attribution.py)
APPEARED_WORDS = ("originally", "first", "stammt", "erschien", "publi", "paru", "впервые", "первоначально")
_APPEARED_ODD = re.compile("[\u0130\u0131\u017f\u1c80\u1c82]")


def may_have_appeared(text: str, start: int, end: int) -> bool:
    """False only when text[start:end] holds no ``_APPEARED`` match (a cheap test before it)."""
    if _APPEARED_ODD.search(text, start, end):
        return True
    low = text[start:end].lower()
    return any(w in low for w in APPEARED_WORDS)

_ISSUE_OF = re.compile(
    r"^(?:(?:der|die|das|the|la|le|el|a)\s+)?(?:[^\W\d]+\s+)?(?:\d[\d/.-]*\s+)?"
    r"(?:Ausgabe|Heft|issue|edition|numéro|número|edição|выпуске?|номере?)"
    r"\s+(?:\d[\d/.-]*\s+)?(?:(?:der|des|von|of(?:\s+the)?|de(?:\s+la)?|du|del|da|do)\s+)?",
    re.IGNORECASE,
)
# "©SZ vom 15.05.2019/abc" closing an article: the print edition it comes from, and its date
_PRINT_CREDIT = re.compile(
    r"^[ \t\u00a0]*(?:©|\(c\)|Copyright)[ \t\u00a0]*(?P<v>[^\W\d][\w.&'’-]*(?:[ \t][^\W\d][\w.&'’-]*){0,4})"
    r"[ \t\u00a0]+(?:vom|from|of|du|del|de|от|z|dd\.)[ \t\u00a0]+(?P<d>\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4})",
    re.MULTILINE,
)


def appeared_value(value: str) -> str:
    """The outlet named after "originally appeared in": without an issue number before it."""
    value = value.strip().rstrip(".")
    return _ISSUE_OF.sub("", value).strip() or value
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
    """(value, value start, label start) of every labelled value in text[start:end] (``rx``: a
    label pattern ending in a colon, ``_LABELLED_AUTHOR``/``_LABELLED_SOURCE``)."""
    out: list[tuple[str, int, int]] = []
    if doc.text.find(":", start, end) == -1 and doc.text.find("：", start, end) == -1:
        return out  # every label ends with a colon: no search
    for m in rx.finditer(doc.text, start, end):
        vs, _ve = strip_span(doc.text, m.start("v"), m.end("v"))
        out.append((doc.text[vs:_ve], vs, m.start()))
    return out


def after_stamp(text: str, pos: int) -> bool:
    """Only a timestamp (and separators) stands between the line start and ``pos``: a meta line
    such as "2024-03-05 14:07  Source: X"."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    found = dates.find_dates(before)
    if not found:
        return False
    rest = before[: found[0][0]] + before[found[0][1] :]
    return not any(c.isalnum() for c in rest)


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


# -- the outlet on the date line -------------------------------------------------------------------------
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_OUTLET = re.compile(r"[网網社报報站台]|新闻|新聞|通信|日报|日報")
_OUTLET_WORDS = re.compile(
    r"\b(?:News|Media|Press|Wire|Times|Post|Journal|Network|Agency|Radio|TV|Magazine|Online|Daily|Herald|Tribune|"
    r"Zeitung|Presse|Nachrichten|Noticias|Diario|Новости|Газета|Агентство|Новини)\b"
)
_BY = re.compile(r"^[ \t\u00a0]*(?:By|BY|by|Von|von|Par|par|Por|por)[ \t\u00a0:]")
_SEPARATORS = " \t\u00a0\u3000|•·,-–—:"


def outlet_like(name: str) -> bool:
    """A name that reads as an outlet rather than a person: a news agency, a name mixing Latin
    letters and CJK ("TNW中文站"), CJK with an outlet word (网, 社, 新闻), an acronym beside an
    ordinary word ("CNET Japan"), or an outlet word ("News", "Times", "Zeitung")."""
    words = name.split()
    if not name or len(name) > 40 or not 1 <= len(words) <= 5 or any(c.isdigit() for c in name):
        return False
    if is_agency(name):
        return True
    if _CJK.search(name):
        return bool(re.search(r"[A-Za-z]", name)) or bool(_CJK_OUTLET.search(name))
    if is_place(name) or not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return False
    acronyms = [w for w in words if len(w) >= 2 and w.isalpha() and w.isupper()]
    return (bool(acronyms) and len(acronyms) < len(words)) or bool(_OUTLET_WORDS.search(name))


def date_line_source(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The outlet a piece comes from, printed on its date line: before the date ("AFP 30 avril
    2015", "TNW中文站 2016年10月14日") when it reads as an outlet, or after the date of a byline
    line ("By A. Writer March 11, 2015 3:46 PM Morning Show")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    s, e = strip_span(text, line_start, start)
    while e > s and text[e - 1] in _SEPARATORS:
        e -= 1
    if e > s and not _BY.match(before) and not any(c in text[s:e] for c in "|,/") and outlet_like(text[s:e]):
        return text[s:e], s, e
    if not _BY.match(before):
        return None
    s, e = strip_span(text, end, line_end)
    while s < e and text[s] in _SEPARATORS:
        s += 1
    tail = text[s:e]
    words = tail.split()
    if not tail or len(words) > 5 or any(c.isdigit() for c in tail) or not all(w[:1].isupper() for w in words):
        return None
    from auditor.date_tokens import _ZONES

    if tail.upper() in _ZONES or re.match(r"(?i)(?:updated|modified|aktualisiert|mis à jour|обновлено)\b", tail):
        return None
    return tail, s, e
