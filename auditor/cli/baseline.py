"""`auditor baseline create`: audit like `check` and record the active findings by fingerprint."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.cli.common import EXIT_OK, EXIT_USAGE, add_run_opts, prepare_run, run_request, write_file

if TYPE_CHECKING:
    from auditor.runner import RunRequest

NAME = "baseline"
HELP = "record the current findings, so CI fails only on new ones"


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="baseline_action", required=True)
    q = sub.add_parser("create", help="audit like `check` and write the findings' fingerprints to FILE")
    add_run_opts(q)
    q.add_argument("--output", "-o", metavar="FILE", required=True, help="the baseline file to write (- for stdout)")


@dataclass(slots=True, frozen=True)
class BaselineRequest:
    run: RunRequest
    output: str  # "-" for standard output


def request(ns: argparse.Namespace) -> BaselineRequest:
    return BaselineRequest(run=run_request(ns, with_baseline=False), output=ns.output)


def run(req: BaselineRequest) -> int:
    from auditor.engine import Results
    from auditor.suppress import render_baseline

    run = prepare_run(req.run)
    results = Results(run.ruleset, run.opts)
    for res in run.results():
        results.add(res)
    data = results.to_dict()
    payload = render_baseline(data)
    if req.output == "-":
        sys.stdout.write(payload)
    else:
        write_file(Path(req.output), payload)
        n = sum(1 for d in data["documents"] for f in d["findings"] if not f.get("suppressed"))
        print(f"baseline: {n} finding(s) from {data['summary']['documents']} document(s) written to {req.output}",
              file=sys.stderr)
    return EXIT_USAGE if run.ruleset.errors else EXIT_OK
