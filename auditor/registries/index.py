"""The name index: every name and alias of the selected registries, built once per run, matched
against each document's normalised text in one pass.

Build. Each distinct word of every name is given the set of its surface forms: with pymorphy3,
every form of every lexeme the word can belong to (``Варламов`` -> ``ВАРЛАМОВА``,
``ВАРЛАМОВЫМ``, ...; ``Лев`` -> ``ЛЬВА``, ``ЛЬВОМ``, ...), upper case, Ё as Е; without it, the
word's stem (a small suffix stripper, less precise). Latin words are their own form (and the
``'s`` possessive). Every form maps to the word ids it can be (``form -> {word ids}``); names are
sequences of word ids, filed under their first word.

Match. The text is split into tokens once; a token's form is looked up in the form table (a dict
lookup: no morphology runs on the text), and where it is the first word of some names, the
following tokens are compared with the rest of each name; the longest name wins and matching
resumes after it. A capitalised name word wants a capitalised token, a short all-capital one
(``ИГ``, ``IS``) an all-capital token, and quote marks in a name are required in the text.

Entities keep all their designations with their dates; ``Entity.statuses_on(day)`` says which
held on a given day, so one index serves documents of any publication date.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import regex

from auditor.registries.model import Entry, Registry

TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?|\"")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
# a name normalisation cannot change: one script, letters, single spaces, dots and inner hyphens
_PLAIN = regex.compile(r"(?:\p{Cyrillic}+|\p{Latin}+)(?:[ .-]{1,2}(?:\p{Cyrillic}+|\p{Latin}+))*\.?")
QUOTE = -1  # the word id of a quote mark in a name


@dataclass(slots=True, frozen=True)
class NameWord:
    id: int  # distinct word (QUOTE for a quote mark)
    capital: bool  # the text token must start with a capital
    exact_caps: bool  # short all-capital word: the text token must be all capitals


@dataclass(slots=True)
class Entity:
    id: str
    name: str  # the register name of its first entry
    entries: list[Entry] = field(default_factory=list)
    names: list[tuple[NameWord, ...]] = field(default_factory=list)

    def statuses_on(self, day: date) -> dict[str, Entry]:
        """The designations in force on ``day``, by status."""
        out: dict[str, Entry] = {}
        for e in self.entries:
            if e.active(day):
                out.setdefault(e.status, e)
        return out

    def statuses(self) -> dict[str, Entry]:
        """Every designation the entity ever held, by status (the latest entry of each)."""
        out: dict[str, Entry] = {}
        for e in sorted(self.entries, key=lambda e: e.listed_from or date.min):
            out[e.status] = e
        return out


@dataclass(slots=True)
class Hit:
    entity: Entity
    start: int  # offsets in the normalised text; a name opening/closing with a quote is reported
    end: int  # from/to its word, not the quote


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


_UNSEEN = object()


class NameIndex:
    """Built from registries (``build``); ``find(text)`` returns the hits in a normalised text."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.forms: dict[str, frozenset[int]] = {}  # surface form (or stem) -> word ids
        # names filed by their first word (one-word names) or first two words (the rest)
        self.first: dict[int | tuple[int, int], list[tuple[Entity, tuple[NameWord, ...]]]] = {}
        self.lemmatised = True  # False: stems stood in for pymorphy3
        self.words = 0

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def build(cls, registries: Iterable[Registry]) -> NameIndex:
        from auditor import morph
        from auditor.text import normalize

        self = cls()
        analyzer = morph._analyzer()
        self.lemmatised = analyzer is not None
        by_id: dict[str, Entity] = {}
        word_ids: dict[str, int] = {}
        forms: dict[str, set[int]] = {}
        name_words: dict[str, NameWord] = {'"': NameWord(QUOTE, False, False)}
        for reg in registries:
            for entry in reg.entries:
                ent = by_id.get(entry.id)
                if ent is None:
                    ent = by_id[entry.id] = Entity(entry.id, entry.name)
                ent.entries.append(entry)
                known = set(ent.names)
                for name in entry.names():
                    text = name if _PLAIN.fullmatch(name) else normalize(name, fold=True).text
                    words = []
                    for w in TOKEN.findall(text):
                        nw = name_words.get(w)
                        if nw is None:
                            key = w.upper().replace("Ё", "Е")
                            wid = word_ids.get(key)
                            if wid is None:
                                wid = word_ids[key] = len(word_ids)
                                for f in self._surface(w, analyzer):
                                    forms.setdefault(f, set()).add(wid)
                            letters = [c for c in w if c.isalpha()]
                            nw = name_words[w] = NameWord(
                                wid,
                                capital=bool(letters) and letters[0].isupper(),
                                exact_caps=bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters),
                            )
                        words.append(nw)
                    tup = tuple(words)
                    if tup and tup not in known:
                        known.add(tup)
                        ent.names.append(tup)
        self.entities = list(by_id.values())
        self.forms = {f: frozenset(ids) for f, ids in forms.items()}
        self.words = len(word_ids)
        for ent in self.entities:
            for words in ent.names:
                key = words[0].id if len(words) == 1 else (words[0].id, words[1].id)
                self.first.setdefault(key, []).append((ent, words))
        for lst in self.first.values():
            lst.sort(key=lambda x: -len(x[1]))
        return self

    def _surface(self, word: str, analyzer: Any) -> set[str]:
        """The keys a text token of this word can have: its forms (pymorphy3) or its stem."""
        up = word.upper().replace("Ё", "Е")
        if not _CYRILLIC.search(word):
            return {up, up + "'S", up + "’S"}
        if analyzer is None:
            return {_stem_key(word)}
        out = {up}
        for p in analyzer.parse(word.lower()):
            for f in p.lexeme:
                out.add(f.word.upper().replace("Ё", "Е"))
        if word[:1].isupper():
            out |= surname_forms(up)
        return out

    # -- matching ---------------------------------------------------------------------------------
    def key(self, token: str) -> str:
        if token == '"':
            return token
        if not self.lemmatised and _CYRILLIC.search(token):
            return _stem_key(token)
        return token.upper().replace("Ё", "Е")

    def tokens(self, text: str) -> list[Token]:
        return [Token(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]

    def find(self, text: str, toks: list[Token] | None = None) -> list[Hit]:
        """Names in a normalised text (``auditor.text.normalize(raw, fold=True)``), longest first,
        not overlapping, in text order."""
        # the token texts first (one C call); their offsets only once a name is found
        words = TOKEN.findall(text) if toks is None else [t.text for t in toks]
        memo = self.__dict__.setdefault("_ids_of", {})  # token -> word ids: words repeat, stemming is slow
        if len(memo) > 200_000:
            memo.clear()
        for word in set(words).difference(memo):
            memo[word] = frozenset({QUOTE}) if word == '"' else self.forms.get(self.key(word))
        ids: list[frozenset[int] | None] = list(map(memo.__getitem__, words))
        out: list[Hit] = []
        i, n_toks = 0, len(words)
        for at in itertools.compress(range(n_toks), ids):  # only tokens that can be part of a name
            if at < i:
                continue  # inside the name found last
            here = ids[at]
            best: tuple[int, Entity] | None = None
            nxt = ids[at + 1] if at + 1 < n_toks else None
            keys: list[int | tuple[int, int]] = [*((a, b) for a in here for b in nxt or ()), *here]  # type: ignore[union-attr]
            for key in keys:
                for ent, name in self.first.get(key, ()):
                    n = len(name)
                    if best is not None and n <= best[0]:
                        break  # sorted longest first
                    if at + n <= n_toks and all(_fits(w, words[at + j], ids[at + j]) for j, w in enumerate(name)):
                        best = (n, ent)
                        break
            if best is None:
                continue
            n, ent = best
            if toks is None:
                toks = self.tokens(text)
            a, b = at, at + n
            start, end = toks[a].start, toks[b - 1].end
            if toks[a].text == '"' and n > 1:
                start = toks[a + 1].start
            if toks[b - 1].text == '"' and n > 1:
                end = toks[b - 2].end
            out.append(Hit(ent, start, end))
            i = b
        return out


_SURNAME_ENDINGS = {
    # masculine -ов/-ев/-ин: the male and female paradigms and the plural
    "M": ("", "А", "У", "ЫМ", "Е", "ОЙ", "Ы", "ЫХ", "ЫМИ"),
    # adjectival -ский/-цкий/-ой and -ская/-цкая
    "ADJ_M": ("ИЙ", "ОГО", "ОМУ", "ИМ", "ОМ", "АЯ", "ОЙ", "УЮ", "ИЕ", "ИХ", "ИМИ"),
}


def surname_forms(up: str) -> set[str]:
    """Case forms of a Russian surname by its ending, for the surnames the dictionary reads as
    something else (``Пестов`` as the genitive plural of ``пест``): -ов/-ев/-ин/-ын and their
    feminine -ова/..., -ский/-цкий and -ская/-цкая. Other words: nothing."""
    m = regex.match(r"^(.*(?:ОВ|ЕВ|ИН|ЫН))А?$", up)
    if m and len(m.group(1)) >= 4:
        return {m.group(1) + e for e in _SURNAME_ENDINGS["M"]}
    m = regex.match(r"^(.*(?:СК|ЦК))(?:ИЙ|АЯ|ОЙ)$", up)
    if m and len(m.group(1)) >= 4:
        return {m.group(1) + e for e in _SURNAME_ENDINGS["ADJ_M"]}
    return set()


def _fits(w: NameWord, token: str, ids: frozenset[int] | None) -> bool:
    if w.id == QUOTE or token == '"':
        return w.id == QUOTE and token == '"'
    if not ids or w.id not in ids:
        return False
    if w.exact_caps and not token.isupper():
        return False
    return not (w.capital and not token[0].isupper())


def _stem_key(word: str) -> str:
    from auditor.morph import _key, _stem

    return _key(_stem(word))


_CACHE: dict[tuple[Any, ...], NameIndex] = {}


def index_for(registries: list[Registry]) -> NameIndex:
    """The index of these registries, built once per process (per files, hashes and morphology)."""
    from auditor import morph

    key = (tuple((r.path, r.sha256) for r in registries), morph._analyzer() is None)
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) >= 8:  # a long-lived process switching registries: keep memory bounded
            _CACHE.clear()
        hit = _CACHE[key] = NameIndex.build(registries)
    return hit
