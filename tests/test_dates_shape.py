"""dates.matches_shape: the public shape test the timestamp check uses for "invalid" dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import make_doc, write_pack

from auditor import dates
from auditor.model import Published
from auditor.packs import load_ruleset


@pytest.mark.parametrize(
    ("raw", "fmt", "shape", "real"),
    [
        ("01 April 2016, 19:37", "%d %B %Y, %H:%M", True, True),
        ("31 February 2016, 19:37", "%d %B %Y, %H:%M", True, False),  # shape right, no such day
        ("01 апреля 2016,\u00a019:37", "%d %B %Y, %H:%M", True, True),  # NBSP stands for a space
        ("1 April 2016, 19:37", "%d %B %Y, %H:%M", False, False),
        ("April 1, 2016 7:37 PM", "%d %B %Y, %H:%M", False, False),
        ("29.02.2015 10:00", "%d.%m.%Y %H:%M", True, False),
        ("2016-02-30T10:00:00+03:00", "rfc3339", True, False),
        ("2016-04-01T10:00:00", "rfc3339", False, False),  # RFC 3339 needs an offset
        ("2016-13-01", "iso8601", True, False),
        ("01/04/2016", "iso8601", False, False),
    ],
)
def test_shape_versus_real_date(raw: str, fmt: str, shape: bool, real: bool) -> None:
    assert dates.matches_shape(raw, fmt) is shape
    assert (dates.match_format(raw, fmt) is not None) is real


def test_unsupported_directive_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="%Q"):
        dates.matches_shape("2016", "%Q")


def test_timestamp_check_reports_impossible_iso_dates_as_invalid(tmp_path: Path) -> None:
    rs = load_ruleset(write_pack(tmp_path, "  - id: ts\n    title: T\n    check: {kind: timestamp, formats: [rfc3339]}\n"))

    def outcome(raw: str) -> list[str]:
        doc = make_doc("A headline\n\nBody.\n")
        doc.fields.published = Published(raw=raw, source="text")
        return [f.outcome for f in rs.evaluate(doc, date(2026, 11, 28))[0]]

    assert outcome("2016-02-30T10:00:00+03:00") == ["invalid"]
    assert outcome("30 Feb 2016") == ["format"]
    assert outcome("2016-02-29T10:00:00+03:00") == []
