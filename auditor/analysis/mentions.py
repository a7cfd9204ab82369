"""The mention analysis: names of designated people and organisations (registry hits, Russian
declension through lemmas) and, for each, whether its status is stated: in its sentence or a
following parenthesis, in a footnote with the same asterisk mark, or by the material's notice.

Computed once per document and shared by every ``mention`` rule (``Context.analysis.shared``);
the rules only choose which statuses and outcomes they report (``auditor/checks/mention.py``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

import regex

from auditor.model import Document
from auditor.text import normalize

STATUS_IDS = ("foreign_agent", "extremist", "terrorist", "undesirable")
BANNED = "banned"  # a ban statement: right for extremist and terrorist entries
_FLAGS = regex.IGNORECASE | regex.VERSION0

# Status phrases (matched case-insensitively on normalised text: quotes ", dashes -, one space).
_IN_RU = r"(?:в\s+|на\s+территории\s+)(?:России|РФ|Российской\s+Федерации)"
PHRASES_RU: dict[str, list[str]] = {
    "foreign_agent": [
        r"иноагент\w*",
        r"иностранн\w+\s+агент\w*",
        r"выполняющ\w+\s+функци\w+\s+иностранного\s+агента",
        r"(?:внес[её]н|включ[её]н)\w*(?:\s+\S+){0,3}?\s+в\s+(?:реестр|список|перечень)\s+(?:СМИ[\s-]*)?"
        r"(?:иностранных\s+агентов|иноагентов)",
    ],
    "extremist": [
        r"(?:признан|объявлен|считает)\w*(?:\s+\S+){0,4}?\s+экстремистск\w*",
        r"экстремистск\w*\s+организаци\w*",
        r"(?:внес[её]н|включ[её]н)\w*(?:\s+\S+){0,3}?\s+в\s+(?:реестр|список|перечень)\s+экстремист\w*",
        r"запрещен\w*(?:\s+\S+){0,4}?\s+как\s+экстремистск\w*",
    ],
    "terrorist": [
        r"(?:признан|объявлен|считает)\w*(?:\s+\S+){0,4}?\s+террористическ\w*",
        r"террористическ\w*\s+организаци\w*",
        r"запрещен\w*(?:\s+\S+){0,4}?\s+как\s+террористическ\w*",
    ],
    "undesirable": [
        r"(?:признан|объявлен|внес[её]н|включ[её]н)\w*(?:\s+\S+){0,4}?\s+нежелательн\w*",
        r"нежелательн\w+\s+(?:в\s+\S+\s+)?организаци\w*",
    ],
    BANNED: [
        r"деятельность\s+котор\w+(?:\s+\S+){0,6}?\s+запрещен\w*",
        rf"запрещ[её]н\w*\s+{_IN_RU}",
        rf"(?:ее|его|их)\s+деятельность\s+{_IN_RU}?\s*запрещен\w*",
        r"ликвидирован\w*\s+(?:и|или)\s+запрещен\w*",
    ],
}
PHRASES_EN: dict[str, list[str]] = {
    "foreign_agent": [r"foreign[\s-]+agents?\b", r"performing\s+the\s+functions\s+of\s+a\s+foreign\s+agent"],
    "extremist": [
        r"(?:recogni[sz]ed|designated|declared|listed|banned)\s+(?:\S+\s+){0,3}?extremist\b",
        r"extremist\s+(?:organi[sz]ation|group)",
    ],
    "terrorist": [
        r"(?:recogni[sz]ed|designated|declared|listed|banned)\s+(?:\S+\s+){0,3}?terrorist\b",
        r"terrorist\s+(?:organi[sz]ation|group)",
    ],
    "undesirable": [r"undesirable\b"],
    BANNED: [r"banned\s+in\s+(?:Russia|the\s+Russian\s+Federation)"],
}
SUGGEST = {
    "foreign_agent": "(признан иностранным агентом)",
    "extremist": "(организация признана экстремистской, её деятельность в России запрещена)",
    "terrorist": "(организация признана террористической и запрещена в России)",
    "undesirable": "(организация признана нежелательной в России)",
}
STATUS_WORDS = {
    "foreign_agent": "foreign agent",
    "extremist": "extremist organisation (activity banned)",
    "terrorist": "terrorist organisation (banned)",
    "undesirable": "undesirable organisation",
    BANNED: "banned",
}
_MARK = r"[*✱⁎∗＊]"
_AFTER_NAME = regex.compile(rf'^["»”’\']?({_MARK}+)')
_FOOTNOTE = regex.compile(rf"(?m)^[ \t\u00a0]*({_MARK}+)(?!{_MARK})[ \t\u00a0]*(.*\S)")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?|\"")
_SENT_END = regex.compile(r"(?<=[.!?…])\s+(?=[\"«(\[]?[\p{Lu}\p{N}])|\n")
AGE_MARK = regex.compile(r"(?<!\d)18\s*\+|запрещено\s+для\s+детей", regex.IGNORECASE)
_NOTICE_HEAD = regex.compile(r"^(?:18\+\s*)?(?:НАСТОЯЩИЙ МАТЕРИАЛ|ДАННОЕ СООБЩЕНИЕ)\b")



class Window(Protocol):
    before: int
    after: int


class Lookup(Protocol):
    """How a rule looks for the status (its options): the same lookup is one shared analysis."""

    window: Literal["sentence"] | Window
    phrases: dict[str, list[str]]
    every_mention: bool


@dataclass(slots=True)
class Entity:
    """An entity as one document sees it: the designations in force on the document's day."""

    id: str
    name: str  # registry name
    statuses: dict[str, Any]  # active status -> entry


@dataclass(slots=True)
class Mention:
    entity: Entity
    start: int  # raw offsets in Document.text
    end: int
    ns: int  # normalised offsets
    ne: int
    in_notice: bool = False
    in_footnote: bool = False
    window: tuple[int, int] = (0, 0)  # normalised range the status was looked for in
    said_in: dict[str, tuple[int, int]] = field(default_factory=dict)  # status -> range of the note judged
    verdict: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # status -> (outcome, detail)
    basis: str = ""  # "on the publication date 2024-03-01" / "on the as-of date ..."


@dataclass(slots=True)
class Phrase:
    status: str
    ns: int
    ne: int


class MentionAnalysis:
    """One document: tokens, mentions, windows, phrases, footnotes, verdicts.

    ``index`` finds the names (``auditor.registries.index``); ``how`` says how to look for the
    status (window, extra phrases, every mention or the first).
    """

    def __init__(self, doc: Document, index: Any, as_of: date, how: Lookup, regex_time: float | None) -> None:
        self.index = index
        self.regex_time = regex_time  # seconds one phrase search may take (the run's regex-time limit)
        self.opts = how
        self.doc = doc
        self.norm = normalize(doc.text, fold=True, strip=False)
        self.russian = (doc_language(doc) or "").lower().startswith("ru")
        self.day, self.day_basis = status_day(doc, as_of)

    # -- pieces ---------------------------------------------------------------------------------
    def _mentions(self) -> list[Mention]:
        """Names of the index in the text; each entity with the designations in force on the day."""
        views: dict[str, Entity] = {}
        out = []
        for hit in self.index.find(self.norm.text):
            ent = views.get(hit.entity.id)
            if ent is None:
                statuses = hit.entity.statuses_on(self.day)
                ent = views[hit.entity.id] = Entity(hit.entity.id, hit.entity.name, statuses)
            if not ent.statuses:
                continue  # not designated on that day (listed later, or no longer)
            s, e = self.norm.raw_span(hit.start, hit.end)
            basis = f"on the {self.day_basis} {self.day.isoformat()}"
            out.append(Mention(ent, s, e, hit.start, hit.end, basis=basis))
        return out

    def _notice_ranges(self) -> list[tuple[int, int]]:
        doc = self.doc
        ranges = [(n.span.start, n.span.end) for n in doc.notices]
        for seg in doc.segments:
            text = normalize(doc.seg_text(seg), upper=True, fold=True).text
            if seg.kind == "notice" or _NOTICE_HEAD.search(text):
                ranges.append((seg.start, seg.end))
        if not doc.segments:
            pos = 0
            for para in regex.split(r"(\n[ \t\r]*\n)", doc.text):
                if _NOTICE_HEAD.search(normalize(para, upper=True, fold=True).text):
                    ranges.append((pos, pos + len(para)))
                pos += len(para)
        return ranges

    def _skipped(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.doc.segments if s.kind in ("chrome", "metadata")]

    def _phrases(self, ns: int, ne: int) -> list[Phrase]:
        text = self.norm.text
        out: list[Phrase] = []
        tables = [PHRASES_RU] if self.russian else [PHRASES_RU, PHRASES_EN]
        extra = {k: list(v) for k, v in self.opts.phrases.items()}
        for status in (*STATUS_IDS, BANNED):
            pats = [p for t in tables for p in t.get(status, [])] + extra.get(status, [])
            for p in pats:
                for m in _compiled(p).finditer(text, ns, ne, timeout=self.regex_time):
                    out.append(Phrase(status, m.start(), m.end()))
        return out

    def _window(self, m: Mention) -> tuple[int, int]:
        text = self.norm.text
        w = self.opts.window
        if not isinstance(w, str):
            return max(0, m.ns - w.before), min(len(text), m.ne + w.after)
        start = 0
        for sm in _SENT_END.finditer(text, 0, min(len(text), m.ns + 3)):  # the lookahead needs the name
            if sm.end() <= m.ns:
                start = sm.end()
        nxt = _SENT_END.search(text, m.ne)
        end = nxt.start() if nxt else len(text)
        # a parenthesis opening right after the name belongs to it, whatever its punctuation
        pm = regex.match(r'["»”\s*✱]{0,4}\(', text[m.ne : m.ne + 8])
        if pm:
            close = text.find(")", m.ne)
            if close != -1 and close - m.ne < 400:
                end = max(end, close + 1)
        return start, end

    def _footnotes(self) -> dict[str, list[tuple[int, int]]]:
        """Footnote lines by mark: raw ranges of lines that open with asterisks."""
        out: dict[str, list[tuple[int, int]]] = {}
        for fm in _FOOTNOTE.finditer(self.doc.text):
            out.setdefault(_mark(fm.group(1)), []).append((fm.start(2), fm.end(2)))
        return out

    # -- verdicts -------------------------------------------------------------------------------
    def run(self) -> list[Mention]:
        mentions = self._mentions()
        if not mentions:
            return []
        notices = self._notice_ranges()
        skipped = self._skipped()
        mentions = [m for m in mentions if not _inside(m.start, skipped)]
        noticed: set[str] = set()
        for m in mentions:
            if _inside(m.start, notices):
                m.in_notice = True
                noticed.add(m.entity.id)
        footnotes = self._footnotes()
        foot_lines = [r for rs in footnotes.values() for r in rs]
        done: set[tuple[str, str]] = set()
        for m in mentions:
            if m.in_notice:
                continue
            m.in_footnote = _inside(m.start, foot_lines)
            ws, we = self._window(m)
            if m.in_footnote:  # the footnote line is its own window
                fs, fe = next((a, b) for a, b in foot_lines if a <= m.start < b)
                ws, we = self._norm_range(fs, fe)
            m.window = (ws, we)
            phrases = self._phrases(ws, we)
            near = [m2 for m2 in mentions if not m2.in_notice and m2.ns < we and m2.ne > ws]
            mine = [p for p in phrases if _nearest(p, near) is m or _nearest(p, near).entity is m.entity]
            # a parenthesis right after another name speaks for that name only; other phrases of the
            # sentence ("X и Y признаны иностранными агентами") speak for every name in it
            shared = [p for p in phrases if not self._bracketed_to_other(p, near, m)]
            for status in m.entity.statuses:
                if status == "foreign_agent" and m.entity.id in noticed:
                    m.verdict[status] = ("ok", "named in the notice")
                    continue
                if not self.opts.every_mention and (m.entity.id, status) in done:
                    m.verdict[status] = ("ok", "stated at an earlier mention")
                    continue
                m.verdict[status] = self._verdict(m, status, mine, shared, footnotes)
                if m.verdict[status][0] == "ok":
                    done.add((m.entity.id, status))
        return mentions

    def _bracketed_to_other(self, p: Phrase, near: list[Mention], m: Mention) -> bool:
        text = self.norm.text
        for other in near:
            if other.entity is m.entity or other.ne > p.ns:
                continue
            gap = text[other.ne : p.ns]
            if regex.fullmatch(r'["»”*✱\s]{0,4}\([^()]*', gap) and ")" in text[p.ne : p.ne + 200]:
                return True
        return False

    def _norm_range(self, s: int, e: int) -> tuple[int, int]:
        starts = self.norm.starts
        return bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)

    def _verdict(
        self,
        m: Mention,
        status: str,
        mine: list[Phrase],
        phrases: list[Phrase],
        footnotes: dict[str, list[tuple[int, int]]],
    ) -> tuple[str, str | None]:
        held = set(m.entity.statuses)
        pool = mine or phrases
        if any(_states(p.status, status) for p in pool):
            return "ok", None
        wrong = [p for p in mine if not any(_states(p.status, s) for s in held)]
        mark = None
        if not m.in_footnote:
            am = _AFTER_NAME.match(self.doc.text[m.end : m.end + 4])
            mark = _mark(am.group(1)) if am else None
        if mark is not None:
            lines = footnotes.get(mark, [])
            stated: set[str] = set()
            for a, b in lines:
                if a <= m.start < b:
                    continue
                ns, ne = self._norm_range(a, b)
                stated.update(p.status for p in self._phrases(ns, ne))
            if any(_states(s, status) for s in stated):
                return "ok", None
            bad = sorted(s for s in stated if not any(_states(s, h) for h in held))
            if bad:
                a, b = next((a, b) for a, b in lines if not a <= m.start < b)
                m.said_in[status] = self._norm_range(a, b)  # one finding for the footnote and its names
                return "wrong-status", f"the footnote {mark} says {', '.join(STATUS_WORDS[s] for s in bad)}"
            if not lines:
                return "footnote-missing", mark
        if wrong:
            said = self.norm.text[wrong[0].ns : wrong[0].ne]
            return (
                "wrong-status",
                f"{said!r} ({STATUS_WORDS[wrong[0].status]}); the entry is {STATUS_WORDS[status]}",
            )
        return "missing", None


_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_LATIN = regex.compile(r"\p{Latin}")


def status_day(doc: Document, as_of: date) -> tuple[date, str]:
    """The day whose designations count: the article's publication date when the readers found
    one (no later than the as-of date), else the as-of date; with which it was, for the findings."""
    day = published_day(doc)
    if day is not None and day <= as_of:
        return day, "publication date"
    return as_of, "as-of date"


def published_day(doc: Document) -> date | None:
    """The publication date the readers found (its ISO form, else its text parsed), or None."""
    pub = doc.fields.published
    known = getattr(pub, "date", None)  # a parsed date, where the model carries one
    if isinstance(known, date):
        return known
    if isinstance(known, str) and known:
        try:
            return date.fromisoformat(known[:10])
        except ValueError:
            pass
    if pub.iso:
        try:
            return date.fromisoformat(pub.iso[:10])
        except ValueError:
            pass
    if pub.raw:
        from auditor.dates import parse_any

        parsed = parse_any(pub.raw)
        if parsed is not None and parsed.has_year:
            return parsed.datetime.date()
    return None


def doc_language(doc: Document) -> str | None:
    """The document's language as read; for a short text the readers leave open, "ru" when most of its
    letters outside page chrome are Cyrillic (a few words are enough to owe the note)."""
    lang = doc.fields.language or doc.metadata.get("language")
    if isinstance(lang, str) and lang:
        return lang
    parts = [doc.seg_text(s) for s in doc.segments if s.kind not in ("chrome", "metadata")] or [doc.text]
    text = "\n".join(parts)
    cyr = len(_CYRILLIC.findall(text))
    return "ru" if cyr >= 10 and cyr > len(_LATIN.findall(text)) else None


_RX_CACHE: dict[str, regex.Pattern[str]] = {}


def _compiled(p: str) -> regex.Pattern[str]:
    rx = _RX_CACHE.get(p)
    if rx is None:
        rx = _RX_CACHE[p] = regex.compile(p, _FLAGS)
    return rx


def _mark(run: str) -> str:
    return "*" * len(run)


def _states(phrase_status: str, status: str) -> bool:
    return phrase_status == status or (phrase_status == BANNED and status in ("extremist", "terrorist"))


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _nearest(p: Phrase, mentions: list[Mention]) -> Mention:
    def dist(m: Mention) -> tuple[int, int]:
        if m.ne <= p.ns:
            return p.ns - m.ne, 0  # the phrase follows the name: preferred on ties
        if p.ne <= m.ns:
            return m.ns - p.ne, 1
        return 0, 0

    return min(mentions, key=dist)
