"""`auditor explain RULE`: a rule for a person - what it asks, its basis, examples, fix (docs/rules/)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from auditor.cli.common import EXIT_OK, EXIT_USAGE, add_rules_opt, err

NAME = "explain"
HELP = "a rule for a person: what it asks, its basis, examples, fix (as in docs/rules/)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule_id", metavar="RULE", help="rule id, alias or unique local id")
    p.add_argument("--verbose", "-v", action="store_true", help="also the check's internals (kind and options)")
    add_rules_opt(p)


@dataclass(slots=True, frozen=True)
class ExplainRequest:
    rule_id: str
    rules: list[str] | None = None
    verbose: bool = False


def request(ns: argparse.Namespace) -> ExplainRequest:
    return ExplainRequest(ns.rule_id, ns.rules, bool(ns.verbose))


def run(req: ExplainRequest) -> int:
    from auditor.ruledocs import explain

    text = explain(req.rule_id, list(req.rules or []), verbose=req.verbose)
    if text is None:
        err(f"no rule {req.rule_id!r} in the loaded or shipped packs (try `auditor rules list`)")
        return EXIT_USAGE
    sys.stdout.write(text)
    return EXIT_OK
