"""The notice analysis of one document: computed once per notice set, read by every notice rule.

Each block (segment, or paragraph of plain text) is matched against the set's forms after
normalisation (auditor/text.py). An exact match is a notice; a notice-like block (a form's
``head`` or a marker phrase) with no match is a near miss of the closest wording, kept with a
word-level diff. A notice quoted inside running text (an article about the law) is not the
material's own notice and is left out. Translations standing alone are kept apart.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import regex

from auditor.analysis.forms import SLOT, TOKEN, Form, NoticeSet, SetPlan, in_slot, plan
from auditor.analysis.names import WORD, accepted_names, latin_names, lookup
from auditor.analysis.worddiff import fill_slots, nameless, tokens, word_diff
from auditor.model import Document
from auditor.readers.lines import blank_line_markup
from auditor.text import Lookalike, find_lookalikes, normalize, normalize_text

OPENING = frozenset('"«“„‘‚‹')
LEAD = regex.compile(r"^(?:[\s*•·>#\u00ad\u200b-\u200d\u2060\ufeff-]|18\s?\+)*$")


@dataclass(slots=True)
class Hit:
    """A notice-like passage: an exact match of a form, or a near miss of the closest form."""

    start: int  # raw offsets in Document.text
    end: int
    form: Form  # the form matched, or the closest one for a near miss
    exact: bool
    segment: str | None
    slots: dict[str, str] = field(default_factory=dict)  # group -> raw value
    lookalikes: list[Lookalike] = field(default_factory=list)
    diff: str | None = None
    ratio: float = 1.0
    repeated: list[str] = field(default_factory=list)  # words of `once` that occur more than once
    nameless: bool = False  # a near miss whose name slots are all empty

    @property
    def valid(self) -> bool:
        """Word for word an accepted form, no look-alike letters, no repeated verb."""
        return self.exact and not self.lookalikes and not self.repeated


@dataclass(slots=True)
class TranslationHit:
    start: int
    end: int
    lang: str
    segment: str | None


@dataclass(slots=True)
class NoticeAnalysis:
    """Everything the notice rules need from one document for one notice set."""

    hits: list[Hit]  # the material's own notices (quoted ones left out), in text order
    translations: list[TranslationHit]
    age_marked: bool  # an age mark (18+) anywhere in the text or metadata


# -- expected text ------------------------------------------------------------------------------
def expected_name(nset: NoticeSet, group: str, settings: dict[str, Any]) -> str | None:
    """The name a slot group should hold (a declined form when the entity lists one)."""
    for slot_name, slot in nset.slots.items():
        if in_slot(group, slot_name) and slot.equal_to:
            ent = lookup(settings, slot.equal_to)
            if isinstance(ent, dict):
                forms = ent.get("forms") or {}
                return forms.get(group) or ent.get("name")
            if isinstance(ent, str):
                return ent
    return None


def fill(
    nset: NoticeSet,
    form: Form,
    settings: dict[str, Any],
    hit: Hit | None,
    placeholder: str | None = None,
    text: str | None = None,
) -> str:
    """The form's wording with each {slot} filled: the expected name, else what the hit holds."""

    def repl(m: regex.Match[str]) -> str:
        group = m.group(1).lower()
        name = expected_name(nset, group, settings)
        if name is None and hit is not None:
            name = hit.slots.get(group)
        if name is None:
            return placeholder if placeholder is not None else f"<{group}>"
        return name.strip()

    return SLOT.sub(repl, form.text if text is None else text)


# -- the analysis -------------------------------------------------------------------------------
def analyse(doc: Document, nset: NoticeSet, settings: dict[str, Any], timeout: float | None) -> NoticeAnalysis:
    """The notice analysis of one document for one notice set; every search gives up after
    ``timeout`` seconds (TimeoutError; None: no limit)."""
    hits: list[Hit] = []
    translations: list[TranslationHit] = []
    sp = plan(nset)
    markers = _markers(nset, settings)
    known = {  # words of the names the slots should hold: a Latin imitation of one is an alteration
        w for slot in nset.slots.values() if slot.equal_to
        for n in accepted_names(lookup(settings, slot.equal_to)) for w in WORD.findall(n)
    }  # fmt: skip
    for bstart, bend, kind in blocks(doc):
        # quote markers and bullets of wrapped lines blanked (same length): one run of words
        raw = blank_line_markup(doc.text[bstart:bend])
        norm = normalize(raw, upper=True, fold=True)
        tr = _translation(doc, sp, norm, bstart, kind, timeout)
        if tr is not None:
            translations.append(tr)
        found = _exact(doc, sp, norm, raw, bstart, kind, known, hits, timeout)
        headed = [f for f, rx, lits in sp.heads if all(a in norm.text for a in lits)
                  and rx.search(norm.text, timeout=timeout)]
        if not found and (headed or any(mk in norm.text for mk in markers)):
            near = near_miss(nset, norm, settings, headed)
            if near is not None and stands_alone(doc.text, bstart, bstart + near.start):
                near.segment = kind
                hits.append(_shift(near, bstart))
    hits.sort(key=lambda h: h.start)
    age = sp.age_rx.search(normalize(doc.text, upper=True).text, timeout=timeout) is not None
    rating = doc.metadata.get("age_rating")
    age = age or (rating is not None and "18" in str(rating))
    return NoticeAnalysis(hits, translations, age)


def blocks(doc: Document) -> list[tuple[int, int, str | None]]:
    """(start, end, segment kind) of each block: the segments, or blank-line paragraphs."""
    if doc.segments:
        return [(s.start, s.end, s.kind) for s in doc.segments]
    out: list[tuple[int, int, str | None]] = []
    pos = 0
    for m in regex.finditer(r"\n[ \t\r]*\n", doc.text):
        out.append((pos, m.start(), None))
        pos = m.end()
    out.append((pos, len(doc.text), None))
    return out


def _markers(nset: NoticeSet, settings: dict[str, Any]) -> list[str]:
    marks = list(nset.markers) + list(settings.get("notice_markers") or [])
    if not marks:  # the first two words of every form
        marks = [" ".join(normalize_text(f.text).split()[:2]) for f in nset.forms]
    return [normalize_text(m) for m in marks if m.strip()]


def _translation(
    doc: Document, sp: SetPlan, norm: Any, bstart: int, kind: str | None, timeout: float | None
) -> TranslationHit | None:
    for tr, rx, lits in sp.translations:
        if not all(a in norm.text for a in lits):  # its literal anchor is absent: no search (nor its timer)
            continue
        tm = rx.search(norm.text, timeout=timeout)
        if tm is not None:
            ts, te = norm.raw_span(tm.start(), tm.end())
            if stands_alone(doc.text, bstart, bstart + ts):
                return TranslationHit(bstart + ts, bstart + te, tr.lang, kind)
    return None


def _exact(
    doc: Document, sp: SetPlan, norm: Any, raw: str, bstart: int, kind: str | None, known: set[str],
    hits: list[Hit], timeout: float | None,
) -> list[Hit]:
    """Exact matches of the forms in one block (normalised ranges); the standing-alone ones join ``hits``."""
    found: list[Hit] = []
    for form, rx, lits in sp.forms:
        if not all(a in norm.text for a in lits):  # a literal every match holds is absent (patterns.may_match)
            continue
        for m in rx.finditer(norm.text, timeout=timeout):
            if m.end() == m.start() or any(m.start() < h.end and h.start < m.end() for h in found):
                continue
            s, e = norm.raw_span(m.start(), m.end())
            hit = Hit(s, e, form, True, kind)
            slot_spans = []
            for g, val in m.groupdict().items():
                if val is not None:
                    gs, ge = norm.raw_span(m.start(g), m.end(g))
                    hit.slots[g] = raw[gs:ge]
                    slot_spans.append((gs, ge))
            hit.lookalikes = find_lookalikes(raw, s, e) + latin_names(raw, slot_spans, known)
            hit.lookalikes.sort(key=lambda lk: lk.offset)
            first = min((m.start(g) for g in m.groupdict() if m.group(g) is not None), default=m.end())
            hit.repeated = _repeated(form.once, norm.text[m.start() : first])
            found.append(Hit(m.start(), m.end(), form, True, kind))  # normalised range, for overlap
            if stands_alone(doc.text, bstart, bstart + s):  # else a quotation, not the notice
                hits.append(_shift(hit, bstart))
    return found


def near_miss(nset: NoticeSet, norm: Any, settings: dict[str, Any], headed: list[Form]) -> Hit | None:
    """The closest wording to a notice-like block, if close enough (or the block opens like a form)."""
    toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(norm.text)]
    words = [t[2] for t in toks]
    best: tuple[float, Form, int, int, list[str], bool] | None = None
    for form, wording in ((f, t) for f in headed or nset.forms for t in (f.text, *f.variants)):
        bare = tokens(SLOT.sub("\x00", wording))
        want = tokens(fill(nset, form, settings, None, placeholder="\x00", text=wording))
        sm = difflib.SequenceMatcher(None, want, words, autojunk=False)
        matched = [b for b in sm.get_matching_blocks() if b.size]
        if not matched:
            continue
        lo = matched[0].b
        hi = matched[-1].b + matched[-1].size
        # extend over unmatched words the form expects at its edges (a changed first/last word)
        lo = max(0, lo - matched[0].a)
        hi = min(len(words), hi + (len(want) - matched[-1].a - matched[-1].size))
        window = words[lo:hi]
        want = fill_slots(want, window)
        ratio = difflib.SequenceMatcher(None, want, window, autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, form, lo, hi, want, nameless(bare, window))
    if best is None or (best[0] < nset.near_miss and not headed):
        return None
    ratio, form, lo, hi, want, empty = best
    s, e = norm.raw_span(toks[lo][0], toks[hi - 1][1])
    hit = Hit(s, e, form, False, None, ratio=ratio, nameless=empty)
    shown = [norm.raw[slice(*norm.raw_span(t[0], t[1]))] for t in toks[lo:hi]]
    hit.diff = word_diff(want, words[lo:hi], shown)  # the article's tokens as printed
    hit.lookalikes = find_lookalikes(norm.raw, s, e)
    return hit


def stands_alone(text: str, block_start: int, start: int) -> bool:
    """True when the passage at ``start`` opens its line (an age mark, bullet or asterisk aside).

    Running text before it on the same line, or an opening quote right before it, makes it a
    quotation of the form (an article about the law), not the material's own notice.
    """
    line_start = max(block_start, text.rfind("\n", 0, start) + 1)
    before = text[line_start:start]
    if before.rstrip() and before.rstrip()[-1] in OPENING:
        return False
    return LEAD.match(before) is not None


def _repeated(once: list[str], text: str) -> list[str]:
    words = WORD.findall(text)
    return [w for w in once if words.count(w.upper()) > 1]


def _shift(hit: Hit, by: int) -> Hit:
    hit.start += by
    hit.end += by
    hit.lookalikes = [Lookalike(lk.char, lk.offset + by, lk.cyrillic, lk.word) for lk in hit.lookalikes]
    return hit
