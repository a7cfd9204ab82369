"""Command line: parse arguments, call the library, choose exit codes (0 clean, 1 findings, 2 usage/config/packs)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from auditor import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_REPORT_DIR = "reports"


class UsageError(Exception):
    pass


# -- helpers -----------------------------------------------------------------------------------
def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from None


def _field_map(items: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        ours, sep, theirs = item.partition("=")
        if not sep or not ours or not theirs:
            raise UsageError(f"--field-map: {item!r} is not OURS=THEIRS (e.g. body=content)")
        out[ours.strip()] = theirs.strip()
    return out


def _err(msg: str) -> None:
    print(f"auditor: {msg}", file=sys.stderr)


def _use_color(args: argparse.Namespace, stream: Any) -> bool:
    if getattr(args, "color", None) == "always":
        return True
    if getattr(args, "color", None) == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _load_ruleset(specs: list[str]) -> Any:
    from auditor.packs import load_ruleset

    ruleset = load_ruleset(specs)
    for e in ruleset.errors:
        print(str(e), file=sys.stderr)
    return ruleset


def _write(path: Path, payload: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(payload, bytes):
        path.write_bytes(payload)
    else:
        path.write_text(payload, encoding="utf-8")


# -- check -------------------------------------------------------------------------------------
def _output_plan(formats: list[str], output: str | None, output_dir: str | None) -> list[tuple[str, Path | None]]:
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
        elif not stdout_taken and not getattr(rep, "BINARY", False):
            plan.append((f, None))
            stdout_taken = True
        else:
            plan.append((f, Path(DEFAULT_REPORT_DIR) / f"audit{rep.EXTENSION}"))
    return plan


def _prepare_run(args: argparse.Namespace, with_baseline: bool = True) -> Any:
    """Config, selection, cache and suppressions (auditor/runner.py); config errors are usage errors."""
    from auditor.config import ConfigError
    from auditor.runner import prepare
    from auditor.suppress import BaselineError

    if args.as_of:
        _as_of(args.as_of)
    args.field_map_dict = _field_map(args.field_map)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs: give 1 or more")
    try:
        return prepare(args, _load_ruleset, with_baseline=with_baseline)
    except (ConfigError, BaselineError) as exc:
        raise UsageError(str(exc)) from None


def cmd_check(args: argparse.Namespace) -> int:
    from auditor.engine import Results
    from auditor.reporters import ReportOptions, get_reporter

    run = _prepare_run(args)
    ruleset, opts = run.ruleset, run.opts
    formats = args.format or run.config.settings.formats or ["console"]
    plan = _output_plan(formats, args.output, args.output_dir)
    results = Results(ruleset, opts)
    color = _use_color(args, sys.stdout)
    console = None
    if any(f == "console" for f, _ in plan):
        from auditor.reporters import console as console_mod

        console = console_mod.Stream(sys.stdout, ReportOptions(color=color, verbose=args.verbose), quiet=args.quiet)
    for res in run.results():
        d = results.add(res)
        if console is not None:
            console.document(d)
    data = results.to_dict()
    data["run"].update(run.info)
    if args.verbose and run.cache is not None:
        print(f"cache: {run.cache.hits} unchanged, {run.cache.misses} checked", file=sys.stderr)
    history = _history(args, data)
    ropts = ReportOptions(color=color, verbose=args.verbose, history=history)
    failed_output = False
    for fmt, dest in plan:
        if fmt == "console":
            assert console is not None
            console.finish(data, history)
            continue
        try:
            payload = get_reporter(fmt).render(data, ropts)
            if dest is None:
                sys.stdout.write(payload if isinstance(payload, str) else payload.decode("utf-8"))
                if isinstance(payload, str) and not payload.endswith("\n"):
                    sys.stdout.write("\n")
            else:
                _write(dest, payload)
                if console is not None and not args.quiet:
                    print(f"wrote {fmt} report: {dest.as_posix()}", file=sys.stderr)
        except Exception as exc:  # a report that cannot be written must never look like a pass
            _err(f"could not write the {fmt} report{f' to {dest}' if dest else ''}: {exc}")
            failed_output = True
    if ruleset.errors or failed_output:
        return EXIT_USAGE
    return results.exit_code()


def _history(args: argparse.Namespace, data: dict[str, Any]) -> dict[str, Any] | None:
    if getattr(args, "no_history", False):
        return None
    try:
        from auditor import history
    except ImportError:
        return None
    path = Path(args.history) if getattr(args, "history", None) else Path(DEFAULT_REPORT_DIR) / "history.sqlite"
    try:
        return history.record(data, path)
    except Exception as exc:
        _err(f"history not recorded in {path}: {exc}")
        return None


def cmd_baseline(args: argparse.Namespace) -> int:
    """`auditor baseline create`: record the current active findings by fingerprint."""
    from auditor.engine import Results
    from auditor.suppress import render_baseline

    run = _prepare_run(args, with_baseline=False)
    results = Results(run.ruleset, run.opts)
    for res in run.results():
        results.add(res)
    data = results.to_dict()
    payload = render_baseline(data)
    if args.output == "-":
        sys.stdout.write(payload)
    else:
        _write(Path(args.output), payload)
        n = sum(1 for d in data["documents"] for f in d["findings"] if not f.get("suppressed"))
        print(f"baseline: {n} finding(s) from {data['summary']['documents']} document(s) written to {args.output}",
              file=sys.stderr)
    return EXIT_USAGE if run.ruleset.errors else EXIT_OK


# -- inspect -----------------------------------------------------------------------------------
def cmd_inspect(args: argparse.Namespace) -> int:
    from auditor.engine import Source, discover
    from auditor.readers import ReadError, UnknownFormat, read_bytes

    ruleset = _load_ruleset(list(args.rules or []))
    as_of = _as_of(args.as_of)
    out_docs: list[dict[str, Any]] = []
    status = EXIT_OK
    for item in discover(args.paths):
        if not isinstance(item, Source):
            _err(item.error or "cannot read")
            status = EXIT_USAGE
            continue
        try:
            data = item.data if item.data is not None else Path(item.fs_path or item.path).read_bytes()
            docs = read_bytes(data, item.path, ruleset.reader_options)
        except (ReadError, UnknownFormat, OSError) as exc:
            msg = str(exc)
            _err(msg if msg.startswith(item.path) else f"{item.path}: {msg}")
            status = EXIT_USAGE
            continue
        for doc in docs:
            ruleset.evaluate(doc, as_of)  # fills doc.notices; findings are not inspect's business
            out_docs.append(doc.to_dict(with_segments=True))
    if args.format == "json":
        print(json.dumps({"documents": out_docs}, ensure_ascii=False, indent=2))
    else:
        from auditor.reporters.console import render_inspect

        sys.stdout.write(render_inspect(out_docs, color=_use_color(args, sys.stdout)))
    if ruleset.errors:
        return EXIT_USAGE
    return status


# -- rules -------------------------------------------------------------------------------------
def cmd_rules(args: argparse.Namespace) -> int:
    import auditor.packs as packs

    action = args.rules_action
    if action == "schema":
        print(json.dumps(packs.pack_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if action == "validate":
        errors: list[Any] = []
        for p in args.packs:
            errors.extend(packs.validate_pack(p))
        for e in errors:
            print(str(e))
        if not errors:
            print(f"{len(args.packs)} pack(s) valid")
        return EXIT_USAGE if any(getattr(e, "level", "error") == "error" for e in errors) else EXIT_OK
    if action == "test":
        from auditor.packs.cases import run_cases

        ok, report = run_cases(args.pack or None)
        print(report)
        return EXIT_OK if ok else EXIT_FINDINGS
    ruleset = _load_ruleset(list(getattr(args, "rules", None) or []))
    if action == "list":
        print(packs.list_rules(ruleset))
    elif action in ("show", "explain"):
        text = packs.show_rule(ruleset, args.rule_id, explain=(action == "explain"))
        if text is None:
            _err(f"no rule {args.rule_id!r} in the loaded packs (try `auditor rules list`)")
            return EXIT_USAGE
        print(text)
    return EXIT_USAGE if ruleset.errors else EXIT_OK


# -- report ------------------------------------------------------------------------------------
def cmd_report(args: argparse.Namespace) -> int:
    from auditor.reporters import FORMATS, ReportOptions, get_reporter

    try:
        data = json.loads(Path(args.results).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        _err(f"{args.results}: cannot read results: {exc}")
        return EXIT_USAGE
    if args.format not in FORMATS:
        _err(f"--format: unknown format {args.format!r} (choose from {', '.join(sorted(FORMATS))})")
        return EXIT_USAGE
    history = None
    if args.history:
        from auditor import history as hist

        history = hist.load(Path(args.history))
    payload = get_reporter(args.format).render(data, ReportOptions(color=False, history=history))
    if args.output in (None, "-"):
        sys.stdout.write(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))
    else:
        _write(Path(args.output), payload)
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------------
def _add_rules_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        "-r",
        action="append",
        metavar="ID_OR_PATH",
        help="rule pack id (e.g. caucasian-knot) or path to a pack; repeatable; default: default",
    )


def _add_run_opts(p: argparse.ArgumentParser) -> None:
    """What `check` and `baseline create` share: inputs, packs, dates, config, suppressions, cache."""
    p.add_argument("paths", nargs="*", help="files or folders (default: the config's folder, or .)")
    _add_rules_opt(p)
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default=None,
                   help="lowest severity that fails the run (default: config, else error)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="audit date for effective dates (default: today)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: number of cores)")
    p.add_argument("--field-map", action="append", metavar="OURS=THEIRS", help="rename CMS export fields")
    p.add_argument("--config", metavar="FILE", help="auditor.toml or pyproject.toml (default: found upwards from here)")
    p.add_argument("--waivers", metavar="FILE", help="waivers file (YAML: waivers: [{rule, path, reason, ...}])")
    p.add_argument("--changed-since", metavar="REV", help="only files changed since this git revision")
    p.add_argument("--no-cache", action="store_true", help="do not read or write .auditor_cache/")
    add_limit_opts(p)


def add_limit_opts(p: argparse.ArgumentParser) -> None:
    """Bounded work per input (auditor/limits.py; config: [limits]); 0 switches a limit off."""
    g = p.add_argument_group("limits (a limit hit is an error result for that input; 0: no limit)")
    g.add_argument("--max-file-size", metavar="SIZE", help="largest input file, e.g. 32MB (default 32MB)")
    g.add_argument("--max-pages", type=int, metavar="N", help="most PDF pages (default 2000)")
    g.add_argument("--max-decompressed-size", metavar="SIZE",
                   help="most bytes a DOCX (zip) may inflate to (default 64MB)")
    g.add_argument("--max-depth", type=int, metavar="N", help="deepest nesting of HTML, JSON, YAML (default 256)")
    g.add_argument("--max-yaml-nodes", type=int, metavar="N",
                   help="most YAML nodes after alias expansion in front matter (default 100000)")
    g.add_argument("--regex-timeout", type=float, metavar="SECONDS",
                   help="time for one pack regex search (default 0.5)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit articles for statutory notices, attribution, timestamps and disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="audit files and folders (folders are walked recursively; - reads stdin)")
    _add_run_opts(p)
    p.add_argument("--format", "-f", action="append", metavar="FORMAT",
                   help="console, json, sarif, junit, github, gitlab, checkstyle, ... (repeatable)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the (single) report to FILE")
    p.add_argument("--output-dir", metavar="DIR", help="write each format to DIR/audit.EXT")
    p.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline")
    p.add_argument("--history", metavar="PATH", help="SQLite history file (default: reports/history.sqlite)")
    p.add_argument("--no-history", action="store_true", help="do not record this run in the history")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--quiet", "-q", action="store_true", help="console: only failing documents and the summary")
    p.add_argument("--verbose", "-v", action="store_true", help="console: also show passing documents' details")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("baseline", help="record the current findings, so CI fails only on new ones")
    bsub = p.add_subparsers(dest="baseline_action", required=True)
    q = bsub.add_parser("create", help="audit like `check` and write the findings' fingerprints to FILE")
    _add_run_opts(q)
    q.add_argument("--output", "-o", metavar="FILE", required=True, help="the baseline file to write (- for stdout)")
    q.set_defaults(func=cmd_baseline)

    p = sub.add_parser("inspect", help="show what the readers extracted: fields, segments with spans, notices")
    p.add_argument("paths", nargs="+")
    _add_rules_opt(p)
    p.add_argument("--format", choices=["console", "json"], default="console")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("rules", help="list, show, explain, validate and test rule packs")
    rsub = p.add_subparsers(dest="rules_action", required=True)
    q = rsub.add_parser("list", help="list the rules of the loaded packs")
    _add_rules_opt(q)
    q = rsub.add_parser("show", help="show one rule")
    q.add_argument("rule_id")
    _add_rules_opt(q)
    q = rsub.add_parser("explain", help="a rule, its law and its examples")
    q.add_argument("rule_id")
    _add_rules_opt(q)
    q = rsub.add_parser("validate", help="validate pack files (exit 2 on an invalid pack)")
    q.add_argument("packs", nargs="+", metavar="PATH")
    q = rsub.add_parser("schema", help="print the JSON Schema of the pack format")
    q = rsub.add_parser("test", help="run the packs' pass/fail examples")
    q.add_argument("pack", nargs="*", help="pack ids (default: all shipped packs)")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("report", help="rebuild a report from saved JSON results")
    p.add_argument("results", metavar="RESULTS.json")
    p.add_argument("--format", "-f", required=True)
    p.add_argument("--output", "-o", metavar="FILE")
    p.add_argument("--history", metavar="PATH", help="show trend from this history file")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
