"""What a lint check reports: a problem at a key of a rule, placed by the rule's ``RulePlace``."""

from __future__ import annotations

from dataclasses import dataclass

FIELD_NAMES = ("title", "published", "author", "source", "language", "publisher", "url")


@dataclass(slots=True, frozen=True)
class Problem:
    key: str  # under the rule, e.g. "scope[1]", "check.forbid"
    message: str
    level: str = "error"  # error | warning
    at: str | None = None  # the rule's key whose position is shown (default: the key's first part)
