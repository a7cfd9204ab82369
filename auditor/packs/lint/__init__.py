"""Rule-pack linting beyond the schema: rules that can never fire, or that hang, or that others hide.

``lint_ruleset`` looks at the compiled rules of a loaded pack (and the packs it extends) and runs
each check of the registry below, one small module per check (its docstring says what it finds):

- ``scope``: unknown scopes (``bodyy``, ``field.autor``);
- ``field``: unknown fields of ``field`` checks;
- ``regexes``: regexes that can never match where they look, and catastrophic backtracking;
- ``shadowed``: rules shadowed by others (the same check over the same or a wider scope).

Errors are ``PackError``s with file:line:col of the rule (kept on each compiled rule when the pack
was loaded, so nothing is read again), and `auditor rules validate` prints them like schema errors.
A new check is one module with ``check(rule)`` (or ``check_all(rules)``) and one line here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from auditor.packs.lint.base import Problem
from auditor.packs.lint.regex_analysis import backtracking, impossible, overlapping_alternation, parse
from auditor.packs.loader import PackError

if TYPE_CHECKING:
    from auditor.packs.runtime import CompiledRule, RuleSet

__all__ = ["backtracking", "impossible", "lint_pack", "lint_ruleset", "overlapping_alternation", "parse"]

PER_RULE = ("scope", "field", "regexes")  # check(rule), run on each enabled rule in this order
ACROSS_RULES = ("shadowed",)  # check_all(rules), run once on the enabled rules


def _module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"auditor.packs.lint.{name}")


def _error(r: CompiledRule, p: Problem) -> PackError:
    shown, line, col = r.place.of(p.at or p.key.split(".", 1)[0].split("[", 1)[0])
    return PackError(shown, line, col, f"rules.{r.id.split('/', 1)[-1]}.{p.key}", p.message, p.level)


def lint_ruleset(ruleset: RuleSet) -> list[PackError]:
    rules = [r for r in ruleset.rules if r.enabled]
    checks = [_module(name) for name in PER_RULE]
    out = [_error(r, p) for r in rules for c in checks for p in c.check(r)]
    for name in ACROSS_RULES:
        out += [_error(r, p) for r, p in _module(name).check_all(rules)]
    return out


def lint_pack(path: str) -> list[PackError]:
    """Lint one pack file (with what it extends); nothing when it does not load (its errors say why)."""
    from auditor.packs.compile import load_ruleset

    ruleset = load_ruleset([path])
    if ruleset.errors:
        return []
    return lint_ruleset(ruleset)
