"""`auditor report`: rebuild a report from saved JSON results."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from auditor.cli.common import EXIT_OK, EXIT_USAGE, err, write_file, write_stdout

NAME = "report"
HELP = "rebuild a report from saved JSON results"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("results", metavar="RESULTS.json")
    p.add_argument("--format", "-f", required=True)
    p.add_argument("--output", "-o", metavar="FILE")
    p.add_argument("--history", metavar="PATH_OR_URL", help="show trend from this history (SQLite file or postgresql://...)")


@dataclass(slots=True, frozen=True)
class ReportRequest:
    results: Path
    format: str
    output: str | None  # None or "-": standard output
    history: str | None  # a SQLite file or a postgresql:// URL


def request(ns: argparse.Namespace) -> ReportRequest:
    return ReportRequest(
        results=Path(ns.results),
        format=ns.format,
        output=ns.output,
        history=ns.history or None,
    )


def run(req: ReportRequest) -> int:
    from auditor.reporters import FORMATS, ReportOptions, get_reporter

    try:
        data = json.loads(req.results.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        err(f"{req.results}: cannot read results: {exc}")
        return EXIT_USAGE
    problem = _not_results(data)
    if problem:
        err(f"{req.results}: not auditor results: {problem}")
        return EXIT_USAGE
    from auditor.model import migrate_results

    migrate_results(data)  # results written before issue 11 spell some outcome ids the old way
    if req.format not in FORMATS:
        err(f"--format: unknown format {req.format!r} (choose from {', '.join(sorted(FORMATS))})")
        return EXIT_USAGE
    history = None
    if req.history:
        from auditor import store

        try:
            history = store.load(req.history)
        except store.StoreError as exc:
            err(str(exc))
            return EXIT_USAGE
    payload = get_reporter(req.format).render(data, ReportOptions(color=False, history=history))
    if req.output in (None, "-"):
        write_stdout(payload, newline=False, errors="replace")
    else:
        write_file(Path(req.output), payload)
    return EXIT_OK


def _not_results(data: object) -> str | None:
    """What keeps ``data`` from being JSON results (each document read back with the model), or None."""
    from auditor.model import DocumentResult

    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return "expected an object with a `documents` list (auditor check -f json)"
    for i, doc in enumerate(data["documents"]):
        try:
            DocumentResult.from_dict(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
            return f"documents[{i}]: {what}"
    return None
