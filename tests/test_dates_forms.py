"""Timestamp forms of Russian, Ukrainian and Belarusian pages: found in running text and parsed.

Month and weekday names come from the CLDR tables generated into auditor/date_names.py; the
generator is checked against Babel when Babel is installed.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from pathlib import Path

import pytest

from auditor import dates

ROOT = Path(__file__).resolve().parents[1]

FORMS = [
    ("05.03.2024", datetime(2024, 3, 5), "%d.%m.%Y"),
    ("05.03.2024 14:07", datetime(2024, 3, 5, 14, 7), "%d.%m.%Y %H:%M"),
    ("05.03.2024, 14:07", datetime(2024, 3, 5, 14, 7), "%d.%m.%Y, %H:%M"),
    ("14:07 / 05.03.2024", datetime(2024, 3, 5, 14, 7), "%H:%M / %d.%m.%Y"),
    ("5 марта 2024 г.", datetime(2024, 3, 5), "%-d %B %Y г."),
    ("5 марта 2024 г., 14:07", datetime(2024, 3, 5, 14, 7), "%-d %B %Y г., %H:%M"),
    ("14:07, 5 марта 2024", datetime(2024, 3, 5, 14, 7), "%H:%M, %-d %B %Y"),
    ("5 березня 2024", datetime(2024, 3, 5), "%-d %B %Y"),
    ("12 ЛЮТОГО 2023 р.", datetime(2023, 2, 12), "%d %B %Y р."),
    ("7 лістапада 2022", datetime(2022, 11, 7), "%-d %B %Y"),
    ("14:07, 5 March 2024", datetime(2024, 3, 5, 14, 7), "%H:%M, %-d %B %Y"),
    ("March 5, 2024 14:07", datetime(2024, 3, 5, 14, 7), "%B %-d, %Y %H:%M"),
    ("19:05 Нояб. 30, 2021", datetime(2021, 11, 30, 19, 5), "%H:%M %b. %d, %Y"),
    ("Середа, 6 березня 2024", datetime(2024, 3, 6), "%A, %-d %B %Y"),
    ("в среду, 6 марта 2024", datetime(2024, 3, 6), "в %A, %-d %B %Y"),
]


@pytest.mark.parametrize(("shown", "when", "pattern"), FORMS, ids=[f[0] for f in FORMS])
def test_form_found_in_a_line_and_parsed(shown: str, when: datetime, pattern: str) -> None:
    line = f"Опубликовано {shown} | Политика"
    found = dates.find_dates(line)
    assert found, line
    start, end, raw = found[0]
    parsed = dates.parse_any(raw)
    assert parsed is not None and parsed.datetime == when
    assert shown.endswith(raw) or raw.endswith(shown.split(" ", 1)[-1])
    assert dates.match_format(shown, pattern) == when


def test_no_year_forms_need_a_time_or_the_partial_flag() -> None:
    assert dates.parse_any("5 февраля") is None  # a bare day and month in running text is not a timestamp
    partial = dates.parse_any("5 февраля", partial=True)
    assert partial is not None and not partial.has_year and (partial.datetime.month, partial.datetime.day) == (2, 5)
    upper = dates.parse_any("17 ЧЕРВ, 09:15")
    assert upper is not None and upper.has_time and upper.datetime.month == 6


def test_web_abbreviations_of_cyrillic_months() -> None:
    for word, month in (("Сер", 8), ("лют", 2), ("Січ", 1), ("жов", 10)):
        parsed = dates.parse_any(f"3 {word}, 10:31")
        assert parsed is not None and parsed.datetime.month == month, word


def test_generated_names_are_current() -> None:
    babel = pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("gen_date_names", ROOT / "tools" / "gen_date_names.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_date_names"] = mod
    spec.loader.exec_module(mod)
    pytest.importorskip("pymorphy3")
    from auditor import date_names

    if babel.__version__ != date_names.BABEL_VERSION:
        pytest.skip(f"tables were generated with Babel {date_names.BABEL_VERSION}, {babel.__version__} installed")
    assert mod.main(["--check"]) == 0, "auditor/date_names.py is stale: run python tools/gen_date_names.py"
