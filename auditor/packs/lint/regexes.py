"""Regexes that hang or can never match where the rule looks (the analysis: ``regex_analysis``).

Catastrophic backtracking (a quantified group holding another unbounded quantifier, or a quantified
alternation whose branches can start with the same character) is an error: the checks' regex
timeout only turns a hang into a finding. A regex that can never match (an impossible construct, a
line break in one-line text, a character normalisation removes, a word mixing Latin and Cyrillic in
normalised text) is an error too.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.packs.lint.base import Problem
from auditor.packs.lint.regex_analysis import (
    backtracking,
    never_matches,
    overlapping_alternation,
    parse,
    regexes_of,
)
from auditor.packs.runtime import CompiledRule


def check(rule: CompiledRule) -> Iterator[Problem]:
    scope = list(rule.info.scope)
    for rx in regexes_of(rule.options):
        seq = parse(rx.pattern, rx.ignore_case)
        if seq is None:
            continue
        why = backtracking(seq, rx.ignore_case)
        if why is None and overlapping_alternation(rx.pattern, rx.ignore_case):
            why = "a repeated alternation has branches that can start with the same character (like (a|aa)+)"
        if why:
            yield Problem(rx.where, f"catastrophic backtracking: {why}; rewrite it (an atomic group or a "
                          "possessive quantifier bounds it)", at="check")
        why = never_matches(rx, scope, seq)
        if why:
            yield Problem(rx.where, f"this regex can never match: {why}", at="check")
