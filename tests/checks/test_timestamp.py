"""timestamp check: house formats, any unambiguous format, the future in the house zone; and [trust]
never invent a component, state the house zone, expose the parsed date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packs_docs import make_doc, outcomes, write_pack

from auditor.cli import main
from auditor.model import Document, Published

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


# -- through small packs and hand-built documents ------------------------------------------------------
def _stamp(raw: str | None, source: str = "text") -> Document:
    doc = make_doc("A headline\n\nBody.\n")
    doc.fields.published = Published(raw=raw, source=source)
    return doc


@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [
        ("01 April 2016, 19:37", "text", []),
        (None, "text", [("timestamps/published-present", "missing")]),
        ("1 April 2016, 19:37", "text", [("timestamps/published-format", "format")]),
        ("01 Apr 2016, 19:37", "text", [("timestamps/published-format", "format")]),
        ("01 April 2016, 7:37 PM", "text", [("timestamps/published-format", "format")]),
        ("31 February 2016, 19:37", "text", [("timestamps/published-format", "invalid")]),
        ("01 April 2027, 19:37", "text", [("timestamps/published-future", "future")]),
        ("2016-04-01T19:37:00+03:00", "jsonld", []),
    ],
)
def test_house_timestamp_format(raw: str | None, source: str, expected: list[tuple[str, str]]) -> None:
    assert outcomes(["caucasian-knot"], _stamp(raw, source), only="timestamps/") == expected


def test_any_unambiguous_format_in_the_default_profile() -> None:
    assert outcomes(["default"], _stamp("Dec. 29, 2014, 5:04 PM"), only="timestamps/") == []
    bad = outcomes(["default"], _stamp("sometime last week"), only="timestamps/")
    assert bad == [("timestamps/published-format", "format")]


def test_future_uses_the_house_zone(tmp_path: Path) -> None:
    # 21:30 UTC on 28 Nov is already 29 Nov in Moscow
    specs = write_pack(
        tmp_path,
        "  - id: ts\n    title: T\n    check: {kind: timestamp, formats: [rfc3339], timezone: Europe/Moscow}\n",
    )
    assert outcomes(specs, _stamp("2026-11-28T21:30:00Z")) == [("p/ts", "future")]
    assert outcomes(specs, _stamp("2026-11-28T20:30:00Z")) == []
