"""Pack regular expressions: compiled once with the ``regex`` module, searched with a timeout."""

from __future__ import annotations

import regex

REGEX_TIMEOUT = 0.5  # seconds per search: a pathological pattern becomes a finding, never a hang


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile a pack regex once (``regex`` module, V0); a bad one is a ValueError naming the fault."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
