"""`auditor fix`: apply the findings' fixes, then audit again and show what is left.

Exit codes as `check`: 0 nothing left at or above --fail-on, 1 something is (with --dry-run also
when a file would change), 2 usage, config or pack errors, or a file that could not be written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any, add_run_opts: Any) -> None:
    p = sub.add_parser(
        "fix",
        help="repair what can be repaired (notice inserted, replaced or moved; timestamps), then audit again",
        description="Apply the safe fixes of the findings (needs-review ones with --unsafe), write each changed "
        "file atomically, audit again and list what is left. PDF and CMS exports are never edited in place.",
    )
    add_run_opts(p)
    p.add_argument("--rule", action="append", metavar="ID", help="only fix findings of this rule (repeatable)")
    p.add_argument("--unsafe", action="store_true", help="also apply needs-review fixes")
    p.add_argument("--dry-run", action="store_true", help="write nothing; show what would change")
    p.add_argument("--diff", action="store_true", help="print a unified diff of each change")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.set_defaults(func=cmd_fix, no_cache=True)


def cmd_fix(args: argparse.Namespace) -> int:
    from auditor import cli
    from auditor.engine import Results, Source
    from auditor.fix.run import StaleFile, fix_file, unified_diff, write_atomic
    from auditor.reporters import ReportOptions
    from auditor.reporters import console as console_mod

    args.no_cache = True
    run = cli._prepare_run(args)
    ruleset, opts = run.ruleset, run.opts
    rules = set(args.rule or [])
    out = sys.stdout
    failed_write = False
    would_change = False
    sources: list[Any] = []
    for src in run.sources:
        if not isinstance(src, Source) or src.fs_path is None:
            sources.append(src)
            continue
        ff = fix_file(src.path, src.fs_path, ruleset, opts, unsafe=args.unsafe, rules=rules)
        if ff.error:
            sources.append(src)
            continue
        if ff.note:
            n = len(ff.held)
            out.write(f"{src.path}: not edited: {ff.note}" + (f" ({n} fix(es) to make there)" if n else "") + "\n")
        verb = "would fix" if args.dry_run else "fixed"
        if ff.changed:
            for a in ff.applied:
                tag = "" if a.safety == "safe" else " [needs-review]"
                out.write(f"{src.path}: {verb} {a.rule_id}: {a.description}{tag}\n")
        for h in ff.held:
            if h.rule_id and not ff.note:
                out.write(f"{src.path}: not fixed {h.rule_id}: {h.description} ({h.reason})\n")
        if ff.changed and args.diff:
            out.write(unified_diff(ff))
        if ff.changed and args.dry_run:
            would_change = True
            sources.append(Source(src.path, src.fs_path, data=ff.fixed))  # audit what it would be
            continue
        if ff.changed:
            try:
                write_atomic(src.fs_path, ff.fixed, ff.original)
            except (StaleFile, OSError) as exc:
                cli._err(str(exc))
                failed_write = True
        sources.append(src)
    run.sources = sources
    run.cache = None
    results = Results(ruleset, opts)
    color = cli._use_color(args, out)
    ropts = ReportOptions(color=color)
    stream = console_mod.Stream(out, ropts, quiet=True)
    left: list[tuple[str, dict[str, Any]]] = []
    for res in run.results(progress=False):
        d = results.add(res)
        stream.document(d)
        for f in d["findings"]:
            if not f.get("suppressed") and not f.get("baselined"):
                left.append((d["path"], f))
    data = results.to_dict()
    stream.finish(data)
    human = [(p, f) for p, f in left if not f.get("autofix")]
    if human:
        out.write("needs a human (no automatic fix):\n")
        for p, f in human:
            sp = f.get("span") or {}
            where = f":{sp['line']}" if sp.get("line") else (f" [{sp['field']}]" if sp.get("field") else "")
            out.write(f"  {p}{where}  {f['severity']}  {f['rule_id']}: {f.get('fix') or f['message']}\n")
    if ruleset.errors or failed_write:
        return cli.EXIT_USAGE
    code = results.exit_code()
    if args.dry_run and would_change:
        return max(code, cli.EXIT_FINDINGS)
    return code
