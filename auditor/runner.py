"""A check run as CI needs it: config, input selection (include/exclude, --changed-since), cache,
per-path overrides, and suppressions around the engine. ``auditor check`` and ``auditor baseline
create`` both start here; the engine itself stays free of all of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.config import (
    Config,
    ConfigError,
    PathOverride,
    Policy,
    git_changed,
    load_config,
    relative_to,
    select,
)
from auditor.engine import RunOptions, Source, default_jobs, discover
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.cache import Cache
    from auditor.limits import Limits
    from auditor.packs import RuleSet
    from auditor.selection import Selection
    from auditor.suppress import Suppressor


def rule_names(ruleset: RuleSet) -> dict[str, str]:
    """Every name a suppression may use for a rule -> its id: ids, aliases, and unique local ids."""
    names: dict[str, str] = {}
    local: dict[str, list[str]] = {}
    for r in ruleset.rules_info():
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


@dataclass(slots=True, frozen=True)
class RunRequest:
    """What the command line asks of a run; None means "the config's setting, else the default"."""

    paths: list[str] = field(default_factory=list)
    rule_specs: list[str] = field(default_factory=list)
    fail_on: str | None = None
    as_of: date | None = None
    jobs: int | None = None
    field_map: dict[str, str] = field(default_factory=dict)
    config: Path | None = None
    waivers: Path | None = None
    baseline: Path | None = None
    changed_since: str | None = None
    use_cache: bool = True
    with_baseline: bool = True  # False for `baseline create`, which records one
    output_dir: Path | None = None  # where this run writes: never read back as articles
    history: Path | None = None
    stdin_filename: str | None = None  # the path standard input ("-") stands for: format, per-path config
    registries: list[str] = field(default_factory=list)  # --registry FILE (repeatable)
    engine: str = "local"  # local | dask (auditor/engine_dask.py)
    scheduler: str | None = None  # dask scheduler address
    limits: dict[str, Any] = field(default_factory=dict)  # --max-* options, as config [limits] keys
    select: list[str] | None = None  # --select (None: the config's `select`)
    ignore: list[str] | None = None  # --ignore (None: the config's `ignore`)
    filter_rules: bool = False  # `check`: select/ignore filter what reports (not `baseline create`, `fix`)


@dataclass(slots=True)
class Run:
    config: Config
    opts: RunOptions
    ruleset: RuleSet
    sources: Iterable[Source | DocumentResult]  # ``Sources``: discovered again on each pass, never held
    suppressor: Suppressor  # the apply stage (auditor/suppress/apply.py)
    selection: Selection
    cache: Cache | None = None
    info: dict[str, Any] = field(default_factory=dict)  # added to the results' run section

    def results(self, progress: bool | None = None, rendered: bool = False, blocks: bool = False) -> Iterator[DocumentResult]:
        """The pipeline: the engine's pure results (fresh or cached) in input order, each through the
        apply stage once (overrides, directives, waivers, baseline, --select, status); then the
        waivers file's own findings.

        ``rendered``: the caller takes ``spill.RenderedResult``s (a document as its JSON line, see
        ``Results.add``) and needs no document text; with the cache on and no waivers or baseline,
        unchanged files are then answered with their lines, parsed by nobody; with ``blocks`` too,
        consecutive unchanged files come as one ``spill.RenderedBlock``."""
        from auditor.engine import audit_sources
        from auditor.progress import track

        cache = self.cache
        render = rendered and cache is not None and self.suppressor.waivers_path is None and self.suppressor.baseline is None
        if render:
            assert cache is not None
            cache.post = _post_key(cache.key, self.suppressor)
            cache.blocks = blocks
        from auditor.progress import wanted

        progress = wanted() if progress is None else progress
        # the bar's total costs a second walk of the folders: taken only when a bar can show
        total = sum(isinstance(s, Source) for s in self.sources) if progress else None
        try:
            checked = audit_sources(self.sources, self.ruleset, self.opts, cache)
            for item, out in track(checked, total, enabled=progress, size=_files_of):
                if out and not isinstance(out[0], DocumentResult):  # rendered by the cache: nothing left to do
                    yield from out
                    continue
                applied = [self.suppressor.apply(res) for res in out]
                if render and isinstance(item, Source):
                    assert cache is not None
                    yield from cache.store_rendered(item, applied)  # type: ignore[misc]
                    continue
                yield from applied
        finally:
            if cache is not None:
                cache.close()
        yield from self.suppressor.finish()


def _files_of(checked: tuple[Any, list[Any]]) -> int:
    """How many files an answer stands for (a block of unchanged files: each of them)."""
    from auditor.spill import RenderedBlock

    out = checked[1]
    return len(out[0]) if out and isinstance(out[0], RenderedBlock) else 1


def _post_key(run_key: str, suppressor: Suppressor) -> str:
    """What, besides the engine's result, makes a document's JSON line: the fingerprints' root and
    rule aliases, fail-on (with no waivers and no baseline, which turn the rendered path off)."""
    import hashlib
    import json

    parts = [run_key, suppressor.root, sorted(suppressor.aliases.items()), suppressor.fail_rank, "rendered-1"]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _pack_specs(req: RunRequest, cfg: Config) -> tuple[list[str], list[PathOverride], list[str]]:
    """(pack specs to load, the config's overrides with pack ids, packs only some paths ask for)."""
    base_specs = list(req.rule_specs or cfg.settings.packs or [])
    raw = cfg.settings.overrides
    extra_specs = [p for ov in raw for p in ov.packs if p not in base_specs]
    only_extra: list[str] = []
    pack_ids: list[list[str]] = [[] for _ in raw]
    if extra_specs:
        if not base_specs:
            base_specs = ["default"]
        base_ids = set(_pack_ids(base_specs))
        for i, ov in enumerate(raw):
            pack_ids[i] = _pack_ids(ov.packs) if ov.packs else []
            only_extra += [p for p in pack_ids[i] if p not in base_ids and p not in only_extra]
    overrides = [
        PathOverride(list(ov.paths), list(ov.disable), dict(ov.severity), ids) for ov, ids in zip(raw, pack_ids, strict=True)
    ]
    return base_specs + list(dict.fromkeys(extra_specs)), overrides, sorted(only_extra)


class Sources:
    """The inputs of a run, in discovery's order, walked again on each pass: a folder of a million
    files is never held as a list (the client and the forked pool workers would each hold it).
    Standard input, which cannot be read twice, is read once and kept."""

    def __init__(self, walk: Callable[[], Iterator[Source | DocumentResult]], keep: bool = False) -> None:
        self._walk = walk
        self._kept: list[Source | DocumentResult] | None = list(walk()) if keep else None

    def __iter__(self) -> Iterator[Source | DocumentResult]:
        return iter(self._kept) if self._kept is not None else self._walk()


def _select_sources(req: RunRequest, cfg: Config, root: str, waivers: Path | None,
                    baseline: Path | None, max_bytes: int) -> Sources:
    """Discovery, include/exclude, and never auditor's own files or output."""
    paths = list(req.paths) or [Path(os.path.relpath(root)).as_posix() if cfg.root else "."]
    return Sources(lambda: _walk_sources(req, cfg, paths, root, (waivers, baseline), max_bytes), keep="-" in paths)


def _walk_sources(req: RunRequest, cfg: Config, paths: list[str], root: str, own_paths: tuple[Path | None, ...],
                  max_bytes: int) -> Iterator[Source | DocumentResult]:
    st = cfg.settings
    own_files = {str(p.resolve()) for p in (*own_paths, cfg.path) if p is not None}
    # auditor's own output (reports/, --output-dir, the history file) is never read back as articles
    own_dirs = [Path("reports").resolve()]
    if req.output_dir is not None:
        own_dirs.append(req.output_dir.resolve())
    if req.history is not None:
        own_files.add(str(req.history.resolve()))
    own = [Path(f) for f in own_files] + own_dirs
    filtered = bool(st.include or st.exclude)
    for raw in paths:
        # a file is looked at one by one only when one of auditor's own files or folders can be under
        # this path (or it is under one of them): resolving every file costs more than the audit of a
        # cached one (the walk follows symbolic links only to places inside the path)
        top = Path(os.path.realpath(raw)) if raw != "-" and "://" not in raw else None
        near = top is None or any(top == o or top in o.parents or o in top.parents for o in own)
        for item in discover([raw], max_bytes=max_bytes):  # stdin: read no further than the file-size limit
            if isinstance(item, Source) and item.fs_path is None and req.stdin_filename:
                item.path = Path(req.stdin_filename).as_posix()  # per-path config and the reader apply to it
            if isinstance(item, Source) and item.fs_path is not None:
                if near:
                    resolved = Path(item.fs_path).resolve()
                    if str(resolved) in own_files or any(d in resolved.parents for d in own_dirs):
                        continue
                if filtered and not select(relative_to(item.fs_path, root), st.include, st.exclude):
                    continue
            yield item


def _registries(req: RunRequest, cfg: Config) -> list[str]:
    """--registry (relative to the current folder) or the config's registries (relative to it)."""
    from auditor.registries.select import SelectionError, resolve

    if req.registries:
        specs, base, where = list(req.registries), Path.cwd(), "--registry"
    else:
        specs, base, where = list(cfg.settings.registries), cfg.root, f"{cfg.path}: registries"
    if not specs:
        return []
    try:
        return resolve(specs, base)
    except SelectionError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _limits(req: RunRequest, cfg: Config) -> Limits:
    """The config's [limits], then the --max-* options (the command line wins)."""
    from auditor.limits import from_config

    try:
        return from_config(req.limits, base=from_config(cfg.settings.limits))
    except ValueError as exc:
        raise ConfigError(f"--max-{exc}") from None


def prepare(req: RunRequest, load_ruleset: Callable[[list[str]], RuleSet]) -> Run:
    """Merge the request and the config (the request wins) into a ready run."""
    from auditor.suppress import Suppressor, load_baseline

    cfg = load_config(req.config)
    st = cfg.settings
    root = str(cfg.root) if cfg.root else os.getcwd()
    specs, overrides, only_extra = _pack_specs(req, cfg)
    ruleset = load_ruleset(specs)
    registries = _registries(req, cfg)
    names = rule_names(ruleset)
    policy = Policy(
        root=root,
        rule_aliases={k: v for k, v in sorted(names.items()) if k != v},
        known_rules=sorted(names),
        overrides=overrides,
        override_only_packs=only_extra if overrides else [],
    )
    opts = RunOptions(
        as_of=req.as_of or st.as_of or date.today(),
        fail_on=req.fail_on or st.fail_on or "error",
        jobs=req.jobs or st.jobs or default_jobs(),
        rule_specs=specs,
        field_map=dict(req.field_map),
        policy=policy,
        registries=registries,
        engine=req.engine,
        scheduler=req.scheduler,
        limits=_limits(req, cfg),
    )
    from auditor.registries.select import apply

    apply(ruleset, registries)
    waivers = req.waivers or cfg.resolve(st.waivers)
    baseline_path = req.baseline or cfg.resolve(st.baseline)
    sources = _select_sources(req, cfg, root, waivers, baseline_path, opts.limits.file_size)
    info: dict[str, Any] = {}
    if cfg.path is not None:
        info["config"] = relative_to(str(cfg.path), os.getcwd())
    if req.changed_since:
        sources, everything = _changed_only(sources, req.changed_since, ruleset, cfg)
        info["changed_since"] = {"rev": req.changed_since, "all": everything}
    baseline = None
    if req.with_baseline and baseline_path is not None:
        baseline = load_baseline(baseline_path)
        info["baseline"] = relative_to(str(baseline_path), os.getcwd())
    if waivers is not None:
        info["waivers"] = relative_to(str(waivers), os.getcwd())
        if not waivers.is_file():
            raise ConfigError(f"{waivers.as_posix()}: no such waivers file")
    selection = _selection(req, cfg, ruleset)
    suppressor = Suppressor(
        policy,
        fail_rank=opts.fail_rank,
        waivers=waivers,
        baseline=baseline,
        report_unused=not req.changed_since,
        waivers_label=info.get("waivers"),
        selection=selection,
    )
    cache = None
    if req.use_cache:
        from auditor.cache import CACHE_DIR, Cache, run_key

        cache = Cache(Path(root) / CACHE_DIR, run_key(ruleset, opts), max_bytes=opts.limits.file_size)
    return Run(cfg, opts, ruleset, sources, suppressor, selection, cache, info)


def _selection(req: RunRequest, cfg: Config, ruleset: RuleSet) -> Selection:
    """--select/--ignore, else the config's: which rules report (none filtered for `baseline create`)."""
    from auditor.selection import SelectionError, build

    if not req.filter_rules:
        return build(None, None, ruleset)
    try:
        return build(req.select or cfg.settings.select, req.ignore or cfg.settings.ignore, ruleset)
    except SelectionError as exc:
        raise ConfigError(str(exc)) from None


def _changed_only(sources: Sources, rev: str, ruleset: RuleSet, cfg: Config) -> tuple[Sources, bool]:
    """Only files changed since rev, or everything when a pack, a registry or the config changed."""
    _top, changed = git_changed(rev)
    watched = [p.get("path") for p in ruleset.packs if p.get("path")]
    watched += [r.get("path") for r in ruleset.registries_info() if isinstance(r, dict) and r.get("path")]
    if cfg.path is not None:
        watched.append(str(cfg.path))
    from auditor.packs.loader import rules_dir

    for w in watched:
        p = Path(w)
        candidates = [p, rules_dir().parent / p] if not p.is_absolute() else [p]
        if any(c.exists() and c.resolve().as_posix() in changed for c in candidates):
            return sources, True

    def kept() -> Iterator[Source | DocumentResult]:
        return (s for s in sources if not isinstance(s, Source) or s.fs_path is None
                or Path(s.fs_path).resolve().as_posix() in changed)

    return Sources(kept), False


__all__ = ["ConfigError", "Run", "RunRequest", "Sources", "prepare", "rule_names"]
