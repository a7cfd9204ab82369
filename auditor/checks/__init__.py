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
    "notice.missing": "auditor.checks.notice.missing",
    "notice.altered": "auditor.checks.notice.altered",
    "notice.agent_name": "auditor.checks.notice.agent_name",
    "notice.outdated_form": "auditor.checks.notice.outdated_form",
    "notice.misplaced": "auditor.checks.notice.misplaced",
    "notice.case": "auditor.checks.notice.case",
    "notice.hidden_characters": "auditor.checks.notice.hidden_characters",
    "notice.age_mark": "auditor.checks.notice.age_mark",
    "notice.wrong_language": "auditor.checks.notice.wrong_language",
}


def get_check_class(kind: str) -> type[Check]:
    return importlib.import_module(KINDS[kind]).CHECK


def kind_doc(kind: str) -> str:
    """A kind's user documentation: its module's docstring (``auditor rules explain`` prints it)."""
    import inspect

    return inspect.cleandoc(importlib.import_module(KINDS[kind]).__doc__ or "")
