"""Command line: one module per subcommand, listed in ``COMMANDS``.

Each command module defines ``NAME``, ``HELP``, ``configure(parser)`` (its arguments),
``request(namespace)`` (a typed request dataclass built from the parsed arguments, the only place
that reads the namespace) and ``run(request) -> int`` (the exit code: 0 clean, 1 findings,
2 usage/config/packs). A new subcommand is one module plus one line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from auditor import __version__
from auditor.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, err

# name -> module; the order is the order of `auditor --help`
COMMANDS: dict[str, str] = {
    "check": "auditor.cli.check",
    "baseline": "auditor.cli.baseline",
    "inspect": "auditor.cli.inspect",
    "rules": "auditor.cli.rules",
    "explain": "auditor.cli.explain",
    "report": "auditor.cli.report",
    "completion": "auditor.cli.completion",
    "fix": "auditor.cli.fix",
    "lsp": "auditor.cli.lsp",
    "registries": "auditor.cli.registries",
    "serve": "auditor.cli.serve",
    "users": "auditor.cli.users",
}


def command(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` the parser of that one subcommand: the other command
    modules (and what they import) are not imported at all, so `auditor check FILE` starts fast."""
    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit articles for statutory notices, attribution, timestamps and disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in [only] if only in COMMANDS else COMMANDS:
        mod = command(name)
        p = sub.add_parser(mod.NAME, help=mod.HELP)
        mod.configure(p)
        p.set_defaults(_command=mod)
    return parser


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    # the subcommand is the first argument: import only its module (help and errors: all of them)
    parser = build_parser(args[0] if args and args[0] in COMMANDS else None)
    ns = parser.parse_args(argv)
    mod: ModuleType = ns._command
    from auditor.atomic import (
        EXIT_INTERRUPTED,
        EXIT_TERMINATED,
        Terminated,
        WriteError,
        handle_signals,
        quiet_shutdown,
    )

    restore = handle_signals()  # SIGTERM unwinds like Ctrl-C: temporaries removed, nothing half-written
    try:
        return int(mod.run(mod.request(ns)))
    except UsageError as exc:
        err(str(exc))
        return EXIT_USAGE
    except WriteError as exc:  # a full disk: one clear line, the previous file kept
        err(str(exc))
        return EXIT_USAGE
    except (KeyboardInterrupt, Terminated) as exc:
        quiet_shutdown()
        err("interrupted: no report or cache entry was left half-written")
        return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    finally:
        restore()


__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main"]
