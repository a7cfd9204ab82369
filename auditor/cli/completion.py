"""`auditor completion bash|zsh|tcsh`: a shell completion script, generated from the parser.

The script is static (generated once by shtab from the argparse parser, with the shipped pack
ids and report formats offered as values), so completing costs the shell nothing and auditor is
not started on every TAB. shtab is the optional extra `completion` (in `all`); it is imported only
by this command.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from auditor.cli.common import EXIT_OK, EXIT_USAGE, err

NAME = "completion"
HELP = "print a shell completion script (bash, zsh, tcsh); e.g. auditor completion bash > ~/.local/share/bash-completion/completions/auditor"
SHELLS = ("bash", "zsh", "tcsh")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=SHELLS)


@dataclass(slots=True, frozen=True)
class CompletionRequest:
    shell: str


def request(ns: argparse.Namespace) -> CompletionRequest:
    return CompletionRequest(ns.shell)


def _offer_values(parser: argparse.ArgumentParser) -> None:
    """Pack ids for --rules/-r, formats for --format/-f, files for paths (shtab's `complete` attribute)."""
    from auditor.packs import shipped_packs
    from auditor.reporters import FORMATS

    packs = sorted(pid for pid, _ in shipped_packs())
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _offer_values(sub)
        elif "--rules" in action.option_strings:
            action.choices = None
            action.complete = {"bash": f"compgen -W '{' '.join(packs)}' -- \"$cur\"",  # type: ignore[attr-defined]
                               "zsh": f"({' '.join(packs)})"}
        elif "--format" in action.option_strings:
            action.complete = {"bash": f"compgen -W '{' '.join(sorted(FORMATS))}' -- \"$cur\"",  # type: ignore[attr-defined]
                               "zsh": f"({' '.join(sorted(FORMATS))})"}


def run(req: CompletionRequest) -> int:
    try:
        import shtab
    except ImportError:
        err("shell completion needs shtab: pip install 'auditor[completion]'")
        return EXIT_USAGE
    from auditor.cli import build_parser

    parser = build_parser()
    _offer_values(parser)
    sys.stdout.write(shtab.complete(parser, shell=req.shell))
    return EXIT_OK
