"""What the subcommands share: exit codes, errors, output files, colour, packs and run options."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from auditor.packs import RuleSet
    from auditor.runner import Run, RunRequest

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_REPORT_DIR = "reports"

class UsageError(Exception):
    pass


def err(msg: str) -> None:
    print(f"auditor: {msg}", file=sys.stderr)


def parse_as_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_field_map(items: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        ours, sep, theirs = item.partition("=")
        if not sep or not ours or not theirs:
            raise UsageError(f"--field-map: {item!r} is not OURS=THEIRS (e.g. body=content)")
        out[ours.strip()] = theirs.strip()
    return out


def use_color(color: str, stream: TextIO) -> bool:
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def load_ruleset(specs: list[str]) -> RuleSet:
    """The packs named by ``specs``; their errors go to standard error (the run goes on)."""
    from auditor.packcache import load

    ruleset = load(specs)
    for e in ruleset.errors:
        print(str(e), file=sys.stderr)
    return ruleset


def write_file(path: Path, payload: str | bytes) -> None:
    """Atomically (auditor/atomic.py): the old file or the new one, never half of one."""
    from auditor.atomic import write_atomic

    write_atomic(path, payload)


def write_stdout(payload: str | bytes, *, newline: bool = True, errors: str = "strict") -> None:
    sys.stdout.write(payload if isinstance(payload, str) else payload.decode("utf-8", errors))
    if newline and isinstance(payload, str) and not payload.endswith("\n"):
        sys.stdout.write("\n")


# -- the options `check` and `baseline create` share ----------------------------------------------
def add_rules_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        "-r",
        action="append",
        metavar="ID_OR_PATH",
        help="rule pack id (e.g. caucasian-knot) or path to a pack; repeatable; default: default",
    )


def add_run_opts(p: argparse.ArgumentParser) -> None:
    """What `check` and `baseline create` share: inputs, packs, dates, config, suppressions, cache."""
    p.add_argument("paths", nargs="*", help="files or folders (default: the config's folder, or .)")
    add_rules_opt(p)
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default=None,
                   help="lowest severity that fails the run (default: config, else error)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="audit date for effective dates (default: today)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: number of cores)")
    p.add_argument("--field-map", action="append", metavar="OURS=THEIRS", help="rename CMS export fields")
    p.add_argument("--config", metavar="FILE", help="auditor.toml or pyproject.toml (default: found upwards from here)")
    p.add_argument("--waivers", metavar="FILE", help="waivers file (YAML: waivers: [{rule, path, reason, ...}])")
    p.add_argument("--changed-since", metavar="REV", help="only files changed since this git revision")
    p.add_argument("--no-cache", action="store_true", help="do not read or write .auditor_cache/")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local: this machine (--jobs processes); dask: a Dask cluster (docs/scale.md)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler (tcp://host:8786); default: a local cluster")
    p.add_argument("--registry", action="append", metavar="FILE",
                   help="registry of designated entities for ru-designated-mentions (repeatable; replaces the "
                        "packs' and the config's registries; see docs/registries.md)")
    add_limit_opts(p)


def add_limit_opts(p: argparse.ArgumentParser) -> None:
    """Bounded work per input (auditor/limits.py; config: [limits]); 0 switches a limit off."""
    g = p.add_argument_group("limits (a limit hit is an error result for that input; 0: no limit)")
    g.add_argument("--max-file-size", metavar="SIZE", help="largest input file, e.g. 64MB (default 64MB)")
    g.add_argument("--max-text-size", type=int, metavar="CHARS",
                   help="most characters of text in one document (default 2000000)")
    g.add_argument("--max-pages", type=int, metavar="N", help="most PDF pages (default 2000)")
    g.add_argument("--max-decompressed-size", metavar="SIZE",
                   help="most bytes a DOCX (zip) may inflate to (default 64MB)")
    g.add_argument("--max-depth", type=int, metavar="N", help="deepest nesting of HTML, JSON, YAML (default 256)")
    g.add_argument("--max-yaml-nodes", type=int, metavar="N",
                   help="most YAML nodes after alias expansion in front matter (default 100000)")
    g.add_argument("--max-regex-time", metavar="SECONDS",
                   help="longest one pack regex may search one document, e.g. 0.5, 2s, 250ms (default 0.5)")
    g.add_argument("--max-read-time", metavar="SECONDS",
                   help="longest reading one input may take, e.g. 60, 90s (default 300)")


def limit_args(ns: argparse.Namespace) -> dict[str, Any]:
    """The --max-* options given, as [limits] config keys (auditor/limits.py)."""
    given = {"file-size": ns.max_file_size, "text-size": ns.max_text_size, "pages": ns.max_pages,
             "decompressed-size": ns.max_decompressed_size, "depth": ns.max_depth, "yaml-nodes": ns.max_yaml_nodes,
             "regex-time": ns.max_regex_time, "read-time": ns.max_read_time}
    return {key: value for key, value in given.items() if value is not None}


def run_request(
    ns: argparse.Namespace,
    *,
    baseline: str | None = None,
    output_dir: str | None = None,
    history: str | None = None,
    with_baseline: bool = True,
    stdin_filename: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    filter_rules: bool = False,
) -> RunRequest:
    """The typed run request from the arguments ``add_run_opts`` defined (usage errors raise here).

    ``with_baseline`` is False for `baseline create` (it records, never applies one); ``output_dir`` and ``history`` are where this run
    writes, so they are never read back as articles.
    """
    from auditor.runner import RunRequest

    if ns.jobs is not None and ns.jobs < 1:
        raise UsageError("--jobs: give 1 or more")
    if ns.scheduler and ns.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    return RunRequest(
        engine=ns.engine,
        scheduler=ns.scheduler,
        paths=list(ns.paths or []),
        rule_specs=list(ns.rules or []),
        fail_on=ns.fail_on,
        as_of=parse_as_of(ns.as_of),
        jobs=ns.jobs,
        field_map=parse_field_map(ns.field_map),
        config=Path(ns.config) if ns.config else None,
        waivers=Path(ns.waivers) if ns.waivers else None,
        changed_since=ns.changed_since,
        use_cache=not ns.no_cache,
        baseline=Path(baseline) if baseline else None,
        output_dir=Path(output_dir) if output_dir else None,
        history=Path(history) if history else None,
        with_baseline=with_baseline,
        stdin_filename=stdin_filename,
        limits=limit_args(ns),
        registries=list(ns.registry or []),
        select=select,
        ignore=ignore,
        filter_rules=filter_rules,
    )


def prepare_run(req: RunRequest) -> Run:
    """Config, selection, cache and suppressions (auditor/runner.py); config errors are usage errors."""
    from auditor.config import ConfigError
    from auditor.runner import prepare
    from auditor.suppress import BaselineError

    try:
        return prepare(req, load_ruleset)
    except (ConfigError, BaselineError) as exc:
        raise UsageError(str(exc)) from None
