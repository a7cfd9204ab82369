"""Compiling loaded packs into a ``RuleSet``: rules in load order (bases first), overrides applied
to the rules of the packs a pack extends, settings and notice sets merged, each rule's check
built from its kind's options model, and each rule's place in its pack kept for the linter.

``load_ruleset(specs)`` never raises for a bad pack: its errors land in ``RuleSet.errors`` (one line
each, ``file:line:col: key.path: message``) and the other packs still load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from auditor.analysis.forms import NoticeSet
from auditor.basis import default_severity
from auditor.checks.base import RuleInfo
from auditor.packs.loader import PackError, did_you_mean, key_path, locate, plain, sha256
from auditor.packs.loading import Loaded, Loader, ancestors, at
from auditor.packs.model import FixSpec, Override, Pack, Reference, Rule, option_models
from auditor.packs.runtime import CompiledRule, RulePlace, RuleSet

MERGED_DICT_SETTINGS = ("html_selectors", "field_map")


@dataclass(slots=True)
class _Entry:
    """A rule on its way to being compiled: what its pack says, then what overrides change."""

    ld: Loaded
    rule: Rule
    index: int  # position in its pack's `rules:`
    check: dict[str, Any]  # the check as written (kind and options), overrides merged in
    options: BaseModel  # the same, validated by the kind's options model
    severity: str
    enabled: bool
    message: str | None
    fix: Any


def _merge_settings(loader: Loader) -> dict[str, Any]:
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


def _reference_errors(ld: Loaded, i: int, rule: Rule) -> list[PackError]:
    """A reference named by id must be one of the pack's `references:`."""
    out: list[PackError] = []
    known = {r.id for r in ld.pack.references}
    for ref in rule.references:
        if isinstance(ref, str) and ref not in known:
            j = rule.references.index(ref)
            line, col = at(ld.data, ("rules", i, "references", j))
            out.append(
                PackError(ld.shown, line, col, f"rules[{i}].references[{j}]", f"no reference with id {ref!r} in this pack")
            )
    return out


def _notice_ref_errors(loader: Loader, pid: str, i: int) -> list[PackError]:
    """A `notice.*` rule must name a notice set of its pack or of a pack it extends."""
    ld = loader.loaded[pid]
    from auditor.checks.notice.base import NoticeOptions

    spec = ld.pack.rules[i].check
    if not isinstance(spec, NoticeOptions):
        return []
    ref = spec.notice
    visible = [n for p in [pid, *ancestors(loader, pid)] for n in loader.loaded[p].pack.notices]
    if ref in visible:
        return []
    line, col = at(ld.data, ("rules", i, "check", "notice"))
    hint = did_you_mean(ref, visible) if visible else " (declare it under `notices:`)"
    return [PackError(ld.shown, line, col, f"rules[{i}].check.notice", f"no notice set {ref!r}" + hint)]


def _add_rules(loader: Loader, pid: str, table: dict[str, _Entry], errors: list[PackError]) -> None:
    ld = loader.loaded[pid]
    for i, rule in enumerate(ld.pack.rules):
        full = f"{pid}/{rule.id}"
        if full in table:
            line, col = at(ld.data, ("rules", i, "id"))
            errors.append(PackError(ld.shown, line, col, f"rules[{i}].id", f"duplicate rule id {rule.id!r}"))
            continue
        errors.extend(_reference_errors(ld, i, rule))
        errors.extend(_notice_ref_errors(loader, pid, i))
        severity = rule.severity or default_severity(_references(ld.pack, rule))
        check = plain(ld.data["rules"][i]["check"])
        table[full] = _Entry(ld, rule, i, check, rule.check, severity, rule.enabled, rule.message, rule.fix)


def _pos_of_key(data: Any, parent: str, key: str) -> tuple[int | None, int | None]:
    try:
        line, col = data[parent].lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return None, None


def _override_target(key: str, table: dict[str, _Entry], visible: set[str]) -> str | None:
    for full, e in table.items():
        if full.split("/", 1)[0] not in visible:
            continue
        aliases = [a if "/" in a else f"{e.ld.pack.id}/{a}" for a in e.rule.aliases]
        if key == full or key in aliases:
            return full
    return None


def _override_options(ld: Loaded, key: str, entry: _Entry, models: dict[str, type[BaseModel]]) -> list[PackError]:
    """Merge an override's `options:` into the rule's check and validate the result."""
    raw_opts = plain(ld.data["overrides"][key]["options"])
    if "kind" in raw_opts:
        line, col = at(ld.data, ("overrides", key, "options", "kind"))
        return [
            PackError(ld.shown, line, col, f"overrides.{key}.options.kind", "an override cannot change the check kind")
        ]
    merged = {**entry.check, **raw_opts}
    model = models[merged["kind"]]
    try:
        entry.options = model.model_validate(merged)
        entry.check = merged
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = ("overrides", key, "options", *err["loc"])
            path, line, col = locate(ld.data, loc, at_key=err["type"] == "extra_forbidden")
            msg = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key" + did_you_mean(str(err["loc"][-1]), sorted(model.model_fields))
            out.append(PackError(ld.shown, line, col, key_path(path), msg))
        return out
    return []


def _apply_overrides(
    loader: Loader, pid: str, table: dict[str, _Entry], models: dict[str, type[BaseModel]]
) -> list[PackError]:
    """A pack's `overrides:` change the rules of the packs it extends (in load order)."""
    ld = loader.loaded[pid]
    visible = set(ancestors(loader, pid))
    errors: list[PackError] = []
    for key, ov in ld.pack.overrides.items():
        target = _override_target(key, table, visible)
        if target is None:
            errors.append(_unknown_override(ld, key, table, visible))
            continue
        entry = table[target]
        _apply_override(entry, ov)
        if ov.options is not None:
            errors.extend(_override_options(ld, key, entry, models))
    return errors


def _apply_override(entry: _Entry, ov: Override) -> None:
    for attr in ("severity", "enabled", "message", "fix"):
        val = getattr(ov, attr)
        if val is not None:
            setattr(entry, attr, val)


def _unknown_override(ld: Loaded, key: str, table: dict[str, _Entry], visible: set[str]) -> PackError:
    line, col = _pos_of_key(ld.data, "overrides", key)
    names = [r for r in table if r.split("/", 1)[0] in visible]
    hint = did_you_mean(key, names) if names else " (this pack extends no pack)"
    return PackError(ld.shown, line, col, f"overrides.{key}", "no such rule in the extended packs" + hint)


def _place(ld: Loaded, i: int) -> RulePlace:
    """Where rule ``i`` of a loaded pack stands, and each of its keys (from the parsed positions)."""
    rules = ld.data.get("rules") if isinstance(ld.data, dict) else None
    try:
        node = rules[i]  # type: ignore[index]
        line, col = rules.lc.item(i)  # type: ignore[union-attr]
    except (AttributeError, KeyError, TypeError, IndexError):
        return RulePlace(ld.shown)
    keys: dict[str, tuple[int | None, int | None]] = {}
    for k in node if isinstance(node, dict) else []:
        try:
            kl, kc = node.lc.key(k)
            keys[str(k)] = (kl + 1, kc + 1)
        except (AttributeError, KeyError, TypeError, IndexError):
            keys[str(k)] = (None, None)
    return RulePlace(ld.shown, line + 1, col + 1, keys)


def _build(full: str, e: _Entry) -> CompiledRule:
    from auditor.checks import get_check_class

    ld, rule = e.ld, e.rule
    fix = e.fix
    info = RuleInfo(
        id=full,
        pack=ld.pack.id,
        pack_version=ld.pack.version,
        title=rule.title,
        severity=e.severity,
        message=e.message,
        references=_references(ld.pack, rule),
        fix=fix.text if isinstance(fix, FixSpec) else fix,
        fix_auto=fix.auto if isinstance(fix, FixSpec) else "off",
        scope=list(rule.scope),
    )
    kind = e.check["kind"]
    check = get_check_class(kind)(info, e.options)  # type: ignore[arg-type]
    return CompiledRule(info, kind, check, bool(e.enabled), rule, e.check, _place(ld, e.index))


def _compile(loader: Loader) -> tuple[list[CompiledRule], list[PackError]]:
    errors: list[PackError] = []
    models = option_models()
    table: dict[str, _Entry] = {}  # rule id -> entry, in load order
    for pid in loader.order:
        _add_rules(loader, pid, table, errors)
        errors.extend(_apply_overrides(loader, pid, table, models))
    return [_build(full, e) for full, e in table.items()], errors


def _merge_notices(loader: Loader) -> dict[str, NoticeSet]:
    """Notice sets of every loaded pack by id; a pack that extends another may redefine one."""
    merged: dict[str, NoticeSet] = {}
    for pid in loader.order:
        merged.update(loader.loaded[pid].pack.notices)
    return merged


def load_ruleset(specs: list[str]) -> RuleSet:
    """Load packs by id or path ([] means ["default"]); bad packs become errors, the rest still load."""
    loader = Loader()
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
    ruleset = load_ruleset([path])
    if ruleset.errors:
        return ruleset.errors
    from auditor.packs.lint import lint_ruleset

    return lint_ruleset(ruleset)
