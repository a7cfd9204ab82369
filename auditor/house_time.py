"""The expected text of a timestamp written the house way, without inventing anything.

A component the source does not give is never made up: a date-only stamp under a house format
with a time reads "18 December 2014, time missing (house format needs HH:MM)", not "00:00". When
the source names a zone and the house has one, the moment is converted and the house zone is
stated ("... (Europe/Moscow; converted from +00:00)").
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_TIME_DIRECTIVE = re.compile(r"%-?[HIMSpP]")
_PLACEHOLDER = {"H": "HH", "I": "hh", "M": "MM", "S": "SS", "p": "AM/PM", "P": "am/pm"}


def needs_time(fmt: str) -> bool:
    return fmt not in ("iso8601", "rfc3339") and bool(_TIME_DIRECTIVE.search(fmt))


def time_placeholder(fmt: str) -> str:
    """The time part of a house format as a person reads it: '%H:%M' -> 'HH:MM'."""
    m = _TIME_DIRECTIVE.search(fmt)
    if m is None:
        return ""
    part = fmt[m.start():]
    return re.sub(r"%-?([HIMSpP])", lambda x: _PLACEHOLDER[x.group(1)], part).strip(" ,")


def _date_part(fmt: str) -> str:
    m = _TIME_DIRECTIVE.search(fmt)
    return re.sub(r"(?:[\s,|–—-]|(?<=\s)at|(?<=%[dmY])T)+$", "", fmt[: m.start()] if m else fmt)


def _offset(dt: datetime) -> str:
    off = dt.utcoffset()
    if off is None:
        return ""
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def house_expected(
    parsed: Any, fmt: str, zone: str | None, language: str | None = None
) -> tuple[str | None, str]:
    """(expected text or None, a note for the message) for a parsed date (auditor.dates.ParsedDate);
    month and weekday names in ``language`` (the article's edition)."""
    from auditor.dates import format_date

    dt: datetime = parsed.datetime
    note = ""
    if parsed.has_zone and dt.tzinfo is not None:
        if zone:
            from zoneinfo import ZoneInfo

            src = _offset(dt)
            dt = dt.astimezone(ZoneInfo(zone))
            note = f"in the house time zone {zone}, converted from {src}"
        else:
            note = f"in the source's zone {_offset(dt)} (no house time zone is set)"
    if not parsed.has_time and needs_time(fmt):
        day = format_date(dt, _date_part(fmt), language)
        if day is None:
            return None, note
        need = time_placeholder(fmt)
        return f"{day}, time missing (house format needs {need})", note
    if not getattr(parsed, "has_year", True):
        return None, note
    text = format_date(dt, fmt, language)
    return text, note
