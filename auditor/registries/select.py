"""Choosing the registries of a run: ``--registry FILE`` (repeatable) or ``registries = [...]`` in
the config replace the packs' ``settings.registries`` for the mention rules (a rule that names
its own registries keeps them)."""

from __future__ import annotations

from pathlib import Path

from auditor.contracts import RuleSetLike


class SelectionError(Exception):
    """One line per registry that cannot be used."""


def resolve(specs: list[str], base: Path | None) -> list[str]:
    """Paths made absolute (relative to ``base``: the config's folder, or the current one);
    shipped ids as they are. Raises SelectionError naming each registry that cannot be read."""
    from auditor.registries.store import check_specs

    resolved, problems = check_specs(specs, base)
    if problems:
        raise SelectionError("; ".join(problems))
    return [str(Path(r).resolve()) if Path(r).is_file() else r for r in resolved]


def apply(ruleset: RuleSetLike, specs: list[str]) -> None:
    """Make ``specs`` (already resolved) the registries of the run's mention rules."""
    if specs:
        ruleset.settings["registries"] = list(specs)
