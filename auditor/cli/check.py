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
    write_stdout,
)

if TYPE_CHECKING:
    from auditor.config import Config
    from auditor.runner import Run, RunRequest
    from auditor.spill import SpilledTexts

# documents kept in memory; past this many the results go to a spill file (auditor/spill.py) and the
# JSON, SARIF and XLSX reports are written from it, one document at a time: memory stays flat
SPILL_AFTER = 2000

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
    p.add_argument("--quiet", "-q", action="store_true",
                   help="console: one line per failing finding and nothing else (NOT AUDITED still said)")
    p.add_argument("--verbose", "-v", action="store_true", help="console: also show passing documents' details")
    p.add_argument("--output-format", choices=["full", "concise"], default=None,
                   help="console: full (verdict, found/expected/basis/fix; default) or concise "
                   "(path:line:col: rule [severity] message, one line per finding)")
    p.add_argument("--select", action="append", metavar="RULES",
                   help="only these rules report: ids, aliases, local ids or globs (ru-foreign-agent/*), comma-separated")
    p.add_argument("--ignore", action="append", metavar="RULES", help="rules that do not report (like --select)")
    p.add_argument("--statistics", action="store_true", help="console: findings counted by rule instead of listed")
    p.add_argument("--stdin-filename", metavar="PATH",
                   help="the path standard input (-) stands for: its type, per-path config and reports use it")


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
    output_format: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    statistics: bool = False


def request(ns: argparse.Namespace) -> CheckRequest:
    return CheckRequest(
        run=run_request(ns, baseline=ns.baseline, output_dir=ns.output_dir,
                        history=ns.history if ns.history and "://" not in ns.history else None,
                        stdin_filename=ns.stdin_filename, select=ns.select, ignore=ns.ignore,
                        filter_rules=True),
        formats=list(ns.format or []),
        output=ns.output,
        output_dir=ns.output_dir,
        history=ns.history or None,
        record_history=not ns.no_history,
        paths=list(ns.paths or []),
        color=ns.color,
        quiet=ns.quiet,
        verbose=ns.verbose,
        output_format=ns.output_format,
        select=ns.select,
        ignore=ns.ignore,
        statistics=ns.statistics,
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
    from auditor.governance import run_info
    from auditor.model import DocumentResult
    from auditor.reporters import ReportOptions
    from auditor.verdict import decide_from, named_paths, unaudited_note, withhold_pass

    run = prepare_run(req.run)
    ruleset, opts, selection = run.ruleset, run.opts, run.selection
    st = run.config.settings
    plan = output_plan(req.formats or st.formats or ["console"], req.output, req.output_dir)
    named = named_paths(req.run.paths, req.run.stdin_filename)
    results = Results(ruleset, opts, spill_after=SPILL_AFTER, named=named)
    color = use_color(req.color, sys.stdout)
    console = None
    if any(f == "console" for f, _ in plan):
        from auditor.reporters import console as console_mod

        console_opts = ReportOptions(color=color, verbose=req.verbose, named=named, fail_rank=opts.fail_rank)
        console = console_mod.Stream(
            sys.stdout, console_opts, quiet=req.quiet,
            output_format=req.output_format or st.output_format or "full", statistics=req.statistics,
        )
    # the texts of documents with findings, for the history: in a temporary file, not in memory
    texts = _texts_store() if req.record_history else None
    withheld = unaudited_note(ruleset)  # packs that did not load: no document passes
    # documents as their JSON lines (unchanged files answered by the cache, unparsed) when nothing
    # here changes them and no history wants their texts
    rendered = not req.record_history and not selection.active and withheld is None
    for res in run.results(rendered=rendered, blocks=console is None):
        if isinstance(res, DocumentResult) and res.text is not None and texts is not None:
            texts[res.path] = res.text
        d = results.add(withhold_pass(res, withheld))
        if console is not None:
            console.document(d if d is not None else res.to_dict())
    data = results.to_dict()
    data["run"].update(run.info)
    from auditor.basis import current

    for rule in data["run"].get("rules") or []:  # the rules' help cites what is in force on the audit date
        rule["references"] = current(rule.get("references") or [], opts.as_of)
    if selection.active:
        data["run"]["rules"] = selection.rules_info(data["run"]["rules"])
        data["run"]["selection"] = {"select": selection.select, "ignore": selection.ignore}
    data["run"].update(decide_from(results.named_documents, results.counts["passed"] + results.counts["failed"],
                                   ruleset, named, changed_since=bool(req.run.changed_since)))
    if st.rule_docs_url:
        data["run"]["rule_docs_url"] = st.rule_docs_url
    data["run"].update(run_info(run.suppressor, opts.as_of, st.aliases.as_dict(), data))
    if req.verbose and run.cache is not None:
        print(f"cache: {run.cache.hits} unchanged, {run.cache.misses} checked", file=sys.stderr)
    history, run_id = _history(req, data, run, texts)
    if texts is not None:
        texts.close()
    from auditor.governance import signoff_state

    data["run"]["signoff"] = signoff_state(data, history)
    try:
        failed_output = _write_reports(req, plan, data, history, console, color)
    except BaseException:  # interrupted: no new report was put in place, so the run is not history
        _forget(req, run, run_id)
        raise
    if failed_output:
        _forget(req, run, run_id)
    if ruleset.errors or failed_output or data["run"]["status"] == "not-audited":
        return EXIT_USAGE
    return results.exit_code()


def _write_reports(req: CheckRequest, plan: list[tuple[str, Path | None]], data: dict[str, Any],
                   history: dict[str, Any] | None, console: Any, color: bool) -> bool:
    """Render every report, then put the files in place together (auditor/atomic.py): Ctrl-C,
    SIGTERM or a full disk before that leaves every old report as it was. A report that cannot be
    rendered is left out (the others are written). True when a report failed."""
    from auditor.atomic import Staged, WriteError
    from auditor.reporters import ReportOptions, get_reporter

    ropts = ReportOptions(color=color, verbose=req.verbose, history=history)
    failed = False
    to_stdout: list[str | bytes] = []
    written: list[tuple[str, Path]] = []
    with Staged() as staged:
        for fmt, dest in plan:
            if fmt == "console":
                assert console is not None
                console.finish(data, history)
                continue
            try:
                rep = get_reporter(fmt)
                if dest is not None and hasattr(rep, "write"):  # streamed into the staged file
                    staged.add(dest, _streamer(rep, data, ropts))
                    written.append((fmt, dest))
                    continue
                payload = rep.render(data if hasattr(rep, "write") else _whole(data), ropts)
                if dest is None:
                    to_stdout.append(payload)
                else:
                    staged.add(dest, payload)
                    written.append((fmt, dest))
            except WriteError as exc:  # a full disk: no report is replaced, so they stay one set
                err(f"{exc}; no report was replaced")
                return True
            except Exception as exc:  # a report that cannot be written must never look like a pass
                err(f"could not write the {fmt} report{f' to {dest}' if dest else ''}: {failure(exc)}")
                failed = True
        staged.commit()
    for payload in to_stdout:
        write_stdout(payload)
    for _fmt, dest in written:
        if not req.quiet:  # every report file is named, with or without a console
            print(f"wrote {dest.as_posix()}", file=sys.stderr)
    return failed


def failure(exc: BaseException) -> str:
    """What an exception says; when it says nothing (a bare ``raise ValueError`` in openpyxl, a
    MemoryError), its type and the line that raised it, so the failure can still be traced."""
    text = str(exc).strip()
    if text:
        return text
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    where = Path(frames[-1].filename)
    return f"{type(exc).__name__} (raised at {where.parent.name}/{where.name}:{frames[-1].lineno})"


def _streamer(rep: Any, data: dict[str, Any], ropts: Any) -> Any:
    """A function writing ``rep``'s report of ``data`` into a binary file (auditor/atomic.Staged)."""

    def write(fh: Any) -> None:
        if rep.BINARY:
            rep.write(data, ropts, fh)
            return
        import io

        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        rep.write(data, ropts, text)
        text.flush()
        text.detach()

    return write


def _whole(data: dict[str, Any]) -> dict[str, Any]:
    """The results with their documents in memory, for a reporter that cannot stream them."""
    from auditor.spill import SpilledDocuments, materialise

    return materialise(data) if isinstance(data.get("documents"), SpilledDocuments) else data


def _forget(req: CheckRequest, run: Run, run_id: int | None) -> None:
    """Take this run back out of the history: its reports were not (all) written."""
    if run_id is None:
        return
    from auditor import store

    location, _default = history_location(req.history, run.config)
    try:
        store.forget(location, run_id)
        err("history: this run was not recorded, as its reports were not all written")
    except Exception as exc:  # the history is a convenience; the reports decide
        err(f"history: could not take this run back out of {store.label_for(location)}: {exc}")


def _texts_store() -> SpilledTexts:
    from auditor.spill import SpilledTexts

    return SpilledTexts()


def _history(req: CheckRequest, data: dict[str, Any], run: Run | None = None,
             texts: SpilledTexts | None = None) -> tuple[dict[str, Any] | None, int | None]:
    """Record the run in the history (auditor/store): --history, else config `history`, else
    reports/history.sqlite (with a .gitignore beside it, so a content repository stays clean)."""
    if not req.record_history:
        return None, None
    from auditor import store

    location, default = history_location(req.history, run.config if run is not None else None)
    try:
        root = None
        if texts is None:
            texts = _texts_store()
        if run is not None:
            from auditor.store.texts import document_texts

            # documents with findings whose text the engine did not hand over (older cache entries)
            texts.update(document_texts(data, run.sources, run.ruleset, run.opts.field_map, have=texts))
            root = str(run.config.root) if run.config.root else os.getcwd()  # as the runner's waivers see it
        h, run_id = store.record_run(data, location, texts=texts, scope={"paths": req.paths or ["."]}, root=root)
        if default:
            store.ignore_in_git(Path(location))
        return h, run_id
    except Exception as exc:
        err(f"history not recorded in {store.label_for(location)}: {exc}")
        return None, None


def history_location(given: str | None, config: Config | None = None) -> tuple[str, bool]:
    """(location, is it the default): --history, else the config's `history`, else reports/history.sqlite."""
    if given:
        return given, False
    configured = config.settings.history if config is not None else None
    if configured:
        return (configured if "://" in configured else str(config.resolve(configured))), False
    return str(Path(DEFAULT_REPORT_DIR) / "history.sqlite"), True
