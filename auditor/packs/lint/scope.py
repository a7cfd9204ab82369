"""Unknown scopes: a segment kind, ``text``, ``metadata.<key>`` or ``field.<name>``, with did-you-mean."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from auditor.packs.lint.base import FIELD_NAMES, Problem
from auditor.packs.runtime import CompiledRule


def check(rule: CompiledRule) -> Iterator[Problem]:
    for i, s in enumerate(rule.info.scope):
        why = scope_problem(s)
        if why:
            yield Problem(f"scope[{i}]", why, at="scope")


def scope_problem(s: str) -> str | None:
    from auditor.model import SEGMENT_KINDS

    if s in SEGMENT_KINDS or s == "text":
        return None
    if s.startswith("metadata.") and len(s) > len("metadata."):
        return None
    if s.startswith("field."):
        name = s.split(".", 1)[1]
        if name in FIELD_NAMES:
            return None
        close = difflib.get_close_matches(name, FIELD_NAMES, n=1)
        hint = f" (did you mean 'field.{close[0]}'?)" if close else f" (fields: {', '.join(FIELD_NAMES)})"
        return f"unknown field in scope {s!r}{hint}"
    known = [*SEGMENT_KINDS, "text"]
    close = difflib.get_close_matches(s, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)}, metadata.<key>, field.<name>)"
    return f"unknown scope {s!r}{hint}"
