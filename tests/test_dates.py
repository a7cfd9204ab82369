"""auditor.dates: strict format matching, lenient parsing, finding dates in text, ISO output."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.dates import find_dates, match_format, parse_any, to_iso, valid_timezone


@pytest.mark.parametrize(
    ("raw", "fmt", "expected"),
    [
        ("01 April 2016, 19:37", "%d %B %Y, %H:%M", datetime(2016, 4, 1, 19, 37)),
        ("01 апреля 2016, 19:37", "%d %B %Y, %H:%M", datetime(2016, 4, 1, 19, 37)),
        ("1 April 2016, 19:37", "%-d %B %Y, %H:%M", datetime(2016, 4, 1, 19, 37)),
        ("Dec. 29, 2014, 5:04 PM", "%b. %d, %Y, %-I:%M %p", datetime(2014, 12, 29, 17, 4)),
        ("December 24, 2014 12:02 pm", "%B %d, %Y %I:%M %P", datetime(2014, 12, 24, 12, 2)),
        ("Monday, December 29, 2014", "%A, %B %d, %Y", datetime(2014, 12, 29)),
        ("29.12.2014 17:04", "%d.%m.%Y %H:%M", datetime(2014, 12, 29, 17, 4)),
        ("15. Mai 2019, 05:28 Uhr", "%d. %B %Y, %H:%M Uhr", datetime(2019, 5, 15, 5, 28)),
    ],
)
def test_match_format_accepts_exact_shapes(raw: str, fmt: str, expected: datetime) -> None:
    assert match_format(raw, fmt) == expected


@pytest.mark.parametrize(
    ("raw", "fmt"),
    [
        ("1 April 2016, 19:37", "%d %B %Y, %H:%M"),  # %d wants two digits
        ("01 April 2016 19:37", "%d %B %Y, %H:%M"),  # missing comma
        ("31 February 2016, 10:00", "%d %B %Y, %H:%M"),  # no such day
        ("Tuesday, December 29, 2014", "%A, %B %d, %Y"),  # 29 Dec 2014 was a Monday
        ("April 1, 2016 7:37 PM", "%d %B %Y, %H:%M"),  # the house format of the seed, other shape
        ("December 24, 2014 12:02 PM", "%B %d, %Y %I:%M %P"),  # %P is lower case
    ],
)
def test_match_format_rejects(raw: str, fmt: str) -> None:
    assert match_format(raw, fmt) is None


def test_rfc3339_needs_an_offset_iso8601_does_not() -> None:
    assert match_format("2016-04-01T19:37:00+03:00", "rfc3339") is not None
    assert match_format("2016-04-01T19:37:00", "rfc3339") is None
    assert match_format("2016-04-01T19:37:00", "iso8601") == datetime(2016, 4, 1, 19, 37)
    assert match_format("2016-04-01", "iso8601") == datetime(2016, 4, 1)
    assert match_format("2016-02-30", "iso8601") is None


def test_match_format_names_an_unsupported_directive() -> None:
    with pytest.raises(ValueError, match="%Q"):
        match_format("x", "%Q")


@pytest.mark.parametrize(
    ("raw", "iso_naive", "pattern"),
    [
        ("01 April 2016, 19:37", "2016-04-01T19:37:00", "%d %B %Y, %H:%M"),
        ("November 04, 2024 23:39", "2024-11-04T23:39:00", "%B %d, %Y %H:%M"),
        ("13:39, 4 May 2025", "2025-05-04T13:39:00", "%H:%M, %-d %B %Y"),
        ("Dec. 29, 2014, 5:04 PM", "2014-12-29T17:04:00", "%b. %d, %Y, %-I:%M %p"),
        ("on December 29, 2014 at 3:02 PM", "2014-12-29T15:02:00", "on %B %d, %Y at %-I:%M %p"),
        ("Monday, December 29, 2014", "2014-12-29T00:00:00", "%A, %B %d, %Y"),
        ("01 апреля 2016, 19:37", "2016-04-01T19:37:00", "%d %B %Y, %H:%M"),
        ("29.12.2014 17:04", "2014-12-29T17:04:00", "%d.%m.%Y %H:%M"),
        ("30th December 2014", "2014-12-30T00:00:00", "%dth %B %Y"),
        ("21.dez.2018 às 12h55", "2018-12-21T12:55:00", "%d.%b.%Y às %Hh%M"),
    ],
)
def test_parse_any_reads_common_shapes(raw: str, iso_naive: str, pattern: str) -> None:
    parsed = parse_any(raw)
    assert parsed is not None
    assert parsed.datetime.replace(tzinfo=None).isoformat() == iso_naive
    assert parsed.pattern == pattern
    assert match_format(raw, parsed.pattern) is not None  # the pattern describes the raw text


def test_parse_any_zones_and_flags() -> None:
    p = parse_any("2014-09-30T14:34:55Z")
    assert p is not None and p.has_zone and p.has_time and p.datetime.isoformat() == "2014-09-30T14:34:55+00:00"
    p = parse_any("Dec 28 2014, 8:01 AM ET")
    assert p is not None and p.has_zone and p.datetime.isoformat() == "2014-12-28T08:01:00-05:00"
    p = parse_any("Monday, December 29, 2014")
    assert p is not None and not p.has_time and not p.has_zone


@pytest.mark.parametrize(
    "raw",
    ["08/01/2014", "7.5 years in prison", "Today, 17:40", "31 February 2016", "Tuesday, December 29, 2014", "May"],
)
def test_parse_any_refuses_ambiguous_or_impossible(raw: str) -> None:
    assert parse_any(raw) is None


def test_parse_any_day_order_when_configured() -> None:
    dmy = parse_any("08/01/2014", order="DMY")
    mdy = parse_any("08/01/2014", order="MDY")
    assert dmy is not None and dmy.datetime == datetime(2014, 1, 8)
    assert mdy is not None and mdy.datetime == datetime(2014, 8, 1)
    assert parse_any("25/12/2014") is not None  # unambiguous: day first


def test_find_dates_offsets_and_no_trailing_punctuation() -> None:
    text = "Opened on 2 May 2015. Closed\n\nNovember 04, 2024 23:39\n\nNovember 04, 2024 23:13"
    found = find_dates(text)
    assert [t for _, _, t in found] == ["2 May 2015", "November 04, 2024 23:39", "November 04, 2024 23:13"]
    for start, end, t in found:
        assert text[start:end] == t


def test_find_dates_joins_date_and_time_on_two_lines() -> None:
    assert [t for _, _, t in find_dates("Posted: Thu 3 Jan 2019\n02.00 EST")] == ["Thu 3 Jan 2019\n02.00 EST"]


def test_to_iso_places_naive_times_in_the_zone() -> None:
    dt = match_format("01 April 2016, 19:37", "%d %B %Y, %H:%M")
    assert dt is not None
    assert to_iso(dt, "Europe/Moscow") == "2016-04-01T19:37:00+03:00"
    summer_2009 = match_format("22 June 2009, 00:00", "%d %B %Y, %H:%M")
    assert summer_2009 is not None and to_iso(summer_2009, "Europe/Moscow") == "2009-06-22T00:00:00+04:00"
    assert to_iso(dt, None) is None
    assert to_iso(dt, "Mars/Olympus") is None
    assert valid_timezone("Europe/Moscow") and not valid_timezone("Mars/Olympus")


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2099, 12, 31)))
def test_strftime_round_trip(dt: datetime) -> None:
    dt = dt.replace(second=0, microsecond=0)
    for fmt in ("%d %B %Y, %H:%M", "%Y-%m-%d %H:%M", "%A, %d %b %Y %I:%M %p"):
        assert match_format(dt.strftime(fmt), fmt) == dt
        parsed = parse_any(dt.strftime(fmt))
        assert parsed is not None and parsed.datetime == dt
