"""required_text: a statutory notice given as accepted forms, matched after text normalisation.

Outcomes: present (no finding), ``missing``, ``altered`` (a near miss: dropped or changed words, Latin
look-alike letters; reported with a word-level diff against the closest form), ``name`` (name slots
empty, a template placeholder, or naming different entities), ``outdated`` (a form not in force at
the as-of date, or not yet in force), ``misplaced`` (not directly under the headline, or only in the
footer / sidebar), ``wrong-language`` (only a translation of the notice, e.g. English, stands where
the Russian text must), ``case`` (not in capitals, for forms customarily set so), ``hidden-characters``
(soft hyphens or zero-width characters inside the notice's words: matched through, but they break
copy and search) and ``age-mark`` (no 18+ mark with the notice).

A notice quoted inside running text (an article about the law quoting the form, in quotes or in
the middle of a paragraph) is not the material's own notice: it is neither validated nor counted.
Name slots are compared by lemma (pymorphy3): persons decline (КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ after АГЕНТОМ,
КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ after АГЕНТА), quoted organisation names must stay the same.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from auditor.checks.base import REGEX_TIMEOUT, Check, CheckOptions, Context, compile_regex
from auditor.model import SEVERITY_RANK, Document, Finding, Notice
from auditor.text import INVISIBLE, LATIN_TO_CYRILLIC, Lookalike, find_lookalikes, normalize, normalize_text

Outcome = Literal[
    "missing",
    "altered",
    "name",
    "outdated",
    "misplaced",
    "wrong-language",
    "case",
    "hidden-characters",
    "age-mark",
]
ALL_OUTCOMES: list[str] = [
    "missing", "altered", "name", "outdated", "misplaced", "wrong-language", "case", "hidden-characters", "age-mark"
]  # fmt: skip
_SLOT = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+|[^\p{L}\p{N}\s]")
_PLACEHOLDERS = [
    r"НАИМЕНОВАНИЕ",
    r"Ф\.?\s*И\.?\s*О\b",
    r"ФАМИЛИЯ",
    r"ИМЯ АГЕНТА",
    r"^[\s\"'(<\[{_.-]*$",  # only brackets/quotes/underscores
    r"[<{\[][^>}\]]*[>}\]]",  # <name>, {agent}, [AGENT]
    r"_{3,}|\.{3,}|…",
]


class Form(BaseModel):
    """One accepted wording of the notice."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description='Short id shown in reports, e.g. "2022" or "2020".')
    text: str = Field(
        description="The canonical wording; name slots as {slot}. Used for `expected` and diffs."
    )
    pattern: str | None = Field(
        default=None,
        description="Regex of the accepted variants, matched on normalised upper-case text; named groups are "
        "slots. Default: the canonical text with each {slot} as (?P<slot>.+?) and an optional final period.",
    )
    head: str | None = Field(
        default=None,
        description="Regex of the form's opening words: a block that matches it but not `pattern` is an "
        "altered notice however much the rest differs (e.g. a notice with the names left out).",
    )
    effective_from: date | None = Field(default=None, description="First day this form is in force.")
    effective_to: date | None = Field(default=None, description="Last day this form is in force.")
    once: list[str] = Field(
        default_factory=list,
        description="Words that may occur at most once before the first name slot (e.g. the verbs of the "
        "2022 form: any non-empty subset, none repeated).",
    )
    upper: bool = Field(
        default=False, description="The form is customarily set in capitals (outcome `case` when it is not)."
    )
    variants: list[str] = Field(
        default_factory=list,
        description="Other accepted wordings of the form (same {slots}); an altered notice is diffed against "
        "the closest of `text` and these, so an accepted variation is not shown as a change.",
    )
    _rx: regex.Pattern[str] = PrivateAttr()
    _head: regex.Pattern[str] | None = PrivateAttr(default=None)

    @field_validator("id", mode="before")
    @classmethod
    def _id_str(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("pattern", "head")
    @classmethod
    def _check_pattern(cls, v: str | None) -> str | None:
        if v is not None:
            compile_regex(v)
        return v

    def model_post_init(self, _ctx: Any) -> None:
        self._rx = compile_regex(self.pattern) if self.pattern else _pattern_from_text(self.text)
        self._head = compile_regex(self.head) if self.head else None

    @property
    def rx(self) -> regex.Pattern[str]:
        return self._rx

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or day >= self.effective_from) and (
            self.effective_to is None or day <= self.effective_to
        )


def _pattern_from_text(text: str) -> regex.Pattern[str]:
    parts: list[str] = []
    pos = 0
    canon = normalize_text(text)
    for m in _SLOT.finditer(canon):
        parts.append(regex.escape(canon[pos : m.start()]))
        parts.append(f"(?P<{m.group(1).lower()}>.+?)")
        pos = m.end()
    tail = canon[pos:].rstrip(".")
    parts.append(regex.escape(tail) + r"\.?")
    if not tail.strip():  # a final slot runs to the end of the block (an age mark may follow)
        parts.append(r"(?:\s*18\+)?$")
    return compile_regex("".join(parts).replace(r"\ ", r"\s+"))


class Translation(BaseModel):
    """A known translation of a form: standing alone where the notice belongs, it is `wrong-language`."""

    model_config = ConfigDict(extra="forbid")

    lang: str = Field(description="ISO 639-1 code of the translation, e.g. en.")
    pattern: str = Field(
        description="Regex on normalised upper-case text; must match from the block's start."
    )
    _rx: regex.Pattern[str] = PrivateAttr()

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, v: str) -> str:
        compile_regex(v)
        return v

    def model_post_init(self, _ctx: Any) -> None:
        self._rx = compile_regex(self.pattern)


class Slot(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required: bool = Field(default=True, description="Each group of the slot must hold a real name.")
    same: bool = Field(default=True, description="All groups of the slot must name the same entity.")
    equal_to: str | None = Field(
        default=None,
        description='Where the expected name lives, e.g. "settings.agent" ({name, aliases, forms}).',
    )


class Placement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    after: Literal["headline"] = Field(
        default="headline", description="Directly after the headline; before the body when there is none."
    )
    allow_between: list[str] = Field(
        default_factory=lambda: ["dateline", "lead"],
        description="Segment kinds that may stand between the headline and the notice.",
    )


class Options(CheckOptions):
    kind: Literal["required_text"]
    forms: list[Form] = Field(min_length=1, description="Accepted wordings, each with its effective dates.")
    slots: dict[str, Slot] = Field(
        default_factory=dict,
        description="Name slots: slot `agent` covers the pattern groups `agent` and `agent_*`.",
    )
    placement: Placement | None = Field(default=None, description="Where the notice must stand.")
    report: list[Outcome] = Field(
        default_factory=lambda: list(ALL_OUTCOMES),
        description="Which outcomes this rule reports (several rules can share one set of forms).",
    )
    required: Literal["settings", "always", "never"] = Field(
        default="settings",
        description="When a missing notice is a finding: `settings` follows settings.notice_required.",
    )
    markers: list[str] = Field(
        default_factory=list,
        description="Phrases that make a block notice-like (added to settings.notice_markers).",
    )
    near_miss: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="Word similarity (0..1) from which a block is an altered notice.",
    )
    placeholders: list[str] = Field(
        default_factory=lambda: list(_PLACEHOLDERS),
        description="Regexes (on normalised upper-case text) marking an unfilled name slot.",
    )
    translations: list[Translation] = Field(
        default_factory=list,
        description="Translations of the forms: one standing alone with no notice in the language of the "
        "forms is reported as `wrong-language`.",
    )
    age_mark: str = Field(
        default=r"(?<![\d+])18 ?\+|ЗАПРЕЩЕНО ДЛЯ ДЕТЕЙ",
        description="Regex (normalised upper-case text) of the age mark looked for with a notice (`age-mark`); "
        "metadata `age_rating` also counts.",
    )

    @field_validator("placeholders")
    @classmethod
    def _check_placeholders(cls, v: list[str]) -> list[str]:
        for p in v:
            compile_regex(p)
        return v

    @field_validator("age_mark")
    @classmethod
    def _check_age_mark(cls, v: str) -> str:
        compile_regex(v)
        return v

    _placeholders: list[regex.Pattern[str]] = PrivateAttr(default_factory=list)
    _age: regex.Pattern[str] = PrivateAttr()

    def model_post_init(self, _ctx: Any) -> None:
        self._placeholders = [compile_regex(p) for p in self.placeholders]
        self._age = compile_regex(self.age_mark)

    @model_validator(mode="after")
    def _slots_exist(self) -> Options:
        groups = {g for f in self.forms for g in f.rx.groupindex}
        for name in self.slots:
            if not any(_in_slot(g, name) for g in groups):
                raise ValueError(
                    f"slot {name!r} matches no named group of any form ({', '.join(sorted(groups))})"
                )
        return self


def _in_slot(group: str, slot: str) -> bool:
    return group == slot or group.startswith(slot + "_")


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


@dataclass(slots=True)
class TranslationHit:
    start: int
    end: int
    lang: str
    segment: str | None


@dataclass(slots=True)
class Analysis:
    """Everything the rules sharing one set of forms need from one document (computed once)."""

    hits: list[Hit]  # the material's own notices (quoted ones left out)
    translations: list[TranslationHit]
    age_marked: bool  # an age mark (18+) anywhere in the text or metadata


class RequiredText(Check):
    kind: ClassVar[str] = "required_text"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    # -- analysis, shared by every rule with the same forms -----------------------------------
    def _hits(self, doc: Document, ctx: Context) -> Analysis | str:
        key = (
            "required_text",
            tuple((f.id, f.rx.pattern, tuple(f.once)) for f in self.options.forms),
            tuple((t.lang, t.pattern) for t in self.options.translations),
            self.options.near_miss,
            self.options.age_mark,
        )
        cached = ctx.cache.get(key)
        if cached is None:
            try:
                cached = self._analyse(doc, ctx)
            except TimeoutError:
                cached = f"a notice pattern took longer than {REGEX_TIMEOUT} s on this document"
            ctx.cache[key] = cached
        return cached  # type: ignore[no-any-return]

    def _blocks(self, doc: Document) -> list[tuple[int, int, str | None]]:
        if doc.segments:
            return [(s.start, s.end, s.kind) for s in doc.segments]
        out: list[tuple[int, int, str | None]] = []
        pos = 0
        for m in regex.finditer(r"\n[ \t\r]*\n", doc.text):
            out.append((pos, m.start(), None))
            pos = m.end()
        out.append((pos, len(doc.text), None))
        return out

    def _markers(self, ctx: Context) -> list[str]:
        marks = list(self.options.markers) + list(ctx.settings.get("notice_markers") or [])
        if not marks:  # the first two words of every form
            marks = [" ".join(normalize_text(f.text).split()[:2]) for f in self.options.forms]
        return [normalize_text(m) for m in marks if m.strip()]

    def _analyse(self, doc: Document, ctx: Context) -> Analysis:
        hits: list[Hit] = []
        translations: list[TranslationHit] = []
        markers = self._markers(ctx)
        known = {  # words of the names the slots should hold: a Latin imitation of one is an alteration
            w for slot in self.options.slots.values() if slot.equal_to
            for n in _accepted_names(_lookup(ctx, slot.equal_to)) for w in _WORD.findall(n)
        }  # fmt: skip
        for bstart, bend, kind in self._blocks(doc):
            raw = doc.text[bstart:bend]
            norm = normalize(raw, upper=True, fold=True)
            for tr in self.options.translations:
                tm = tr._rx.search(norm.text, timeout=REGEX_TIMEOUT)
                if tm is not None:
                    ts, te = norm.raw_span(tm.start(), tm.end())
                    if _stands_alone(doc.text, bstart, bstart + ts):
                        translations.append(TranslationHit(bstart + ts, bstart + te, tr.lang, kind))
                        break
            found: list[Hit] = []
            for form in self.options.forms:
                for m in form.rx.finditer(norm.text, timeout=REGEX_TIMEOUT):
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
                    hit.lookalikes = find_lookalikes(raw, s, e) + _latin_names(raw, slot_spans, known)
                    hit.lookalikes.sort(key=lambda lk: lk.offset)
                    first = min(
                        (m.start(g) for g in m.groupdict() if m.group(g) is not None), default=m.end()
                    )
                    hit.repeated = _repeated(form.once, norm.text[m.start() : first])
                    found.append(Hit(m.start(), m.end(), form, True, kind))  # normalised range, for overlap
                    if _stands_alone(doc.text, bstart, bstart + s):  # else a quotation, not the notice
                        hits.append(_shift(hit, bstart))
            headed = [
                f
                for f in self.options.forms
                if f._head is not None and f._head.search(norm.text, timeout=REGEX_TIMEOUT)
            ]
            if not found and (headed or any(mk in norm.text for mk in markers)):
                near = self._near_miss(norm, ctx, headed)
                if near is not None and _stands_alone(doc.text, bstart, bstart + near.start):
                    near.segment = kind
                    hits.append(_shift(near, bstart))
        hits.sort(key=lambda h: h.start)
        age = (
            self.options._age.search(normalize(doc.text, upper=True).text, timeout=REGEX_TIMEOUT) is not None
        )
        rating = doc.metadata.get("age_rating")
        age = age or (rating is not None and "18" in str(rating))
        return Analysis(hits, translations, age)

    def _near_miss(self, norm: Any, ctx: Context, headed: list[Form]) -> Hit | None:
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(norm.text)]
        words = [t[2] for t in toks]
        best: tuple[float, Form, int, int, list[str], bool] | None = None
        for form, wording in ((f, t) for f in headed or self.options.forms for t in (f.text, *f.variants)):
            bare = _tokens(_SLOT.sub("\x00", wording))
            want = _tokens(self._fill(form, ctx, None, placeholder="\x00", text=wording))
            sm = difflib.SequenceMatcher(None, want, words, autojunk=False)
            blocks = [b for b in sm.get_matching_blocks() if b.size]
            if not blocks:
                continue
            lo = blocks[0].b
            hi = blocks[-1].b + blocks[-1].size
            # extend over unmatched words the form expects at its edges (a changed first/last word)
            lo = max(0, lo - blocks[0].a)
            hi = min(len(words), hi + (len(want) - blocks[-1].a - blocks[-1].size))
            window = words[lo:hi]
            want = _fill_slots(want, window)
            ratio = difflib.SequenceMatcher(None, want, window, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, form, lo, hi, want, _nameless(bare, window))
        if best is None or (best[0] < self.options.near_miss and not headed):
            return None
        ratio, form, lo, hi, want, nameless = best
        s, e = norm.raw_span(toks[lo][0], toks[hi - 1][1])
        hit = Hit(s, e, form, False, None, ratio=ratio, nameless=nameless)
        hit.diff = word_diff(want, words[lo:hi])
        hit.lookalikes = find_lookalikes(norm.raw, s, e)
        return hit

    # -- slots and expected text ------------------------------------------------------------------
    def _expected_name(self, group: str, ctx: Context) -> str | None:
        for slot_name, slot in self.options.slots.items():
            if _in_slot(group, slot_name) and slot.equal_to:
                ent = _lookup(ctx, slot.equal_to)
                if isinstance(ent, dict):
                    forms = ent.get("forms") or {}
                    return forms.get(group) or ent.get("name")
                if isinstance(ent, str):
                    return ent
        return None

    def _fill(
        self,
        form: Form,
        ctx: Context,
        hit: Hit | None,
        placeholder: str | None = None,
        text: str | None = None,
    ) -> str:
        def repl(m: regex.Match[str]) -> str:
            group = m.group(1).lower()
            name = self._expected_name(group, ctx)
            if name is None and hit is not None:
                name = hit.slots.get(group)
            if name is None:
                return placeholder if placeholder is not None else f"<{group}>"
            return name.strip()

        return _SLOT.sub(repl, form.text if text is None else text)

    def _slot_problems(self, hit: Hit, ctx: Context) -> list[str]:
        problems: list[str] = []
        placeholders = self.options._placeholders
        for slot_name, slot in self.options.slots.items():
            index = hit.form.rx.groupindex
            groups = sorted((g for g in index if _in_slot(g, slot_name)), key=lambda g: index[g])
            values = {g: hit.slots.get(g, "").strip().rstrip(",").strip() for g in groups}
            if slot.required:
                for g, v in values.items():
                    nv = normalize_text(v)
                    if not nv:
                        problems.append(f"the {g} slot is empty: the notice must name the agent")
                    elif any(p.search(nv, timeout=REGEX_TIMEOUT) for p in placeholders):
                        problems.append(
                            f"the {g} slot holds a template placeholder {v!r}, not the agent's name"
                        )
            named = {g: values[g] for g in values if _name_key(values[g])}
            if any(
                p.search(_name_key(v), timeout=REGEX_TIMEOUT) for v in named.values() for p in placeholders
            ):
                continue  # a placeholder is already reported; comparing names says nothing more
            accepted = _accepted_raw(_lookup(ctx, slot.equal_to)) if slot.equal_to else []
            vals = list(named.values())
            if slot.same and any(not _same_entity(vals[0], v) for v in vals[1:]):
                shown = ", ".join(f"{g}={values[g]!r}" for g in named)
                problems.append(f"the name slots name different entities ({shown})")
            if accepted:
                for g, v in named.items():
                    if not any(_same_entity(v, n) for n in accepted):
                        want = self._expected_name(g, ctx)
                        problems.append(f"the {g} slot names {v!r}, expected {want!r}")
        return problems

    # -- when is a missing notice a finding -------------------------------------------------------
    def _required(self, doc: Document, ctx: Context) -> bool:
        mode = self.options.required
        if mode == "never":
            return False
        if mode == "settings":
            policy = ctx.settings.get("notice_required") or "never"
            policies = [policy] if isinstance(policy, str) else list(policy)
            if not any(self._policy_holds(p, doc, ctx) for p in policies):
                return False
        agent = ctx.settings.get("agent") or {}
        lf, lt = agent.get("listed_from"), agent.get("listed_to")
        if isinstance(lf, date) and ctx.as_of < lf:
            return False
        return not (isinstance(lt, date) and ctx.as_of > lt)

    @staticmethod
    def _policy_holds(policy: str, doc: Document, ctx: Context) -> bool:
        """One way a document comes to need the notice: always, by publisher, or by its metadata."""
        if policy == "always":
            return True
        if policy == "publisher":
            from auditor.checks.base import is_publisher

            return is_publisher(doc, ctx.settings.get("publisher"))
        if policy == "metadata":
            key = ctx.settings.get("notice_metadata_key") or "foreign_agent"
            return _truthy(doc.metadata.get(key))
        return False

    # -- placement -----------------------------------------------------------------------------
    def _placement_problem(self, doc: Document, hit: Hit) -> str | None:
        place = self.options.placement
        if place is None or not doc.segments:
            return None
        segs = sorted(doc.segments, key=lambda s: s.start)
        headline = next((s for s in segs if s.kind == "headline"), None)
        line = doc.line_col(hit.start)[0]
        if hit.segment in ("chrome", "footnote"):
            where = (
                "page chrome (footer, sidebar, lists of other articles)"
                if hit.segment == "chrome"
                else "a footnote"
            )
            return f"the notice at line {line} stands in {where}, not at the beginning of the material"
        if headline is not None:
            hl = doc.line_col(headline.start)[0]
            if hit.start < headline.start:
                return (
                    f"the notice at line {line} stands above the headline (line {hl}), not directly under it"
                )
            allowed = set(place.allow_between) | {"notice"}
            # every block that starts after the headline and before the notice (including a block
            # whose text runs into the notice) stands between them
            bad = [
                s
                for s in segs
                if headline.end <= s.start < hit.start
                and s.kind not in allowed
                and not (
                    hit.start < s.end and _LEAD.match(doc.text[s.start : hit.start])
                )  # the notice's own block
            ]
            if bad:
                kinds = ", ".join(sorted({s.kind for s in bad}))
                return (
                    f"the notice at line {line} is not directly under the headline (line {hl}): "
                    f"{len(bad)} block(s) ({kinds}) stand between them"
                )
            return None
        early = [
            s
            for s in segs
            if s.start < hit.start
            and s.kind in ("body", "attribution", "footnote")
            and not (hit.start < s.end and _LEAD.match(doc.text[s.start : hit.start]))
        ]
        if early:
            body_line = doc.line_col(early[0].start)[0]
            return f"the notice at line {line} comes after the text (line {body_line}); with no headline it must come first"
        return None

    # -- the check --------------------------------------------------------------------------------
    def unverifiable(self, doc: Document) -> bool:
        only_place = set(self.options.report) == {"misplaced"}
        return only_place and self.options.placement is not None and not doc.segments

    def detect_notices(self, doc: Document, ctx: Context) -> list[Notice]:
        an = self._hits(doc, ctx)
        if isinstance(an, str):
            return []
        out = []
        for h in an.hits:
            valid = h.exact and not h.lookalikes and not h.repeated
            out.append(
                Notice(
                    doc.text[h.start : h.end],
                    h.form.id if valid else None,
                    doc.span(h.start, h.end),
                    h.segment,
                )
            )
        for t in an.translations:
            out.append(Notice(doc.text[t.start : t.end], None, doc.span(t.start, t.end), t.segment))
        return out

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        an = self._hits(doc, ctx)
        report = set(self.options.report)
        if isinstance(an, str):
            yield self.finding("timeout", self.message(an, outcome="timeout"), span=doc.span(0, 0))
            return
        hits = an.hits
        in_force = [f for f in self.options.forms if f.in_force(ctx.as_of)]
        current = in_force[0] if in_force else None
        if not hits:
            if an.translations:
                if "wrong-language" in report:
                    yield from self._wrong_language(doc, ctx, an.translations, current)
            elif "missing" in report and current is not None and self._required(doc, ctx):
                headline = next((s for s in doc.segments if s.kind == "headline"), None)
                span = doc.span(headline.end, headline.end) if headline else doc.span(0, 0)
                expected = self._fill(current, ctx, None)
                msg = (
                    f"statutory notice missing: on {ctx.as_of.isoformat()} the law wants the {current.id} form "
                    "at the beginning of the material, directly under the headline"
                )
                yield self._emit("missing", msg, doc, None, span, expected)
            return
        for h in hits:
            span = doc.span(h.start, h.end)
            target = h.form if (h.form.in_force(ctx.as_of) or current is None) else current
            expected = self._fill(target, ctx, h)
            if not h.exact or h.lookalikes or h.repeated:
                if "altered" in report:
                    yield self._altered(doc, h, span, expected)
                if not h.exact:
                    continue
            if "outdated" in report and current is not None and not h.form.in_force(ctx.as_of):
                yield self._outdated(doc, ctx, h, current, span, expected)
            if "name" in report:
                for problem in self._slot_problems(h, ctx):
                    yield self._emit(
                        "name", f"notice names the agent wrongly: {problem}", doc, h, span, expected
                    )
            if "case" in report and h.form.upper and not self._shown_upper(doc, h):
                msg = (
                    f"the {h.form.id} notice is not set in capitals: every published instance is upper case "
                    "(not confirmed as a legal requirement)"
                )
                yield self._emit("case", msg, doc, h, span, doc.text[h.start : h.end].upper())
            if "hidden-characters" in report:
                yield from self._hidden(doc, h, span, expected)
        if "age-mark" in report and not an.age_marked and self._required(doc, ctx):
            h = hits[0]
            msg = (
                'no age mark with the foreign-agent notice: Roskomnadzor asks for "18+" (or "Запрещено для '
                'детей") on information related to foreign agents'
            )
            yield self._emit(
                "age-mark", msg, doc, h, doc.span(h.start, h.end), doc.text[h.start : h.end] + " 18+"
            )
        if "misplaced" in report and self.options.placement is not None:
            problems = [self._placement_problem(doc, h) for h in hits]
            if all(problems):
                h = hits[0]
                target = h.form if h.form.in_force(ctx.as_of) or current is None else current
                msg = (
                    f"notice misplaced: {problems[0]}; the law wants it at the beginning of the material, "
                    "directly under the headline (before the text when there is no headline)"
                )
                yield self._emit(
                    "misplaced", msg, doc, h, doc.span(h.start, h.end), self._fill(target, ctx, h)
                )

    def _outdated(
        self, doc: Document, ctx: Context, h: Hit, current: Form, span: Any, expected: str
    ) -> Finding:
        """The form not in force: an error where the notice is required, a warning where it is not."""
        day = ctx.as_of.isoformat()
        if h.form.effective_from is not None and ctx.as_of < h.form.effective_from:
            state = f"not yet in force on {day} (from {h.form.effective_from.isoformat()})"
        else:
            state = f"no longer in force on {day}"
        msg = f"outdated notice: the {h.form.id} form is {state}; the law wants the {current.id} form"
        f = self._emit("outdated", msg, doc, h, span, expected)
        if not self._required(doc, ctx) and SEVERITY_RANK.get(f.severity, 0) > SEVERITY_RANK["warning"]:
            f.severity = "warning"
            f.message += " (this material is not required to carry the notice, so a warning)"
        return f

    def _wrong_language(
        self, doc: Document, ctx: Context, found: list[TranslationHit], current: Form | None
    ) -> Iterable[Finding]:
        form = current or self.options.forms[0]
        expected = self._fill(form, ctx, None)
        for t in found:
            msg = (
                f"the notice is given only in translation ({t.lang}): the law wants it in Russian, word for word, "
                "also on pages in other languages"
            )
            f = self.emit(
                "wrong-language",
                msg,
                doc.span(t.start, t.end),
                evidence=doc.text[t.start : t.end],
                expected=expected,
            )
            from auditor.fix.builders import for_notice

            yield self.attach(f, for_notice("wrong-language", doc, t.start, t.end, expected))

    def _shown_upper(self, doc: Document, h: Hit) -> bool:
        seg = doc.segment_at(h.start)
        if seg is not None and seg.style is not None and seg.style.upper is True:
            return True  # capitals by styling (CSS text-transform, DOCX all caps)
        letters = [c for c in doc.text[h.start : h.end] if c.isalpha() and c.lower() != c.upper()]
        return all(c.isupper() for c in letters)

    def _hidden(self, doc: Document, h: Hit, span: Any, expected: str) -> Iterable[Finding]:
        """Soft hyphens and zero-width characters inside words of the notice (matched through)."""
        text = doc.text
        found = [
            i for i in range(h.start, h.end)
            if text[i] in INVISIBLE and _letter_near(text, i, -1, h.start) and _letter_near(text, i, 1, h.end)
        ]  # fmt: skip
        if not found:
            return
        names = "; ".join(
            f"U+{ord(text[i]):04X} {unicodedata.name(text[i], '?')} at {_at(doc, i)}" for i in found
        )
        msg = (
            f"invisible character(s) inside the notice's words: {names}; the notice reads right but a copy "
            "or a search for its words fails"
        )
        f = self._emit("hidden-characters", msg, doc, h, span, expected)
        if all(text[i] == "\u00ad" for i in found):  # soft hyphens are ordinary hyphenation hints
            f.severity = "info"
        yield f

    def _emit(
        self,
        outcome: str,
        msg: str,
        doc: Document,
        h: Hit | None,
        span: Any,
        expected: str,
        diff: str | None = None,
    ) -> Finding:
        evidence = doc.text[h.start : h.end] if h is not None else None
        f = self.emit(outcome, msg, span, evidence=evidence, expected=expected, diff=diff)
        from auditor.fix.builders import for_notice

        if h is None:
            return self.attach(f, for_notice(outcome, doc, None, None, expected))
        return self.attach(f, for_notice(outcome, doc, h.start, h.end, expected, exact=h.exact, ratio=h.ratio))

    def _altered(self, doc: Document, h: Hit, span: Any, expected: str) -> Finding:
        parts = []
        if not h.exact:
            parts.append(
                f"the words differ from the {h.form.id} form ({_diff_summary(h.diff)})"
                + ("; the notice names no agent" if h.nameless else "")
            )
        if h.repeated:
            parts.append(f"word(s) repeated in the verb list: {', '.join(h.repeated)}")
        if h.lookalikes:
            chars = "; ".join(f"{lk.describe()} at {_at(doc, lk.offset)}" for lk in h.lookalikes)
            parts.append(f"Latin look-alike letter(s) in the Russian text: {chars}")
        diff = h.diff
        if h.lookalikes:
            marks = "\n".join(
                f"{_at(doc, lk.offset)}: {lk.char!r} -> {lk.cyrillic!r} in {lk.word!r}" for lk in h.lookalikes
            )
            diff = f"{diff}\n{marks}" if diff else marks
        msg = "notice altered: " + "; ".join(parts) + "; the law wants the form word for word"
        return self._emit("altered", msg, doc, h, span, expected, diff)


_WORD = regex.compile(r"[\p{L}\p{N}]+")
_LEGAL_FORMS = frozenset({"ООО", "АО", "АНО", "ОАО", "ЗАО", "ПАО", "НКО", "МОО", "РОО", "ОО"})
_OPENING = frozenset('"«“„‘‚‹')
_LEAD = regex.compile(r"^(?:[\s*•·>#\u00ad\u200b-\u200d\u2060\ufeff-]|18\s?\+)*$")


def _letter_near(text: str, i: int, step: int, limit: int) -> bool:
    """A letter next to position i (skipping other invisible characters), within the notice."""
    j = i + step
    while (j < limit if step > 0 else j >= limit) and text[j] in INVISIBLE:
        j += step
    return (j < limit if step > 0 else j >= limit) and text[j].isalnum()


def _stands_alone(text: str, block_start: int, start: int) -> bool:
    """True when the passage at ``start`` opens its line (an age mark, bullet or asterisk aside).

    Running text before it on the same line, or an opening quote right before it, makes it a
    quotation of the form (an article about the law), not the material's own notice.
    """
    line_start = max(block_start, text.rfind("\n", 0, start) + 1)
    before = text[line_start:start]
    if before.rstrip() and before.rstrip()[-1] in _OPENING:
        return False
    return _LEAD.match(before) is not None


def _latin_names(raw: str, spans: list[tuple[int, int]], known: set[str]) -> list[Lookalike]:
    """Latin look-alike letters in name slots written wholly in Latin ("OOO «MEMO»" for ООО «МЕМО»).

    A Latin word made only of letters that imitate Cyrillic ones is an imitation when its
    Cyrillic reading is a word of the expected name, when the slot also holds Cyrillic words, or
    when the name opens with a Russian legal form (OOO, AO, AHO ...).
    """
    out: list[Lookalike] = []
    for gs, ge in spans:
        value = raw[gs:ge]
        latin = [m for m in _WORD.finditer(value) if _imitates(m.group(0))]
        if not latin:
            continue
        cyrillic = regex.search(r"\p{Cyrillic}", value) is not None
        first = _WORD.search(value)
        legal = first is not None and _fold_word(first.group(0)) in _LEGAL_FORMS
        for m in latin:
            word = m.group(0)
            if cyrillic or legal or _fold_word(word) in known:
                for i, c in enumerate(word):
                    out.append(Lookalike(c, gs + m.start() + i, LATIN_TO_CYRILLIC[c], word))
    return out


def _fold_word(word: str) -> str:
    return "".join(LATIN_TO_CYRILLIC.get(c, c) for c in word).upper()


def _nameless(bare: list[str], window: list[str]) -> bool:
    """True when a wording with name slots lines up with the article and every slot gets no words
    (e.g. "... ИНОСТРАННЫМ АГЕНТОМ." with the names and the second half left out)."""
    slots = [i for i, w in enumerate(bare) if w == "\x00"]
    if not slots:
        return False
    filled = 0
    sm = difflib.SequenceMatcher(None, bare, window, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op in ("replace", "insert") and any(a1 <= i < a2 or (op == "insert" and i == a1) for i in slots):
            filled += sum(1 for w in window[b1:b2] if _WORD.fullmatch(w))
    return filled == 0


def _repeated(once: list[str], text: str) -> list[str]:
    words = _WORD.findall(text)
    return [w for w in once if words.count(w.upper()) > 1]


def _shift(hit: Hit, by: int) -> Hit:
    hit.start += by
    hit.end += by
    hit.lookalikes = [Lookalike(lk.char, lk.offset + by, lk.cyrillic, lk.word) for lk in hit.lookalikes]
    return hit


def _tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(normalize_text(text))] if text else []


def _fill_slots(want: list[str], have: list[str]) -> list[str]:
    """Let each unknown-name slot (a \\x00 token) take the article's words it lines up with."""
    if "\x00" not in want:
        return want
    out: list[str] = []
    sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "replace" and want[a1:a2] == ["\x00"]:
            out.extend(have[b1:b2])
        else:
            out.extend(want[a1:a2])
    return out


def word_diff(want: list[str], have: list[str]) -> str:
    """Word-level diff, article against the form: ``[-word-]`` not in the form, ``{+word+}`` missing."""
    sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
    out: list[str] = []
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            out.extend(have[b1:b2])
            continue
        if b2 > b1:
            out.append("[-" + " ".join(have[b1:b2]) + "-]")
        if a2 > a1:
            shown = " ".join("<name>" if w == "\x00" else w for w in want[a1:a2])
            out.append("{+" + shown + "+}")
    return _detokenize(" ".join(out))


def _detokenize(text: str) -> str:
    text = regex.sub(r" ([,.;:)])", r"\1", text)
    return regex.sub(r"\( ", "(", text)


def _diff_summary(diff: str | None) -> str:
    if not diff:
        return "no word changes"
    missing = regex.findall(r"\{\+(.*?)\+\}", diff)
    extra = regex.findall(r"\[-(.*?)-\]", diff)
    parts = []
    if missing:
        parts.append("missing: " + ", ".join(_detokenize(m) for m in missing))
    if extra:
        parts.append("not in the form: " + ", ".join(_detokenize(x) for x in extra))
    return "; ".join(parts)


def _at(doc: Document, offset: int) -> str:
    line, col = doc.line_col(offset)
    return f"{line}:{col}"


def _lookup(ctx: Context, path: str) -> Any:
    node: Any = {"settings": ctx.settings}
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _name_key(value: str) -> str:
    """A name as compared: normalised, upper case, Latin look-alike words read as Cyrillic."""
    key = normalize_text(value).strip(" ,.;:")
    return _WORD.sub(lambda m: _fold_word(m.group(0)) if _imitates(m.group(0)) else m.group(0), key)


def _imitates(word: str) -> bool:
    return all(c in LATIN_TO_CYRILLIC for c in word)


_QUOTED = regex.compile(r'"[^"]*"')


def _same_entity(a: str, b: str) -> bool:
    """Two spellings of one name: quoted parts (organisation names) equal as written, the other
    words equal up to grammatical case (lemmas), e.g. КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ = КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ."""
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb:
        return True
    if _QUOTED.findall(ka) != _QUOTED.findall(kb):
        return False
    ra, rb = _QUOTED.sub(" ", ka), _QUOTED.sub(" ", kb)
    if not _WORD.search(ra) and not _WORD.search(rb):
        return True
    from auditor.morph import same_name

    return same_name(ra, rb)


def _accepted_raw(ent: Any) -> list[str]:
    """The name, aliases and declined forms of a configured entity (or a bare name)."""
    if isinstance(ent, str):
        return [ent]
    if not isinstance(ent, dict) or not ent.get("name"):
        return []
    names = [ent["name"], *(ent.get("aliases") or []), *((ent.get("forms") or {}).values())]
    return [n for n in names if isinstance(n, str)]


def _accepted_names(ent: Any) -> set[str]:
    return {_name_key(n) for n in _accepted_raw(ent)}


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "да")
    return bool(value)


CHECK = RequiredText
