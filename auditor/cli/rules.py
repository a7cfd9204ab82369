"""`auditor rules list|show|explain|validate|schema|test`: the rule packs."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field

from auditor.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_rules_opt,
    err,
    load_ruleset,
)

NAME = "rules"
HELP = "list, show, explain, validate and test rule packs"


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help)
        q.set_defaults(rules=None, rule_id=None, packs=[], pack=[], verbose=False)  # every RulesRequest field
        return q

    q = action("list", "list the rules of the loaded packs")
    add_rules_opt(q)
    q = action("show", "show one rule")
    q.add_argument("rule_id")
    add_rules_opt(q)
    q = action("explain", "same as `auditor explain RULE`")
    q.add_argument("rule_id")
    q.add_argument("--verbose", "-v", action="store_true", help="also the check's internals (kind and options)")
    add_rules_opt(q)
    q = action("validate", "validate pack files (exit 2 on an invalid pack)")
    q.add_argument("packs", nargs="+", metavar="PATH")
    action("schema", "print the JSON Schema of the pack format")
    q = action("test", "run the packs' pass/fail examples")
    q.add_argument("pack", nargs="*", help="pack ids (default: all shipped packs)")


@dataclass(slots=True, frozen=True)
class RulesRequest:
    action: str  # list | show | explain | validate | schema | test
    rules: list[str] | None = None  # pack specs to load (list, show, explain)
    rule_id: str | None = None  # show, explain
    packs: list[str] = field(default_factory=list)  # files to validate
    pack: list[str] = field(default_factory=list)  # pack ids to test
    verbose: bool = False  # explain: with the check's internals


def request(ns: argparse.Namespace) -> RulesRequest:
    return RulesRequest(action=ns.action, rules=ns.rules, rule_id=ns.rule_id, packs=list(ns.packs),
                        pack=list(ns.pack), verbose=ns.verbose)


def run(req: RulesRequest) -> int:
    import auditor.packs as packs

    if req.action == "schema":
        print(json.dumps(packs.pack_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if req.action == "validate":
        errors = [e for p in req.packs for e in packs.validate_pack(p)]
        for e in errors:
            print(str(e))
        if not errors:
            print(f"{len(req.packs)} pack(s) valid")
        return EXIT_USAGE if any(e.level == "error" for e in errors) else EXIT_OK
    if req.action == "test":
        from auditor.packs.cases import run_cases

        ok, report = run_cases(req.pack or None)
        print(report)
        return EXIT_OK if ok else EXIT_FINDINGS
    if req.action == "explain":
        from auditor.cli.explain import ExplainRequest
        from auditor.cli.explain import run as explain

        assert req.rule_id is not None
        return explain(ExplainRequest(req.rule_id, req.rules, req.verbose))
    ruleset = load_ruleset(list(req.rules or []))
    if req.action == "list":
        print(packs.list_rules(ruleset))
    else:
        assert req.rule_id is not None
        text = packs.show_rule(ruleset, req.rule_id, explain=(req.action == "explain"))
        if text is None:
            err(f"no rule {req.rule_id!r} in the loaded packs (try `auditor rules list`)")
            return EXIT_USAGE
        print(text)
    return EXIT_USAGE if ruleset.errors else EXIT_OK
