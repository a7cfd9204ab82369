"""`auditor fix`: apply the findings' fixes, then audit again and show what is left.

Exit codes as `check`: 0 nothing left at or above --fail-on, 1 something is (with --dry-run also
when a file would change), 2 usage, config or pack errors, or a file that could not be written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    add_run_opts,
    err,
    prepare_run,
    run_request,
    use_color,
)

if TYPE_CHECKING:
    from auditor.runner import RunRequest

NAME = "fix"
HELP = "repair what can be repaired (notice inserted, replaced or moved; timestamps), then audit again"


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Apply the safe fixes of the findings (needs-review ones with --unsafe), write each changed file "
        "atomically, audit again and list what is left. PDF and CMS exports are never edited in place."
    )
    add_run_opts(p)
    p.add_argument("--rule", action="append", metavar="ID", help="only fix findings of this rule (repeatable)")
    p.add_argument("--unsafe", action="store_true", help="also apply needs-review fixes")
    p.add_argument("--dry-run", action="store_true", help="write nothing; show what would change")
    p.add_argument("--diff", action="store_true", help="print a unified diff of each change")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")


@dataclass(slots=True, frozen=True)
class FixRequest:
    run: RunRequest
    rules: frozenset[str]
    unsafe: bool
    dry_run: bool
    diff: bool
    color: str


def request(ns: argparse.Namespace) -> FixRequest:
    ns.no_cache = True  # fixes are computed from a fresh read of each file
    return FixRequest(
        run=run_request(ns),
        rules=frozenset(ns.rule or []),
        unsafe=ns.unsafe,
        dry_run=ns.dry_run,
        diff=ns.diff,
        color=ns.color,
    )


def run(req: FixRequest) -> int:
    from auditor.engine import Results, Source
    from auditor.fix.run import StaleFile, fix_file, unified_diff, write_atomic
    from auditor.reporters import ReportOptions
    from auditor.reporters import console as console_mod

    run = prepare_run(req.run)
    ruleset, opts = run.ruleset, run.opts
    out = sys.stdout
    failed_write = False
    would_change = False
    sources: list[Any] = []
    for src in run.sources:
        if not isinstance(src, Source) or src.fs_path is None:
            sources.append(src)
            continue
        ff = fix_file(src.path, src.fs_path, ruleset, opts, unsafe=req.unsafe, rules=set(req.rules))
        if ff.error:
            sources.append(src)
            continue
        if ff.note:
            out.write(f"{src.path}: not edited: {ff.note}\n")
        verb = "would fix" if req.dry_run else "fixed"
        if ff.changed:
            for a in ff.applied:
                tag = "" if a.safety == "safe" else " [needs-review]"
                out.write(f"{src.path}: {verb} {a.rule_id}: {a.description}{tag}\n")
        for h in ff.held:
            if h.rule_id:
                out.write(f"{src.path}: not fixed {h.rule_id}: {h.description} ({h.reason})\n")
        if ff.changed and req.diff:
            out.write(unified_diff(ff))
        if ff.changed and req.dry_run:
            would_change = True
            sources.append(Source(src.path, src.fs_path, data=ff.fixed))  # audit what it would be
            continue
        if ff.changed:
            try:
                write_atomic(src.fs_path, ff.fixed, ff.original)
            except (StaleFile, OSError) as exc:
                err(str(exc))
                failed_write = True
        sources.append(src)
    run.sources = sources
    run.cache = None
    results = Results(ruleset, opts)
    stream = console_mod.Stream(out, ReportOptions(color=use_color(req.color, out)), quiet=True)
    left: list[tuple[str, dict[str, Any]]] = []
    for res in run.results(progress=False):
        d = results.add(res)
        stream.document(d)
        left += [(d["path"], f) for f in d["findings"] if not f.get("suppressed") and not f.get("baselined")]
    stream.finish(results.to_dict())
    human = [(p, f) for p, f in left if not f.get("autofix")]
    if human:
        out.write("needs a human (no automatic fix):\n")
        for p, f in human:
            sp = f.get("span") or {}
            where = f":{sp['line']}" if sp.get("line") else (f" [{sp['field']}]" if sp.get("field") else "")
            out.write(f"  {p}{where}  {f['severity']}  {f['rule_id']}: {f.get('fix') or f['message']}\n")
    if ruleset.errors or failed_write:
        return EXIT_USAGE
    code = results.exit_code()
    if req.dry_run and would_change:
        return max(code, EXIT_FINDINGS)
    return code
