"""`auditor lsp`: the language server over standard input/output (docs/editors.md)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from auditor.cli.common import EXIT_USAGE, err

NAME = "lsp"
HELP = "language server over stdio: diagnostics and quick fixes in the editor (Markdown, text, HTML)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stdio", action="store_true", help="talk over standard input/output (the default)")


@dataclass(slots=True, frozen=True)
class LspRequest:
    stdio: bool


def request(ns: argparse.Namespace) -> LspRequest:
    return LspRequest(stdio=True)


def run(req: LspRequest) -> int:
    try:
        from auditor.lsp.server import main
    except ImportError as exc:
        err(f"the language server needs pygls: pip install 'auditor[lsp]' ({exc})")
        return EXIT_USAGE
    return main()
