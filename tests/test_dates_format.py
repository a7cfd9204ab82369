"""Rendering a date in a house format, and the timestamp finding that shows it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from auditor.cli import main
from auditor.dates import format_date

ROOT = Path(__file__).resolve().parents[1]


def test_format_date_is_locale_free() -> None:
    dt = datetime(2016, 4, 1, 19, 37)
    assert format_date(dt, "%d %B %Y, %H:%M") == "01 April 2016, 19:37"
    assert format_date(dt, "%B %d, %Y %H:%M") == "April 01, 2016 19:37"
    assert format_date(dt, "%H:%M, %-d %B %Y") == "19:37, 1 April 2016"
    assert format_date(dt, "%b. %-d, %Y, %-I:%M %p") == "Apr. 1, 2016, 7:37 PM"
    assert format_date(dt, "%Q") is None
    assert format_date(dt, "rfc3339") is None  # no zone known: no example rather than a wrong one


def test_wrong_format_finding_shows_the_date_written_the_house_way(capsys) -> None:
    code = main(["check", str(ROOT / "examples" / "08-timestamp-wrong-format.txt"), "--rules", "caucasian-knot",
                 "--as-of", "2026-11-28", "--no-history", "--no-cache", "--format", "json"])
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    (f,) = [f for f in doc["findings"] if f["rule_id"] == "timestamps/published-format"]
    assert code == 1
    assert f["evidence"] == "April 1, 2016 7:37 PM"
    assert f["expected"] == "01 April 2016, 19:37"
