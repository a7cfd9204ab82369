"""Rule packs: load (ids or paths, with ``extends``), validate, compile into a ``RuleSet`` the engine runs.

``load_ruleset(specs)`` never raises for a bad pack: its errors land in ``RuleSet.errors`` (one line
each, ``file:line:col: key.path: message``) and the other packs still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from auditor.analysis import REGEX_LIMIT
from auditor.analysis.forms import NoticeSet
from auditor.basis import current, default_severity
from auditor.checks.base import Check, Context, RuleInfo, is_publisher
from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.model import Document, Finding, Notice
from auditor.packs.loader import (
    PackError,
    PackLoadError,
    display_path,
    key_path,
    locate,
    plain,
    read_document,
    resolve_spec,
    sha256,
    shipped_packs,
    validation_errors,
)
from auditor.packs.model import FixSpec, Pack, Reference, Rule, When, option_models, pack_schema

__all__ = [
    "PackError",
    "RuleSet",
    "list_rules",
    "load_ruleset",
    "pack_schema",
    "shipped_packs",
    "show_rule",
    "validate_pack",
]

MERGED_DICT_SETTINGS = ("html_selectors", "field_map")


@dataclass(slots=True)
class CompiledRule:
    info: RuleInfo
    kind: str
    check: Check
    enabled: bool
    rule: Rule  # as written (when, description, aliases)
    options: dict[str, Any]  # effective check options, as data (for `rules show`)

    @property
    def id(self) -> str:
        return self.info.id


@dataclass(slots=True)
class _Loaded:
    pack: Pack
    path: Path
    shown: str
    data: Any  # parsed document (positions)
    raw: bytes
    bases: list[str]  # ids of the packs it extends


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
    def reader_options(self) -> Any:
        from auditor.readers import ReaderOptions

        s = self.settings
        kw: dict[str, Any] = {
            "date_formats": list(s.get("date_formats") or []),
            "timezone": s.get("timezone"),
            "html_selectors": dict(s.get("html_selectors") or {}),
            "field_map": dict(s.get("field_map") or {}),
            "language": s.get("language"),
        }
        if "notice_markers" in getattr(ReaderOptions, "__dataclass_fields__", {}):
            kw["notice_markers"] = list(s.get("notice_markers") or [])
        return ReaderOptions(**kw)

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
        self, doc: Document, as_of: date, regex_time: float | None = DEFAULT_LIMITS.regex_timeout
    ) -> tuple[list[Finding], list[str]]:
        """Fill doc.notices, run every applicable rule; findings by span start, then rule id.

        ``regex_time``: seconds one pack regex may search the document (the run's regex-time limit)."""
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


# -- loading -------------------------------------------------------------------------------------
class _Loader:
    def __init__(self) -> None:
        self.loaded: dict[str, _Loaded] = {}  # pack id -> loaded pack
        self.by_path: dict[Path, str | None] = {}  # resolved path -> pack id (None: failed)
        self.order: list[str] = []  # bases before the packs that extend them
        self.errors: list[PackError] = []
        self.stack: list[Path] = []

    def load(self, spec: str, base: Path | None = None, shown_spec: str | None = None) -> str | None:
        found = resolve_spec(spec, base)
        if isinstance(found, PackError):
            self.errors.append(found)
            return None
        real = found.resolve()
        if real in self.by_path:
            return self.by_path[real]
        shown = display_path(found)
        if real in self.stack:
            self.errors.append(PackError(shown, message="packs extend each other in a cycle"))
            return None
        self.stack.append(real)
        try:
            pid = self._load(found, real, shown)
        finally:
            self.stack.pop()
        self.by_path[real] = pid
        return pid

    def _load(self, path: Path, real: Path, shown: str) -> str | None:
        try:
            data, raw = read_document(path, shown)
        except PackLoadError as exc:
            self.errors.extend(exc.errors)
            return None
        try:
            pack = Pack.model_validate(plain(data))
        except ValidationError as exc:
            self.errors.extend(validation_errors(exc, data, shown, pack_schema()))
            return None
        if pack.settings.registries:  # paths are relative to the pack; each registry must load
            from auditor.registries.store import check_specs

            pack.settings.registries, problems = check_specs(pack.settings.registries, real.parent)
            line, col = _at(data, ("settings", "registries"))
            self.errors.extend(PackError(shown, line, col, "settings.registries", p) for p in problems)
            if problems:
                return None
        if pack.id in self.loaded:
            other = self.loaded[pack.id].shown
            self.errors.append(
                PackError(shown, *_at(data, ("id",)), "id", f"pack id {pack.id!r} is also used by {other}")
            )
            return None
        bases: list[str] = []
        ok = True
        for i, ext in enumerate(pack.extends):
            before = len(self.errors)
            bid = self.load(ext, real.parent)
            if bid is None:
                line, col = _at(data, ("extends", i))
                if len(self.errors) == before or self.errors[-1].file == ext:
                    msg = self.errors.pop().message if len(self.errors) > before else "cannot be loaded"
                    self.errors.append(PackError(shown, line, col, f"extends[{i}]", f"{ext!r}: {msg}"))
                else:
                    self.errors.append(
                        PackError(shown, line, col, f"extends[{i}]", f"{ext!r} has errors (above)")
                    )
                ok = False
            else:
                bases.append(bid)
        if not ok:
            return None
        self.loaded[pack.id] = _Loaded(pack, path, shown, data, raw, bases)
        self.order.append(pack.id)
        return pack.id


def _at(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    _, line, col = locate(data, loc)
    return line, col


def _ancestors(loader: _Loader, pid: str) -> list[str]:
    out: list[str] = []
    todo = list(loader.loaded[pid].bases)
    while todo:
        b = todo.pop(0)
        if b not in out:
            out.append(b)
            todo.extend(loader.loaded[b].bases)
    return out


def _merge_settings(loader: _Loader) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for pid in loader.order:
        s = loader.loaded[pid].pack.settings.model_dump(exclude_none=True)
        for key, value in s.items():
            if key in MERGED_DICT_SETTINGS and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _references(pack: Pack, rule: Rule) -> list[dict[str, Any]]:
    by_id = {r.id: r for r in pack.references if r.id}
    out: list[dict[str, Any]] = []
    for ref in rule.references:
        r = by_id.get(ref) if isinstance(ref, str) else ref
        if isinstance(r, Reference):
            out.append(r.model_dump(exclude_none=True, exclude={"id"}, mode="json"))
    return out


def _compile(loader: _Loader) -> tuple[list[CompiledRule], list[PackError]]:
    errors: list[PackError] = []
    models = option_models()
    # rule id -> (pack loaded, rule, raw check dict, severity, enabled, message, fix)
    table: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for pid in loader.order:
        ld = loader.loaded[pid]
        for i, rule in enumerate(ld.pack.rules):
            full = f"{pid}/{rule.id}"
            if full in table:
                line, col = _at(ld.data, ("rules", i, "id"))
                errors.append(
                    PackError(ld.shown, line, col, f"rules[{i}].id", f"duplicate rule id {rule.id!r}")
                )
                continue
            for ref in rule.references:
                if isinstance(ref, str) and ref not in {r.id for r in ld.pack.references}:
                    j = rule.references.index(ref)
                    line, col = _at(ld.data, ("rules", i, "references", j))
                    errors.append(
                        PackError(
                            ld.shown,
                            line,
                            col,
                            f"rules[{i}].references[{j}]",
                            f"no reference with id {ref!r} in this pack",
                        )
                    )
            errors.extend(_notice_ref_errors(loader, pid, i))
            table[full] = {
                "ld": ld,
                "rule": rule,
                "check": plain(ld.data["rules"][i]["check"]),
                "options": rule.check,
                "severity": rule.severity or default_severity(_references(ld.pack, rule)),
                "enabled": rule.enabled,
                "message": rule.message,
                "fix": rule.fix,
            }
            order.append(full)
        # overrides apply to the rules of the packs this one extends (in load order)
        visible = set(_ancestors(loader, pid))
        for key, ov in ld.pack.overrides.items():
            target = _override_target(key, table, visible)
            if target is None:
                line, col = _pos_of_key(ld.data, "overrides", key)
                names = [r for r in order if r.split("/", 1)[0] in visible]
                from auditor.packs.loader import did_you_mean

                hint = did_you_mean(key, names) if names else " (this pack extends no pack)"
                errors.append(
                    PackError(
                        ld.shown, line, col, f"overrides.{key}", "no such rule in the extended packs" + hint
                    )
                )
                continue
            entry = table[target]
            for attr in ("severity", "enabled", "message", "fix"):
                val = getattr(ov, attr)
                if val is not None:
                    entry[attr] = val
            if ov.options is not None:
                raw_opts = plain(ld.data["overrides"][key]["options"])
                if "kind" in raw_opts:
                    line, col = _at(ld.data, ("overrides", key, "options", "kind"))
                    errors.append(
                        PackError(
                            ld.shown,
                            line,
                            col,
                            f"overrides.{key}.options.kind",
                            "an override cannot change the check kind",
                        )
                    )
                    continue
                merged = {**entry["check"], **raw_opts}
                model = models[merged["kind"]]
                try:
                    entry["options"] = model.model_validate(merged)
                    entry["check"] = merged
                except ValidationError as exc:
                    for err in exc.errors(include_url=False):
                        loc = ("overrides", key, "options", *err["loc"])
                        path, line, col = locate(ld.data, loc, at_key=err["type"] == "extra_forbidden")
                        msg = str(err["msg"]).removeprefix("Value error, ")
                        if err["type"] == "extra_forbidden":
                            from auditor.packs.loader import did_you_mean

                            msg = "unknown key" + did_you_mean(
                                str(err["loc"][-1]), sorted(model.model_fields)
                            )
                        errors.append(PackError(ld.shown, line, col, key_path(path), msg))
    compiled: list[CompiledRule] = []
    for full in order:
        e = table[full]
        ld, rule = e["ld"], e["rule"]
        info = RuleInfo(
            id=full,
            pack=ld.pack.id,
            pack_version=ld.pack.version,
            title=rule.title,
            severity=e["severity"],
            message=e["message"],
            references=_references(ld.pack, rule),
            fix=e["fix"].text if isinstance(e["fix"], FixSpec) else e["fix"],
            fix_auto=e["fix"].auto if isinstance(e["fix"], FixSpec) else "off",
            scope=list(rule.scope),
        )
        kind = e["check"]["kind"]
        from auditor.checks import get_check_class

        options: BaseModel = e["options"]
        check = get_check_class(kind)(info, options)  # type: ignore[arg-type]
        compiled.append(CompiledRule(info, kind, check, bool(e["enabled"]), rule, e["check"]))
    return compiled, errors


def _notice_ref_errors(loader: _Loader, pid: str, i: int) -> list[PackError]:
    """A `notice.*` rule must name a notice set of its pack or of a pack it extends."""
    ld = loader.loaded[pid]
    from auditor.checks.notice.base import NoticeOptions

    spec = ld.pack.rules[i].check
    if not isinstance(spec, NoticeOptions):
        return []
    ref = spec.notice
    visible = [n for p in [pid, *_ancestors(loader, pid)] for n in loader.loaded[p].pack.notices]
    if ref in visible:
        return []
    from auditor.packs.loader import did_you_mean

    line, col = _at(ld.data, ("rules", i, "check", "notice"))
    hint = did_you_mean(ref, visible) if visible else " (declare it under `notices:`)"
    return [PackError(ld.shown, line, col, f"rules[{i}].check.notice", f"no notice set {ref!r}" + hint)]


def _merge_notices(loader: _Loader) -> dict[str, NoticeSet]:
    """Notice sets of every loaded pack by id; a pack that extends another may redefine one."""
    merged: dict[str, NoticeSet] = {}
    for pid in loader.order:
        merged.update(loader.loaded[pid].pack.notices)
    return merged


def _pos_of_key(data: Any, parent: str, key: str) -> tuple[int | None, int | None]:
    try:
        line, col = data[parent].lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return None, None


def _override_target(key: str, table: dict[str, dict[str, Any]], visible: set[str]) -> str | None:
    for full, e in table.items():
        if full.split("/", 1)[0] not in visible:
            continue
        aliases = [a if "/" in a else f"{e['ld'].pack.id}/{a}" for a in e["rule"].aliases]
        if key == full or key in aliases:
            return full
    return None


def load_ruleset(specs: list[str]) -> RuleSet:
    """Load packs by id or path ([] means ["default"]); bad packs become errors, the rest still load."""
    loader = _Loader()
    failed = [spec for spec in specs or ["default"] if loader.load(spec) is None]
    rules, errors = _compile(loader)
    rs = RuleSet(
        errors=loader.errors + errors, settings=_merge_settings(loader), rules=rules, notices=_merge_notices(loader),
        failed_specs=failed, files=[str(real) for real, pid in loader.by_path.items() if pid is not None],
    )
    rs.packs = [
        {
            "id": loader.loaded[pid].pack.id,
            "version": loader.loaded[pid].pack.version,
            "sha256": sha256(loader.loaded[pid].raw),
            "title": loader.loaded[pid].pack.title,
            "path": loader.loaded[pid].shown,
        }
        for pid in loader.order
    ]
    return rs


def validate_pack(path: str) -> list[PackError]:
    """Errors of one pack file (and of the packs it extends), then what the linter finds (packs/lint.py)."""
    ruleset = load_ruleset([path if Path(path).suffix or "/" in path else path])
    if ruleset.errors:
        return ruleset.errors
    from auditor.packs.lint import lint_ruleset

    return lint_ruleset(ruleset)


# -- `auditor rules` helpers ------------------------------------------------------------------------
def list_rules(ruleset: RuleSet) -> str:
    rows = [(r.id, r.info.severity if r.enabled else "off", r.kind, r.info.title) for r in ruleset.rules]
    if not rows:
        return "no rules loaded"
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    return "\n".join(f"{a:<{w0}}  {b:<{w1}}  {c:<{w2}}  {d}" for a, b, c, d in rows)


def show_rule(ruleset: RuleSet, rule_id: str, explain: bool = False) -> str | None:
    r = ruleset._find(rule_id)
    if r is None and "/" in rule_id and rule_id.split("/", 1)[0] in dict(shipped_packs()):
        r = load_ruleset([rule_id.split("/", 1)[0]])._find(rule_id)  # a shipped rule not loaded by -r
    if r is None:
        return None
    lines = [f"{r.id}  ({r.info.severity if r.enabled else 'disabled'}, {r.kind})", f"  {r.info.title}"]
    if r.rule.aliases:
        lines.append(f"  aliases: {', '.join(r.rule.aliases)}")
    if r.rule.description:
        lines.append("")
        lines.extend("  " + ln for ln in r.rule.description.strip().splitlines())
    if r.rule.when is not None:
        when = r.rule.when.model_dump(exclude_none=True, mode="json")
        lines.append(f"  applies when: {', '.join(f'{k}={v}' for k, v in when.items())}")
    if r.info.fix:
        lines.append(f"  fix: {r.info.fix}")
    for ref in r.info.references:
        parts = [ref.get(k) for k in ("law", "article", "title") if ref.get(k)]
        tail = f" [{ref['confidence']}]" if ref.get("confidence") else ""
        lines.append(
            f"  reference: {'; '.join(parts)}{tail}" + (f" <{ref['url']}>" if ref.get("url") else "")
        )
    if explain:
        import json

        from auditor.checks import kind_doc

        doc = kind_doc(r.kind)
        if doc:
            lines.append(f"  kind {r.kind}:")
            lines.extend(("    " + ln).rstrip() for ln in doc.splitlines())
        lines.append("  check options:")
        body = json.dumps(r.options, ensure_ascii=False, indent=2, default=str)
        lines.extend("    " + ln for ln in body.splitlines())
        from auditor.packs.cases import explain_examples

        lines.extend(explain_examples(r.id))
    return "\n".join(lines)
