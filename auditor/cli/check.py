"""`auditor check`: audit files and folders and write the reports."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.cli.common import (
    DEFAULT_REPORT_DIR,
    EXIT_USAGE,
    UsageError,
    add_run_opts,
    err,
    prepare_run,
    run_request,
    use_color,
    write_file,
    write_stdout,
)

if TYPE_CHECKING:
    from auditor.runner import RunRequest

NAME = "check"
HELP = "audit files and folders (folders are walked recursively; - reads stdin)"


def configure(p: argparse.ArgumentParser) -> None:
    add_run_opts(p)
    p.add_argument("--format", "-f", action="append", metavar="FORMAT",
                   help="console, json, sarif, junit, github, gitlab, checkstyle, ... (repeatable)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the (single) report to FILE")
    p.add_argument("--output-dir", metavar="DIR", help="write each format to DIR/audit.EXT")
    p.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline")
    p.add_argument("--history", metavar="PATH_OR_URL",
                   help="history: a SQLite file or postgresql://... (default: config `history`, else reports/history.sqlite)")
    p.add_argument("--no-history", action="store_true", help="do not record this run in the history")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--quiet", "-q", action="store_true", help="console: only failing documents and the summary")
    p.add_argument("--verbose", "-v", action="store_true", help="console: also show passing documents' details")


@dataclass(slots=True, frozen=True)
class CheckRequest:
    run: RunRequest
    formats: list[str]  # empty: the config's formats, else console
    output: str | None  # one report file; "-" for standard output
    output_dir: str | None
    history: str | None  # a SQLite file or a postgresql:// URL (a URL is no Path)
    record_history: bool
    paths: list[str]
    color: str
    quiet: bool
    verbose: bool


def request(ns: argparse.Namespace) -> CheckRequest:
    return CheckRequest(
        run=run_request(ns, baseline=ns.baseline, output_dir=ns.output_dir,
                        history=ns.history if ns.history and "://" not in ns.history else None),
        formats=list(ns.format or []),
        output=ns.output,
        output_dir=ns.output_dir,
        history=ns.history or None,
        record_history=not ns.no_history,
        paths=list(ns.paths or []),
        color=ns.color,
        quiet=ns.quiet,
        verbose=ns.verbose,
    )


def output_plan(formats: list[str], output: str | None, output_dir: str | None) -> list[tuple[str, Path | None]]:
    """Where each format goes: None means standard output. Names never come from article text."""
    from auditor.reporters import FORMATS, get_reporter

    for f in formats:
        if f not in FORMATS:
            raise UsageError(f"--format: unknown format {f!r} (choose from {', '.join(sorted(FORMATS))})")
    files = [f for f in formats if f != "console"]
    if output and len(files) > 1:
        raise UsageError("--output names one file; with several formats use --output-dir DIR")
    plan: list[tuple[str, Path | None]] = []
    stdout_taken = "console" in formats
    for f in formats:
        if f == "console":
            plan.append((f, None))
            continue
        rep = get_reporter(f)
        if output:
            plan.append((f, None if output == "-" else Path(output)))
        elif output_dir:
            plan.append((f, Path(output_dir) / f"audit{rep.EXTENSION}"))
        elif not stdout_taken and not rep.BINARY:
            plan.append((f, None))
            stdout_taken = True
        else:
            plan.append((f, Path(DEFAULT_REPORT_DIR) / f"audit{rep.EXTENSION}"))
    return plan


def run(req: CheckRequest) -> int:
    from auditor.engine import Results

    run = prepare_run(req.run)
    plan = output_plan(req.formats or run.config.settings.formats or ["console"], req.output, req.output_dir)
    results = Results(run.ruleset, run.opts, spill=True)  # documents in a temporary file: flat memory
    try:
        return _check(req, run, plan, results)
    finally:
        results.documents.close()


def _check(req: CheckRequest, run: Any, plan: list[tuple[str, Path | None]], results: Any) -> int:
    from auditor.reporters import ReportOptions, get_reporter
    from auditor.spill import materialise

    ruleset = run.ruleset
    color = use_color(req.color, sys.stdout)
    console = None
    if any(f == "console" for f, _ in plan):
        from auditor.reporters import console as console_mod

        console = console_mod.Stream(sys.stdout, ReportOptions(color=color, verbose=req.verbose), quiet=req.quiet)
    for res in run.results():
        d = results.add(res)
        if console is not None:
            console.document(d)
    data = results.to_dict()
    data["run"].update(run.info)
    if req.verbose and run.cache is not None:
        print(f"cache: {run.cache.hits} unchanged, {run.cache.misses} checked", file=sys.stderr)
    # the store keeps the whole results (a gzip blob): it gets them as lists (--no-history keeps memory flat)
    history = _history(req, materialise(data) if req.record_history else data, run)
    ropts = ReportOptions(color=color, verbose=req.verbose, history=history)
    failed_output = False
    for fmt, dest in plan:
        if fmt == "console":
            assert console is not None
            console.finish(data, history)
            continue
        try:
            rep = get_reporter(fmt)
            if hasattr(rep, "write"):  # streams: one document at a time from the spill file
                _write_stream(rep, data, ropts, dest)
                if dest is not None and console is not None and not req.quiet:
                    print(f"wrote {fmt} report: {dest.as_posix()}", file=sys.stderr)
                continue
            # reporters that only iterate the documents read the spill file; others get a list
            payload = rep.render(data if getattr(rep, "READS_SPILL", False) else materialise(data), ropts)
            if dest is None:
                write_stdout(payload)
            else:
                write_file(dest, payload)
                if console is not None and not req.quiet:
                    print(f"wrote {fmt} report: {dest.as_posix()}", file=sys.stderr)
        except Exception as exc:  # a report that cannot be written must never look like a pass
            err(f"could not write the {fmt} report{f' to {dest}' if dest else ''}: {exc}")
            failed_output = True
    if ruleset.errors or failed_output:
        return EXIT_USAGE
    return results.exit_code()


def _write_stream(rep: Any, data: dict[str, Any], ropts: Any, dest: Path | None) -> None:
    binary = bool(getattr(rep, "BINARY", False))
    if dest is None:
        rep.write(data, ropts, sys.stdout.buffer if binary else sys.stdout)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") if binary else open(dest, "w", encoding="utf-8") as fh:
        rep.write(data, ropts, fh)


def _history(req: CheckRequest, data: dict[str, Any], run: Any = None) -> dict[str, Any] | None:
    """Record the run in the history (auditor/store): --history, else config `history`, else
    reports/history.sqlite (with a .gitignore beside it, so a content repository stays clean)."""
    if not req.record_history:
        return None
    from auditor import store

    location, default = history_location(req.history, getattr(run, "config", None))
    try:
        texts, root = {}, None
        if run is not None:
            from auditor.store.texts import document_texts

            texts = document_texts(data, run.sources, run.ruleset, run.opts.field_map)
            root = str(run.config.root) if run.config.root else os.getcwd()  # as the runner's waivers see it
        h = store.record(data, location, texts=texts, scope={"paths": req.paths or ["."]}, root=root)
        if default:
            store.ignore_in_git(Path(location))
        return h
    except Exception as exc:
        err(f"history not recorded in {store.label_for(location)}: {exc}")
        return None


def history_location(given: str | None, config: Any = None) -> tuple[str, bool]:
    """(location, is it the default): --history, else the config's `history`, else reports/history.sqlite."""
    if given:
        return given, False
    configured = getattr(getattr(config, "settings", None), "history", None)
    if configured:
        return (configured if "://" in configured else str(config.resolve(configured))), False
    return str(Path(DEFAULT_REPORT_DIR) / "history.sqlite"), True
