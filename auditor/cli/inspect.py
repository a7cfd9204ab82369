"""`auditor inspect`: what the readers extracted (fields, segments with spans, notices)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from auditor.cli.common import EXIT_OK, EXIT_USAGE, add_rules_opt, err, load_ruleset, parse_as_of, use_color

NAME = "inspect"
HELP = "show what the readers extracted: fields, segments with spans, notices"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+")
    add_rules_opt(p)
    p.add_argument("--format", choices=["console", "json"], default="console")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")


@dataclass(slots=True, frozen=True)
class InspectRequest:
    paths: list[str]
    rule_specs: list[str]
    format: str
    as_of: date
    color: str


def request(ns: argparse.Namespace) -> InspectRequest:
    return InspectRequest(
        paths=list(ns.paths),
        rule_specs=list(ns.rules or []),
        format=ns.format,
        as_of=parse_as_of(ns.as_of) or date.today(),
        color=ns.color,
    )


def run(req: InspectRequest) -> int:
    from auditor.engine import Source, discover
    from auditor.readers import ReadError, UnknownFormat, read_bytes

    ruleset = load_ruleset(req.rule_specs)
    out_docs: list[dict[str, Any]] = []
    status = EXIT_OK
    for item in discover(req.paths):
        if not isinstance(item, Source):
            err(item.error or "cannot read")
            status = EXIT_USAGE
            continue
        try:
            data = item.data if item.data is not None else Path(item.fs_path or item.path).read_bytes()
            docs = read_bytes(data, item.path, ruleset.reader_options)
        except (ReadError, UnknownFormat, OSError) as exc:
            msg = str(exc)
            err(msg if msg.startswith(item.path) else f"{item.path}: {msg}")
            status = EXIT_USAGE
            continue
        for doc in docs:
            ruleset.evaluate(doc, req.as_of)  # fills doc.notices; findings are not inspect's business
            out_docs.append(_with_field_reasons(doc, doc.to_dict(with_segments=True)))
    if req.format == "json":
        print(json.dumps({"documents": out_docs}, ensure_ascii=False, indent=2))
    else:
        from auditor.reporters.console import render_inspect

        sys.stdout.write(render_inspect(out_docs, color=use_color(req.color, sys.stdout)))
    if ruleset.errors:
        return EXIT_USAGE
    return status


def _with_field_reasons(doc: Any, out: dict[str, Any]) -> dict[str, Any]:
    """Why each author and source was taken: the role and reason of the line it was read from."""
    reasons: dict[str, list[str]] = {}
    for key, spans in (("author", doc.fields.author_spans), ("source", doc.fields.source_spans)):
        for span in spans:
            seg = doc.segment_at(span.start) if span.end > span.start else None
            why = f"{seg.role or seg.kind}: {seg.reason}" if seg is not None and seg.reason else "metadata"
            reasons.setdefault(key, []).append(why)
    if reasons:
        out["fields"]["reasons"] = reasons
    return out
