"""Unknown fields: a ``field`` check names one of the extracted fields or ``metadata.<key>``."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.packs.lint.base import FIELD_NAMES, Problem
from auditor.packs.runtime import CompiledRule


def check(rule: CompiledRule) -> Iterator[Problem]:
    fname = rule.options.get("field")
    if rule.kind == "field" and isinstance(fname, str):
        base = fname.split(".", 1)[1] if fname.startswith("field.") else fname
        if not (fname.startswith("metadata.") or base in FIELD_NAMES):
            yield Problem(
                "check.field", f"unknown field {fname!r} (fields: {', '.join(FIELD_NAMES)}, metadata.<key>)", at="check"
            )
