"""[trust] Timestamps: never invent a component, state the house zone, expose the parsed date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main

ARTICLE = """{stamp}

Court extends the arrest of a blogger

The court extended the arrest by two months, the lawyer said.

Author: Timur Isaev Source: CK correspondent
"""


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, stamp: str, *extra: str) -> dict:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE.format(stamp=stamp), encoding="utf-8")
    main(["check", str(p), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
          "--jobs", "1", "-f", "json", *extra])
    return json.loads(capsys.readouterr().out)


def _format_finding(data: dict) -> dict:
    (f,) = [f for f in data["documents"][0]["findings"] if f["rule_id"] == "timestamps/published-format"]
    return f


def test_date_only_stamp_does_not_invent_midnight(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # before: expected "18 December 2014, 00:00"
    f = _format_finding(_check(capsys, tmp_path, "December 18, 2014"))
    assert f["expected"] == "18 December 2014, time missing (house format needs HH:MM)"
    assert "00:00" not in f["expected"] and "00:00" not in f["message"]


def test_conversion_states_the_house_zone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = _format_finding(_check(capsys, tmp_path, "2014-12-18T10:05:00+00:00"))
    assert f["expected"] == "18 December 2014, 13:05"  # Moscow is UTC+3
    assert "house time zone Europe/Moscow" in f["message"] and "+00:00" in f["message"]


def test_published_always_exposes_the_parsed_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # before: {"raw": "December 18, 2014", "iso": null} - the parsed date was nowhere
    data = _check(capsys, tmp_path, "December 18, 2014")
    pub = data["documents"][0]["fields"]["published"]
    assert pub["raw"] == "December 18, 2014" and pub["date"] == "2014-12-18"
    assert pub["iso"] is None  # before: "2014-12-18T00:00:00+03:00", a midnight the page never showed
    data = _check(capsys, tmp_path, "18 December 2014, 19:37")
    pub = data["documents"][0]["fields"]["published"]
    assert pub["date"] == "2014-12-18" and pub["iso"] == "2014-12-18T19:37:00+03:00"  # house zone known


def test_published_date_without_any_zone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _check(capsys, tmp_path, "December 29, 2014 5:04 PM", "--rules", "timestamps")
    pub = data["documents"][0]["fields"]["published"]
    assert pub["date"] == "2014-12-29"
