"""auditor/contracts.py: the house's rule set and reporters have the shapes the engine takes (readers:
tests/readers/test_registry.py)."""

from __future__ import annotations

import importlib

import pytest
from ci_support import FakeRuleSet

from auditor.contracts import RuleSetLike
from auditor.packs import load_ruleset
from auditor.reporters import FORMATS

RULESET_MEMBERS = ("packs", "errors", "settings", "failed_specs", "reader_options", "rules_info",
                   "registries_info", "evaluate")


def test_the_packs_rule_set_and_the_tests_fake_are_rule_sets() -> None:
    real = load_ruleset(["caucasian-knot"])
    assert isinstance(real, RuleSetLike) and isinstance(FakeRuleSet(), RuleSetLike)
    assert real.registries_info() and not real.failed_specs  # the pack reads a registry
    assert not isinstance(object(), RuleSetLike)
    missing = [m for m in RULESET_MEMBERS if not hasattr(RuleSetLike, m) and m not in RuleSetLike.__annotations__]
    assert not missing


@pytest.mark.parametrize("fmt", sorted(set(FORMATS.values())))
def test_every_reporter_module_has_the_reporter_shape(fmt: str) -> None:
    mod = importlib.import_module(fmt)
    assert isinstance(mod.EXTENSION, str) and mod.EXTENSION.startswith(".")
    assert isinstance(mod.BINARY, bool) and callable(mod.render)
