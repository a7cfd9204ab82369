"""Shadowed rules: the same check with the same options over the same or a wider scope (a warning:
every finding of the one is already a finding of the other)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from auditor.packs.lint.base import Problem
from auditor.packs.runtime import CompiledRule


def _signature(r: CompiledRule) -> tuple[str, str, str]:
    opts = json.dumps(r.options, sort_keys=True, ensure_ascii=False, default=str)
    when = r.rule.when.model_dump_json() if r.rule.when is not None else ""
    return r.kind, opts, when


def _covers(wide: list[str], narrow: list[str]) -> bool:
    if not wide or "text" in wide:
        return True
    return bool(narrow) and set(narrow) <= set(wide)


def check_all(rules: list[CompiledRule]) -> Iterator[tuple[CompiledRule, Problem]]:
    for i, r in enumerate(rules):
        for other in rules[:i] + rules[i + 1 :]:
            if _signature(r) != _signature(other):
                continue
            scope_r, scope_o = list(r.info.scope), list(other.info.scope)
            if _covers(scope_o, scope_r) and (scope_o != scope_r or rules.index(other) < i):
                wider = "the same" if set(scope_o) == set(scope_r) else "a wider"
                yield r, Problem("check", f"shadowed by {other.id}: the same check over {wider} scope; every "
                                 "finding of this rule is already a finding of that one", level="warning", at="check")
                break
