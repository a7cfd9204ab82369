"""Notice sets: the accepted wordings of one statutory notice, shared by the notice rule kinds.

A pack declares them under ``notices:`` (id -> set); each ``notice.*`` rule names one. The
per-document notice analysis (auditor/analysis/notice.py) runs once per set and document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from auditor.analysis.patterns import compile_regex
from auditor.text import normalize_text

SLOT = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
TOKEN = regex.compile(r"[\p{L}\p{N}]+|[^\p{L}\p{N}\s]")
PLACEHOLDERS = [
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

    model_config = ConfigDict(defer_build=True, extra="forbid")

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

    @property
    def head_rx(self) -> regex.Pattern[str] | None:
        return self._head

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or day >= self.effective_from) and (
            self.effective_to is None or day <= self.effective_to
        )


def _pattern_from_text(text: str) -> regex.Pattern[str]:
    parts: list[str] = []
    pos = 0
    canon = normalize_text(text)
    for m in SLOT.finditer(canon):
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

    model_config = ConfigDict(defer_build=True, extra="forbid")

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

    @property
    def rx(self) -> regex.Pattern[str]:
        return self._rx


class Slot(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    required: bool = Field(default=True, description="Each group of the slot must hold a real name.")
    same: bool = Field(default=True, description="All groups of the slot must name the same entity.")
    equal_to: str | None = Field(
        default=None,
        description='Where the expected name lives, e.g. "settings.agent" ({name, aliases, forms}).',
    )


class NoticeSet(BaseModel):
    """One statutory notice: its accepted forms, name slots, translations and detection settings."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    forms: list[Form] = Field(min_length=1, description="Accepted wordings, each with its effective dates.")
    slots: dict[str, Slot] = Field(
        default_factory=dict,
        description="Name slots: slot `agent` covers the pattern groups `agent` and `agent_*`.",
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
        default_factory=lambda: list(PLACEHOLDERS),
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

    @property
    def placeholder_rxs(self) -> list[regex.Pattern[str]]:
        return self._placeholders

    @property
    def age_rx(self) -> regex.Pattern[str]:
        return self._age

    def key(self) -> tuple[Any, ...]:
        """What the analysis of a document depends on: equal keys share one analysis."""
        return (
            tuple((f.id, f.rx.pattern, tuple(f.once)) for f in self.forms),
            tuple((t.lang, t.pattern) for t in self.translations),
            self.near_miss,
            self.age_mark,
            tuple(self.markers),
            tuple((k, v.equal_to) for k, v in sorted(self.slots.items())),
        )

    def current(self, day: date) -> Form | None:
        """The first form in force on ``day``."""
        return next((f for f in self.forms if f.in_force(day)), None)

    @model_validator(mode="after")
    def _slots_exist(self) -> NoticeSet:
        groups = {g for f in self.forms for g in f.rx.groupindex}
        for name in self.slots:
            if not any(in_slot(g, name) for g in groups):
                raise ValueError(
                    f"slot {name!r} matches no named group of any form ({', '.join(sorted(groups))})"
                )
        return self


def in_slot(group: str, slot: str) -> bool:
    """Group ``agent_gen`` belongs to slot ``agent``."""
    return group == slot or group.startswith(slot + "_")


# -- the set as the per-block analysis reads it -----------------------------------------------------
Searched = tuple[Any, regex.Pattern[str], tuple[str, ...]]  # (form or translation, its regex, its anchors)


@dataclass(frozen=True, slots=True)
class SetPlan:
    """A notice set's regexes and literal anchors taken out of the pydantic models once per process:
    the analysis reads them for every block of every document, and a private attribute read
    through pydantic costs microseconds (~170 reads a document)."""

    key: tuple[Any, ...]  # NoticeSet.key()
    forms: tuple[Searched, ...]  # every form, in order
    heads: tuple[Searched, ...]  # the forms with a ``head``: their head regex
    translations: tuple[Searched, ...]
    age_rx: regex.Pattern[str]


_PLANS: dict[int, tuple[NoticeSet, SetPlan]] = {}  # id -> (the set, kept alive so the id stays its own; plan)


def plan(nset: NoticeSet) -> SetPlan:
    """The notice set's plan (worked out on first use; the set is not changed after loading)."""
    held = _PLANS.get(id(nset))
    if held is not None and held[0] is nset:
        return held[1]
    from auditor.analysis.patterns import anchors

    made = SetPlan(
        key=nset.key(),
        forms=tuple((f, f.rx, anchors(f.rx)) for f in nset.forms),
        heads=tuple((f, f.head_rx, anchors(f.head_rx)) for f in nset.forms if f.head_rx is not None),
        translations=tuple((t, t.rx, anchors(t.rx)) for t in nset.translations),
        age_rx=nset.age_rx,
    )
    if len(_PLANS) >= 256:  # packs are loaded once per process; a long-lived server reloads them
        _PLANS.clear()
    _PLANS[id(nset)] = (nset, made)
    return made
