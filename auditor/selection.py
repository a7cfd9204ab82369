"""`--select` / `--ignore` (and `select` / `ignore` in auditor.toml), like ruff's: which rules report.

Each entry is a rule id, an alias, a unique local id (``notice-placement``) or a glob over full
ids (``ru-foreign-agent/*``, ``*/notice-*``); commas separate several in one flag. ``select``
keeps only the rules it names (default: all), then ``ignore`` drops rules. The filter applies to
each document's findings in the apply stage (auditor/suppress/apply.py: the cache and the process pool stay
unaware of it);
the tool's own findings (``auditor.*``: unreadable files, suppression problems) always stay.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

from auditor.contracts import RuleSetLike
from auditor.model import DocumentResult


class SelectionError(ValueError):
    pass


def _split(items: list[str] | None) -> list[str]:
    return [p.strip() for item in items or [] for p in item.split(",") if p.strip()]


@dataclass(slots=True)
class Selection:
    keep_ids: frozenset[str]
    all_ids: frozenset[str]
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.select or self.ignore)

    def keeps(self, rule_id: str) -> bool:
        return rule_id.startswith("auditor.") or rule_id in self.keep_ids or rule_id not in self.all_ids and not self.select

    def filter(self, res: DocumentResult) -> None:
        """Keep the findings (and unverified rules) that report; the apply stage then sets the status."""
        res.findings = [f for f in res.findings if self.keeps(f.rule_id)]
        res.unverified = [r for r in res.unverified if self.keeps(r)]

    def rules_info(self, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rules if self.keeps(r["id"])] if self.active else rules


def _resolve(pattern: str, names: dict[str, str], ids: list[str], flag: str) -> set[str]:
    if pattern in names:
        return {names[pattern]}
    if any(ch in pattern for ch in "*?["):
        hits = {i for i in ids if fnmatch.fnmatchcase(i, pattern) or fnmatch.fnmatchcase(i.split("/", 1)[-1], pattern)}
        if hits:
            return hits
        raise SelectionError(f"{flag}: {pattern!r} matches no rule of the loaded packs")
    from difflib import get_close_matches

    close = get_close_matches(pattern, sorted(names), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else " (see `auditor rules list`)"
    raise SelectionError(f"{flag}: no rule {pattern!r} in the loaded packs{hint}")


def build(select: list[str] | None, ignore: list[str] | None, ruleset: RuleSetLike) -> Selection:
    from auditor.runner import rule_names

    names = rule_names(ruleset)
    ids = sorted({r["id"] for r in ruleset.rules_info()})
    sel, ign = _split(select), _split(ignore)
    keep: set[str] = set()
    if sel:
        for p in sel:
            keep |= _resolve(p, names, ids, "--select")
    else:
        keep = set(ids)
    for p in ign:
        keep -= _resolve(p, names, ids, "--ignore")
    return Selection(frozenset(keep), frozenset(ids), sel, ign)
