"""The runtime rule set: compiled rules, the conditions that choose them, and ``evaluate``.

``RuleSet`` is what the engine runs on each Document (``auditor.contracts.RuleSetLike``); it is
built by ``auditor.packs.compile.load_ruleset``. Each ``CompiledRule`` keeps where its pack
defines it (``RulePlace``), so the pack linter never re-reads a pack file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from auditor.analysis import REGEX_LIMIT
from auditor.analysis.forms import NoticeSet
from auditor.basis import current
from auditor.checks.base import Check, Context, RuleInfo, is_publisher
from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.model import Document, Finding, Notice
from auditor.packs.loader import PackError
from auditor.packs.model import Rule, When

if TYPE_CHECKING:
    from auditor.readers import ReaderOptions


@dataclass(slots=True)
class RulePlace:
    """file:line:col of a rule in its pack, and of each of its keys (``scope``, ``check``, ...)."""

    file: str
    line: int | None = None
    column: int | None = None
    keys: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)

    def of(self, key: str | None = None) -> tuple[str, int | None, int | None]:
        """The key's position when the rule has that key, else the rule's own."""
        if key and key in self.keys:
            return (self.file, *self.keys[key])
        return self.file, self.line, self.column


@dataclass(slots=True)
class CompiledRule:
    info: RuleInfo
    kind: str
    check: Check
    enabled: bool
    rule: Rule  # as written (when, description, aliases)
    options: dict[str, Any]  # effective check options, as data (for `rules show`)
    place: RulePlace = field(default_factory=lambda: RulePlace(""))  # where the pack defines it (lint)

    @property
    def id(self) -> str:
        return self.info.id


@dataclass
class RuleSet:
    packs: list[dict[str, Any]] = field(default_factory=list)
    errors: list[PackError] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    rules: list[CompiledRule] = field(default_factory=list)
    failed_specs: list[str] = field(default_factory=list)  # packs named to load that did not (auditor/verdict.py)
    notices: dict[str, NoticeSet] = field(default_factory=dict)  # the packs' notice sets by id
    files: list[str] = field(default_factory=list)  # the pack files read (resolved; auditor/packcache.py)

    # -- what the engine and reporters read ----------------------------------------------------
    @property
    def reader_options(self) -> ReaderOptions:
        from auditor.readers import ReaderOptions

        s = self.settings
        return ReaderOptions(
            date_formats=list(s.get("date_formats") or []),
            timezone=s.get("timezone"),
            html_selectors=dict(s.get("html_selectors") or {}),
            field_map=dict(s.get("field_map") or {}),
            language=s.get("language"),
            notice_markers=list(s.get("notice_markers") or []),
        )

    def rules_info(self) -> list[dict[str, Any]]:
        return [self._info(r) for r in self.rules if r.enabled]

    def _registry_specs(self) -> list[str]:
        specs = list(self.settings.get("registries") or [])
        for r in self.rules:
            for spec in (r.options.get("registries") or []) if r.enabled else []:
                specs.append(spec)
        return list(dict.fromkeys(specs))

    def registries_info(self) -> list[dict[str, Any]]:
        """The registries the enabled rules read (settings.registries and rule options), with hashes."""
        from auditor.registries.store import registries_info

        return registries_info(self._registry_specs())

    def registries(self) -> dict[str, Any]:
        """The loaded registries by the spec that names them, for ``Context.registries``: resolved
        once per run (per RuleSet), not per document."""
        specs = tuple(self._registry_specs())  # the key: a run may choose other registries (--registry)
        memo = self.__dict__.get("_registries_memo")
        if memo is not None and memo[0] == specs:
            return memo[1]
        from auditor.registries.store import RegistryError, load_registry

        out: dict[str, Any] = {}
        for spec in specs:
            try:
                out[spec] = load_registry(spec)
            except (RegistryError, OSError):  # reported when the pack loaded
                continue
        self.__dict__["_registries_memo"] = (specs, out)
        return out

    def _info(self, r: CompiledRule) -> dict[str, Any]:
        return {
            "id": r.id,
            "pack": r.info.pack,
            "title": r.info.title,
            "severity": r.info.severity,
            "kind": r.kind,
            "description": r.rule.description,
            "references": list(r.info.references),
            "fix": r.info.fix,
            "fix_auto": r.info.fix_auto,
            "aliases": list(r.rule.aliases),
        }

    def find_rule(self, id_or_alias: str) -> dict[str, Any] | None:
        r = self._find(id_or_alias)
        return self._info(r) if r is not None else None

    def _find(self, id_or_alias: str) -> CompiledRule | None:
        for r in self.rules:
            if id_or_alias == r.id or id_or_alias in _aliases(r):
                return r
        local = [r for r in self.rules if r.id.split("/", 1)[1] == id_or_alias]
        return local[0] if len(local) == 1 else None

    # -- running ---------------------------------------------------------------------------------
    def applies(self, r: CompiledRule, doc: Document, as_of: date) -> bool:
        return r.rule.when is None or self._holds(r.rule.when, doc, as_of)

    def _holds(self, w: When, doc: Document, as_of: date) -> bool:
        """True when every part of the condition holds (``any``: one of its conditions; ``unless``: not it)."""
        for key in w.metadata_present or []:
            if doc.metadata.get(key) in (None, "", [], {}):
                return False
        if w.any is not None and not any(self._holds(x, doc, as_of) for x in w.any):
            return False
        if w.unless is not None and self._holds(w.unless, doc, as_of):
            return False
        if w.effective_from is not None and as_of < w.effective_from:
            return False
        if w.effective_to is not None and as_of > w.effective_to:
            return False
        if w.language:
            lang = doc.fields.language or doc.metadata.get("language") or self.settings.get("language")
            if isinstance(lang, str) and lang:
                primary = lang.lower().replace("_", "-").split("-")[0]
                if primary not in {x.lower().split("-")[0] for x in w.language}:
                    return False
        for key, want in (w.metadata or {}).items():
            have = doc.metadata.get(key)
            wants = want if isinstance(want, list) else [want]
            if not any(_same_value(have, x) for x in wants):
                return False
        return w.publisher is None or is_publisher(doc, self.settings.get("publisher")) == w.publisher

    def evaluate(
        self,
        doc: Document,
        as_of: date,
        regex_time: float | None = DEFAULT_LIMITS.regex_timeout,
        skip: frozenset[str] = frozenset(),
    ) -> tuple[list[Finding], list[str]]:
        """Fill doc.notices, run every applicable rule; findings by span start, then rule id.

        ``regex_time``: seconds one pack regex may search the document (the run's regex-time limit);
        ``skip``: ids of rules not to run on this document (per-path ``disable``: ``Policy.skipped_rules``).
        Their notice detection still fills doc.notices (the document's notices do not depend on
        the rules chosen), and a rule that cannot verify this document is still listed as such."""
        ctx = Context(as_of=as_of, settings=self.settings, registries=self.registries(), notices=self.notices,
                      regex_time=regex_time)
        active = [r for r in self.rules if r.enabled and self.applies(r, doc, as_of)]
        notices: dict[tuple[int, int], Notice] = {}
        for r in active:
            try:
                found = r.check.detect_notices(doc, ctx)
            except Exception:  # a broken detector must not hide the others; run() reports it
                continue
            for n in found:
                notices.setdefault((n.span.start, n.span.end), n)
        doc.notices = [notices[k] for k in sorted(notices)]
        findings: list[Finding] = []
        unverified: list[str] = []
        for r in active:
            if r.check.unverifiable(doc):
                unverified.append(r.id)
                continue
            if r.id in skip:
                if r.check.unverified_after(doc, ctx):
                    unverified.append(r.id)
                continue
            try:
                findings.extend(r.check.run(doc, ctx))
                if r.check.unverified_after(doc, ctx):
                    unverified.append(r.id)
            except TimeoutError:
                after = f" after {regex_time:g} s" if regex_time else ""
                msg = f"a regular expression of this rule timed out{after}; the rule could not be checked{REGEX_LIMIT}"
                findings.append(r.check.finding("timeout", msg, span=doc.span(0, 0)))
            except Exception as exc:  # a check bug must not stop the run: say so on the document
                msg = f"the rule failed on this document: {type(exc).__name__}: {exc}"
                findings.append(r.check.finding("error", msg, span=doc.span(0, 0)))
        for f in findings:  # cite only the instruments in force on the audit date (auditor/basis.py)
            f.references = current(f.references, as_of)
        findings.sort(key=lambda f: (f.span.start if f.span else -1, f.rule_id, f.outcome, f.message))
        return findings, unverified


def _aliases(r: CompiledRule) -> list[str]:
    pack = r.info.pack
    return [a if "/" in a else f"{pack}/{a}" for a in r.rule.aliases]


def _same_value(have: Any, want: Any) -> bool:
    if have == want:
        return True
    if isinstance(have, (str, bool, int)) and isinstance(want, (str, bool, int)):
        return str(have).strip().lower() == str(want).strip().lower()
    return False
