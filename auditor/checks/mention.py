"""mention: a designated person or organisation named in the text carries its status.

Entries come from registries (``auditor.packs.registries``); an entry counts when it is listed on
the as-of date. Names match whole words: Russian words through their lemmas (pymorphy3, so
``Варламова``/``Варламовым`` find ``Илья Варламов``), other words as written (``Meta's`` finds
``Meta``); a capitalised name word wants a capitalised word in the text, a short all-capital one
(``ИГ``, ``IS``) exactly that, and quote marks in an alias are required (``«Дождь»`` is the TV
channel, ``дождь`` the rain).

A mention is in order when its status is stated in its window (the same sentence, with a
parenthesis that follows the name; or ``window: {before, after}`` characters), or when the name
carries an asterisk (``Петров*``) and a footnote line with the same mark states the status. A
phrase belongs to the nearest mention; the status stated must be one the entry holds (Meta is
extremist, so ``признана нежелательной`` is a wrong status). Text inside the material's
statutory notice is not a mention, and an entity the notice names as a foreign agent has its
status stated for the whole document. Russian phrases count everywhere, English ones only on
pages not in Russian.

Outcomes: ``missing``, ``wrong-status``, ``footnote-missing``; and ``age-mark`` once per document
that names a foreign agent (or carries the foreign-agent notice) but shows no ``18+`` mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.analysis.mentions import (
    AGE_MARK,
    BANNED,
    STATUS_IDS,
    STATUS_WORDS,
    SUGGEST,
    Mention,
    MentionAnalysis,
    doc_language,
)
from auditor.checks.base import Check, CheckOptions, Context, compile_regex, is_publisher
from auditor.model import Document, Finding, canonical_outcome

Outcome = Literal["missing", "wrong-status", "footnote-missing", "age-mark"]


class Window(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    before: int = Field(ge=0, description="Characters before the name.")
    after: int = Field(ge=0, description="Characters after the name.")


class Options(CheckOptions):
    kind: Literal["mention"]
    statuses: list[Literal["foreign_agent", "extremist", "terrorist", "undesirable"]] = Field(
        default_factory=lambda: list(STATUS_IDS),
        description="The designations this rule checks (an entry with several is checked by each rule).",
    )
    report: list[Outcome] = Field(
        default_factory=lambda: ["missing", "wrong-status", "footnote-missing"],
        description="Which outcomes this rule reports (rules can share one analysis).",
    )
    registries: list[str] | None = Field(
        default=None, description="Registry ids or paths; default: settings.registries."
    )
    window: Literal["sentence"] | Window = Field(
        default="sentence",
        description='"sentence" (with a following parenthesis) or {before, after} characters.',
    )
    languages: list[str] = Field(
        default_factory=lambda: ["ru"], description="The duty applies to documents in these languages..."
    )
    publisher_jurisdictions: list[str] = Field(
        default_factory=lambda: ["RU"],
        description="...and to the configured publisher's documents when settings.publisher.jurisdiction is one "
        "of these (a Russian outlet's English site).",
    )
    every_mention: bool = Field(
        default=True, description="false: only the first mention of an entity needs its status."
    )
    phrases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Extra status phrases (regexes, case-insensitive) by status: foreign_agent, extremist, "
        "terrorist, undesirable, banned.",
    )

    @field_validator("report", mode="before")
    @classmethod
    def _former_outcomes(cls, v: Any) -> Any:
        """Packs written before issue 11 spell outcomes in snake_case (``age_mark``): read them as now."""
        return [canonical_outcome(x) if isinstance(x, str) else x for x in v] if isinstance(v, list) else v

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for status, pats in v.items():
            if status not in (*STATUS_IDS, BANNED):
                raise ValueError(f"unknown status {status!r}; use {', '.join((*STATUS_IDS, BANNED))}")
            for p in pats:
                compile_regex(p)
        return v

    @field_validator("registries")
    @classmethod
    def _registries(cls, v: list[str] | None) -> list[str] | None:
        if v:
            from auditor.registries.store import RegistryError, load_registry

            for spec in v:
                try:
                    load_registry(spec)
                except RegistryError as exc:
                    raise ValueError("; ".join(str(e) for e in exc.errors)) from None
        return v


# -- the check -----------------------------------------------------------------------------------------
class MentionCheck(Check):
    kind: ClassVar[str] = "mention"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def _specs(self, ctx: Context) -> list[str]:
        if self.options.registries is not None:
            return list(self.options.registries)
        return list(ctx.settings.get("registries") or [])

    def applies(self, doc: Document, ctx: Context) -> bool:
        lang = doc_language(doc) or ctx.settings.get("language")
        if isinstance(lang, str) and lang.lower().replace("_", "-").split("-")[0] in {
            x.lower() for x in self.options.languages
        }:
            return True
        pub = ctx.settings.get("publisher") or {}
        jur = str(pub.get("jurisdiction") or "").upper()
        wanted = {j.upper() for j in self.options.publisher_jurisdictions}
        return bool(jur) and jur in wanted and is_publisher(doc, pub)

    def unverified_after(self, doc: Document, ctx: Context) -> bool:
        """A sample registry cannot clear a document: anyone it lacks goes unnoticed."""
        from auditor.registries.store import RegistryError, load_registry

        if not self.applies(doc, ctx):
            return False
        for spec in self._specs(ctx):
            try:
                reg = ctx.registries.get(spec) or load_registry(spec)
            except (RegistryError, OSError):
                continue
            if reg.sample:
                return True
        return False

    def _name_index(self, ctx: Context) -> Any:
        """The name index of this rule's registries (``auditor.registries.index``), built once per run."""
        from auditor.registries.index import index_for
        from auditor.registries.store import load_registry

        return index_for([ctx.registries.get(spec) or load_registry(spec) for spec in self._specs(ctx)])

    def analyse(self, doc: Document, ctx: Context) -> list[Mention]:
        """Every mention of an active entry with its verdict per status (shared by the pack's rules)."""
        key = (
            "mention",
            tuple(self._specs(ctx)),
            self.options.window
            if isinstance(self.options.window, str)
            else self.options.window.model_dump_json(),
            tuple(sorted((k, tuple(v)) for k, v in self.options.phrases.items())),
            self.options.every_mention,
        )
        return ctx.analysis.shared(
            key, lambda: MentionAnalysis(doc, self._name_index(ctx), ctx.as_of, self.options, ctx.regex_time).run()
        )

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if not self.applies(doc, ctx):
            return
        report = set(self.options.report)
        mentions = self.analyse(doc, ctx)
        if "age-mark" in report:
            yield from self._age_mark(doc, mentions)
        reported: set[tuple[str, str, str, tuple[int, int]]] = set()
        for m in mentions:
            if m.in_notice:
                continue
            for status in self.options.statuses:
                if status not in m.verdict:
                    continue
                outcome, detail = m.verdict[status]
                key = (m.entity.id, status, outcome, m.said_in.get(status, m.window))
                if outcome == "ok" or outcome not in report or key in reported:
                    continue
                reported.add(key)  # one finding per entity and sentence (window)
                yield self._finding(doc, m, status, outcome, detail)

    def _age_mark(self, doc: Document, mentions: list[Mention]) -> Iterable[Finding]:
        if doc.notices or any(m.in_notice for m in mentions):
            return  # a notice's own age mark is the notice rules' business
        agents = [m for m in mentions if "foreign_agent" in m.entity.statuses]
        if not agents:
            return
        if AGE_MARK.search(doc.text) or any(AGE_MARK.search(str(v)) for v in doc.metadata.values()):
            return
        first = agents[0]
        msg = (
            f"the material names {first.entity.name}, a foreign agent, but shows no 18+ mark "
            "(or 'Запрещено для детей')"
        )
        yield self.emit(
            "age-mark",
            msg,
            doc.span(first.start, first.end),
            evidence=doc.text[first.start : first.end],
            expected="18+",
        )

    def _finding(self, doc: Document, m: Mention, status: str, outcome: str, detail: str | None) -> Finding:
        entry = m.entity.statuses[status]
        name = doc.text[m.start : m.end]
        since = f" since {entry.listed_from.isoformat()}" if entry.listed_from else ""
        what = f"{m.entity.name} ({STATUS_WORDS[status]}{since}; status {m.basis})"
        if outcome == "wrong-status":
            msg = f"{name!r} names {what} but the note states a wrong status: {detail}"
        elif outcome == "footnote-missing":
            msg = f"{name!r} names {what} and carries {detail!r}, but no footnote with that mark states the status"
        else:
            msg = (
                f"{name!r} names {what} without its status: state it in the same sentence or a parenthesis, "
                "or mark the name with an asterisk and a footnote"
            )
        return self.emit(outcome, msg, doc.span(m.start, m.end), evidence=name, expected=SUGGEST[status])


CHECK = MentionCheck
