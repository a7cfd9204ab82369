"""``auditor registries import|diff|update|status|info``: the command-line side of the registries.

Exit codes: 0 done (``diff``: no changes), 1 ``diff`` found changes or ``import --strict`` left rows
unread, 2 usage errors, unreadable files, a source with no entries, or a failed update (the
previous file kept).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from auditor.registries.model import STATUSES


def configure(p: argparse.ArgumentParser) -> None:
    rsub = p.add_subparsers(dest="registries_command", required=True, metavar="COMMAND")

    def add_parser(name: str, help: str) -> argparse.ArgumentParser:
        q = rsub.add_parser(name, help=help)
        q.set_defaults(**_DEFAULTS)  # every RegistriesRequest field is on the namespace
        return q

    q = add_parser("import", help="read an official publication (or an FtM/CSV file) into a registry file")
    q.add_argument("source", help="the downloaded document (PDF, XLSX, HTML, CSV or FtM JSON lines)")
    q.add_argument("--from", dest="fmt", required=True, choices=_formats(), help="the source's format")
    q.add_argument("--kind", required=True, choices=STATUSES, help="the list: its entries' designation")
    q.add_argument("-o", "--output", required=True, help="registry file to write (.yaml or .json)")
    q.add_argument("--source-url", help="where the document was published (default: the list's official page)")
    q.add_argument("--id", dest="registry_id", help="registry id (default: KIND-DATE)")
    q.add_argument("--title", help="registry title")
    q.add_argument("--sample", action="store_true", help="mark the file as a sample, not the official list")
    q.add_argument("--strict", action="store_true", help="exit 1 when some rows could not be read")

    q = add_parser("diff", help="what changed between two versions: added, removed, renamed, status")
    q.add_argument("old")
    q.add_argument("new")
    q.add_argument("--format", choices=["text", "json"], default="text")

    q = add_parser("update", help="fetch the configured official URLs and re-import (network, only when asked)")
    q.add_argument("--config", help="auditor.toml to read [[registries-update]] from (default: found upwards)")
    q.add_argument("--url", help="one source instead of the config: its URL (with --from, --kind, -o)")
    q.add_argument("--from", dest="fmt", choices=_formats())
    q.add_argument("--kind", choices=STATUSES)
    q.add_argument("-o", "--output")
    q.add_argument("--timeout", type=float, default=30.0, help="seconds per fetch (default 30)")

    q = add_parser("status", help="what was NAME on a date, in the given registries")
    q.add_argument("name")
    q.add_argument("--registry", action="append", required=True, help="registry file or shipped id (repeatable)")
    q.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    q = add_parser("info", help="a registry's provenance and counts")
    q.add_argument("registry", nargs="+", help="registry file or shipped id")


@dataclass(slots=True, frozen=True)
class RegistriesRequest:
    """Every option of every registries subcommand (None where the subcommand has none)."""

    registries_command: str
    source: str | None = None
    fmt: str | None = None
    kind: str | None = None
    output: str | None = None
    source_url: str | None = None
    registry_id: str | None = None
    title: str | None = None
    sample: bool = False
    strict: bool = False
    old: str | None = None
    new: str | None = None
    format: str = "text"
    config: str | None = None
    url: str | None = None
    timeout: float = 30.0
    name: str | None = None
    registry: tuple[str, ...] = ()
    on: str | None = None


_DEFAULTS: dict[str, object] = {
    "source": None, "fmt": None, "kind": None, "output": None, "source_url": None, "registry_id": None, "title": None,
    "sample": False, "strict": False, "old": None, "new": None, "format": "text", "config": None, "url": None,
    "timeout": 30.0, "name": None, "registry": None, "on": None,
}


def request(ns: argparse.Namespace) -> RegistriesRequest:
    return RegistriesRequest(
        registries_command=ns.registries_command, source=ns.source, fmt=ns.fmt, kind=ns.kind, output=ns.output,
        source_url=ns.source_url, registry_id=ns.registry_id, title=ns.title, sample=ns.sample, strict=ns.strict,
        old=ns.old, new=ns.new, format=ns.format, config=ns.config, url=ns.url, timeout=ns.timeout, name=ns.name,
        registry=tuple(ns.registry or ()), on=ns.on,
    )


def _formats() -> list[str]:
    from auditor.registries.importers import FORMATS

    return list(FORMATS)


def _err(msg: str) -> None:
    print(f"auditor: {msg}", file=sys.stderr)


def run(args: Any) -> int:
    return {
        "import": cmd_import,
        "diff": cmd_diff,
        "update": cmd_update,
        "status": cmd_status,
        "info": cmd_info,
    }[args.registries_command](args)


def cmd_import(args: RegistriesRequest) -> int:
    from auditor.registries.importers import import_bytes
    from auditor.registries.store import write_registry

    src = Path(args.source)
    try:
        data = src.read_bytes()
    except OSError as exc:
        _err(f"{src}: cannot read: {exc.strerror or exc}")
        return 2
    doc, parsed = import_bytes(
        data, args.fmt, args.kind, registry_id=args.registry_id, title=args.title,
        source=args.source_url, sample=args.sample,
    )
    for p in parsed.problems:
        print(f"{src.as_posix()}: {p}", file=sys.stderr)
    if not parsed.entries:
        _err(f"{src}: no entries read as {args.fmt} ({parsed.rows} rows); nothing written")
        return 2
    out = Path(args.output)
    write_registry(out, doc)
    unread = f"; {len(parsed.problems)} not read (listed above)" if parsed.problems else ""
    print(f"{out.as_posix()}: {len(parsed.entries)} {args.kind} entries from {src.name} ({args.fmt}){unread}")
    return 1 if args.strict and parsed.problems else 0


def _load(spec: str) -> Any:
    from auditor.registries.store import RegistryError, load_registry

    try:
        return load_registry(spec)
    except RegistryError as exc:
        for e in exc.errors:
            _err(str(e))
    except OSError as exc:
        _err(f"{spec}: cannot read: {exc.strerror or exc}")
    return None


def cmd_diff(args: RegistriesRequest) -> int:
    from auditor.registries.diff import diff

    old, new = _load(args.old), _load(args.new)
    if old is None or new is None:
        return 2
    d = diff(old, new)
    if args.format == "json":
        print(json.dumps({"old": old.info(), "new": new.info(), "changes": [c.to_dict() for c in d.changes]},
                         ensure_ascii=False, indent=1))
    else:
        for c in d.changes:
            print(c.line())
        print(f"{old.path} -> {new.path}: {d.summary()}")
    return 1 if d.changes else 0


def cmd_status(args: RegistriesRequest) -> int:
    day = date.today()
    if args.on:
        try:
            day = date.fromisoformat(args.on)
        except ValueError:
            _err(f"--on: {args.on!r} is not a date (YYYY-MM-DD)")
            return 2
    regs = [_load(s) for s in args.registry]
    if any(r is None for r in regs):
        return 2
    found = 0
    for reg in regs:
        for answer in reg.status(args.name, day):
            found += 1
            sample = " [SAMPLE registry]" if reg.sample else ""
            print(f"{answer.describe(day)} - {reg.path}{sample}")
    if not found:
        print(f"{args.name}: not in {', '.join(r.path for r in regs)} (as of {day})")
    return 0


def cmd_info(args: RegistriesRequest) -> int:
    rc = 0
    for spec in args.registry:
        reg = _load(spec)
        if reg is None:
            rc = 2
            continue
        info = reg.info()
        counts: dict[str, int] = {}
        for e in reg.entries:
            counts[e.status] = counts.get(e.status, 0) + 1
        info["by_list"] = counts
        print(json.dumps(info, ensure_ascii=False, indent=1, default=str))
    return rc


def cmd_update(args: RegistriesRequest) -> int:
    from auditor.registries.update import Source, UpdateError, update

    sources: list[Source] = []
    if args.url:
        missing = [flag for flag, v in (("--from", args.fmt), ("--kind", args.kind), ("-o", args.output)) if not v]
        if missing:
            _err(f"update --url needs {', '.join(missing)}")
            return 2
        sources.append(Source(args.url, args.fmt, args.kind, Path(args.output)))
    else:
        from auditor.config import ConfigError, load_config

        try:
            cfg = load_config(Path(args.config) if args.config else None)
        except ConfigError as exc:
            _err(str(exc))
            return 2
        base = cfg.root or Path.cwd()
        try:
            sources = [Source.from_config(s.model_dump(), base) for s in cfg.settings.registries_update]
        except UpdateError as exc:
            _err(f"{cfg.path}: {exc}")
            return 2
        if not sources:
            _err("no sources: add [[registries_update]] tables (url, format, kind, output) to auditor.toml, "
                 "or give --url --from --kind -o")
            return 2
    rc = 0
    for src in sources:
        try:
            outcome = update(src, timeout=args.timeout)
        except UpdateError as exc:
            _err(str(exc))
            rc = 2
            continue
        for p in outcome.problems:
            print(f"{src.url}: {p}", file=sys.stderr)
        if outcome.kept:
            _err(outcome.message)
            rc = 2
        else:
            print(outcome.message)
    return rc
