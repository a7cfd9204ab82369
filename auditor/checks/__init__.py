"""Check-kind registry: kind name -> module. A module defines one ``Check`` subclass as ``CHECK``.

A new check kind is one new module plus one line in ``KINDS``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.checks.base import Check

KINDS: dict[str, str] = {
    "required_text": "auditor.checks.required_text",
    "field": "auditor.checks.field",
    "timestamp": "auditor.checks.timestamp",
    "pattern": "auditor.checks.pattern",
    "typography": "auditor.checks.typography",
    "disclosure": "auditor.checks.disclosure",
    "mention": "auditor.checks.mention",
}


def get_check_class(kind: str) -> type[Check]:
    return importlib.import_module(KINDS[kind]).CHECK
