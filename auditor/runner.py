"""A check run as CI needs it: config, input selection (include/exclude, --changed-since), cache,
per-path overrides, and suppressions around the engine. ``auditor check`` and ``auditor baseline
create`` both start here; the engine itself stays free of all of it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor.config import Config, ConfigError, git_changed, load_config, relative_to, select
from auditor.engine import RunOptions, Source, audit, default_jobs, discover
from auditor.model import DocumentResult


def rule_names(ruleset: Any) -> dict[str, str]:
    """Every name a suppression may use for a rule -> its id: ids, aliases, and unique local ids."""
    names: dict[str, str] = {}
    local: dict[str, list[str]] = {}
    info = ruleset.rules_info() if hasattr(ruleset, "rules_info") else []
    for r in info:
        rid = r["id"]
        names[rid] = rid
        for alias in r.get("aliases") or []:
            names.setdefault(alias if "/" in alias or not r.get("pack") else f"{r['pack']}/{alias}", rid)
        if "/" in rid:
            local.setdefault(rid.split("/", 1)[1], []).append(rid)
    for short, ids in local.items():
        if len(ids) == 1:
            names.setdefault(short, ids[0])
    return names


def _pack_ids(specs: list[str]) -> list[str]:
    from auditor.packs import load_ruleset

    return [p["id"] for p in load_ruleset(specs).packs]


@dataclass(slots=True)
class Run:
    config: Config
    opts: RunOptions
    ruleset: Any
    sources: list[Source | DocumentResult]
    suppressor: Any
    cache: Any = None
    info: dict[str, Any] = field(default_factory=dict)  # added to the results' run section

    def results(self, progress: bool | None = None) -> Iterator[DocumentResult]:
        """Results in input order, suppressions applied, then the waivers file's own findings."""
        from auditor.progress import track

        total = sum(isinstance(s, Source) for s in self.sources)
        try:
            for res in track(audit(self.sources, self.ruleset, self.opts, self.cache), total, enabled=progress):
                yield self.suppressor.apply(res)
        finally:
            if self.cache is not None:
                self.cache.close()
        yield from self.suppressor.finish()


def run_limits(args: Any, table: dict[str, Any]) -> Any:
    """Limits from the config's [limits] table, then the --max-* options (the command line wins)."""
    from auditor.limits import from_config, parse_size

    def opt(name: str, conv: Any = None) -> Any:
        value = getattr(args, name, None)
        if value is None or conv is None:
            return value
        try:
            return conv(value)
        except ValueError as exc:
            raise ConfigError(f"--{name.replace('_', '-')}: {exc}") from None

    return from_config(table).merged(
        file_size=opt("max_file_size", parse_size),
        pages=opt("max_pages"),
        decompressed_size=opt("max_decompressed_size", parse_size),
        depth=opt("max_depth"),
        yaml_nodes=opt("max_yaml_nodes"),
        regex_seconds=opt("regex_timeout"),
    )


def prepare(args: Any, load_ruleset: Any, *, with_baseline: bool = True) -> Run:
    """Merge command line and config (the command line wins) into a ready run."""
    from auditor.suppress import Suppressor, load_baseline

    cfg = load_config(Path(args.config) if getattr(args, "config", None) else None)
    st = cfg.settings
    root = str(cfg.root) if cfg.root else os.getcwd()
    as_of = date.fromisoformat(args.as_of) if getattr(args, "as_of", None) else (st.as_of or date.today())
    base_specs = list(getattr(args, "rules", None) or st.packs or [])
    overrides = [ov.model_dump() for ov in st.overrides]
    extra_specs = [p for ov in overrides for p in ov["packs"] if p not in base_specs]
    only_extra: list[str] = []
    if extra_specs:
        if not base_specs:
            base_specs = ["default"]
        base_ids = set(_pack_ids(base_specs))
        for ov in overrides:
            ov["pack_ids"] = _pack_ids(ov["packs"]) if ov["packs"] else []
            only_extra += [i for i in ov["pack_ids"] if i not in base_ids and i not in only_extra]
    specs = base_specs + list(dict.fromkeys(extra_specs))
    opts = RunOptions(
        as_of=as_of,
        fail_on=getattr(args, "fail_on", None) or st.fail_on or "error",
        jobs=getattr(args, "jobs", None) or st.jobs or default_jobs(),
        rule_specs=specs,
        field_map=dict(getattr(args, "field_map_dict", None) or {}),
        limits=run_limits(args, st.limits),
    )
    ruleset = load_ruleset(specs)
    names = rule_names(ruleset)
    opts.extra.update(
        {
            "root": root,
            "rule_aliases": {k: v for k, v in sorted(names.items()) if k != v},
            "known_rules": sorted(names),
        }
    )
    if overrides:
        opts.extra["overrides"] = overrides
        opts.extra["override_only_packs"] = sorted(only_extra)

    # inputs
    paths = list(getattr(args, "paths", None) or [])
    if not paths:
        paths = [Path(os.path.relpath(root)).as_posix() if cfg.root else "."]
    waivers = Path(args.waivers) if getattr(args, "waivers", None) else cfg.resolve(st.waivers)
    baseline_path = Path(args.baseline) if getattr(args, "baseline", None) else cfg.resolve(st.baseline)
    own_files = {str(p.resolve()) for p in (waivers, baseline_path, cfg.path) if p is not None}
    # auditor's own output (reports/, --output-dir, the history file) is never read back as articles
    own_dirs = [Path("reports").resolve()]
    if getattr(args, "output_dir", None):
        own_dirs.append(Path(args.output_dir).resolve())
    if getattr(args, "history", None):
        own_files.add(str(Path(args.history).resolve()))
    sources: list[Source | DocumentResult] = []
    for item in discover(paths):
        if isinstance(item, Source) and item.fs_path is not None:
            resolved = Path(item.fs_path).resolve()
            if str(resolved) in own_files or any(d in resolved.parents for d in own_dirs):
                continue
            if not select(relative_to(item.fs_path, root), st.include, st.exclude):
                continue
        sources.append(item)
    info: dict[str, Any] = {}
    if cfg.path is not None:
        info["config"] = relative_to(str(cfg.path), os.getcwd())
    changed_since = getattr(args, "changed_since", None)
    if changed_since:
        sources, everything = _changed_only(sources, changed_since, ruleset, cfg)
        info["changed_since"] = {"rev": changed_since, "all": everything}

    baseline = None
    if with_baseline and baseline_path is not None:
        baseline = load_baseline(baseline_path)
        info["baseline"] = relative_to(str(baseline_path), os.getcwd())
    if waivers is not None:
        info["waivers"] = relative_to(str(waivers), os.getcwd())
        if not waivers.is_file():
            raise ConfigError(f"{waivers.as_posix()}: no such waivers file")
    suppressor = Suppressor(
        fail_rank=opts.fail_rank,
        aliases=opts.extra["rule_aliases"],
        known=set(names) if names else None,
        root=root,
        waivers=waivers,
        baseline=baseline,
        report_unused=not changed_since,
        waivers_label=info.get("waivers"),
    )
    cache = None
    if not getattr(args, "no_cache", False):
        from auditor.cache import CACHE_DIR, Cache, run_key

        cache = Cache(Path(root) / CACHE_DIR, run_key(ruleset, opts), max_bytes=opts.limits.file_size)
    return Run(cfg, opts, ruleset, sources, suppressor, cache, info)


def _changed_only(
    sources: list[Source | DocumentResult], rev: str, ruleset: Any, cfg: Config
) -> tuple[list[Source | DocumentResult], bool]:
    """Only files changed since rev, or everything when a pack, a registry or the config changed."""
    _top, changed = git_changed(rev)
    watched = [p.get("path") for p in ruleset.packs if p.get("path")]
    registries = getattr(ruleset, "registries_info", None)
    registries = registries() if callable(registries) else registries
    watched += [r.get("path") for r in registries or [] if isinstance(r, dict) and r.get("path")]
    if cfg.path is not None:
        watched.append(str(cfg.path))
    from auditor.packs.loader import rules_dir

    for w in watched:
        p = Path(w)
        candidates = [p, rules_dir().parent / p] if not p.is_absolute() else [p]
        if any(c.exists() and c.resolve().as_posix() in changed for c in candidates):
            return sources, True
    kept = [s for s in sources if not isinstance(s, Source) or s.fs_path is None
            or Path(s.fs_path).resolve().as_posix() in changed]
    return kept, False


__all__ = ["ConfigError", "Run", "prepare", "rule_names"]
