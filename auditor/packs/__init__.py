"""Rule packs: load (ids or paths, with ``extends``), validate, compile into a ``RuleSet`` the engine runs.

One module per job:

- ``loader``: read a pack file with positions; ``PackError`` (file:line:col, did-you-mean);
- ``model``: the pack format (pydantic) and its JSON Schema;
- ``loading``: resolve specs, follow ``extends``, validate each pack;
- ``compile``: rules, overrides, settings and notice sets into a ``RuleSet`` (``load_ruleset``);
- ``runtime``: ``RuleSet`` and ``CompiledRule``: which rules apply to a document, ``evaluate``;
- ``lint``: what a valid pack can still get wrong (a registry of small checks);
- ``explain``: ``auditor rules list / show / explain`` text;
- ``cases``: per-rule example cases (``rules/cases/*.yaml``).

``load_ruleset(specs)`` never raises for a bad pack: its errors land in ``RuleSet.errors`` (one line
each, ``file:line:col: key.path: message``) and the other packs still load.
"""

from __future__ import annotations

from auditor.packs.compile import load_ruleset, validate_pack
from auditor.packs.explain import list_rules, show_rule
from auditor.packs.loader import PackError, shipped_packs
from auditor.packs.model import pack_schema
from auditor.packs.runtime import CompiledRule, RulePlace, RuleSet

__all__ = [
    "CompiledRule",
    "PackError",
    "RulePlace",
    "RuleSet",
    "list_rules",
    "load_ruleset",
    "pack_schema",
    "shipped_packs",
    "show_rule",
    "validate_pack",
]
