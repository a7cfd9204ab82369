"""Fixtures of the reporter tests: the realistic results dict of tests/reports_fixtures.py (a test
module may define its own ``results``, as test_ci_formats.py does)."""

from __future__ import annotations

from typing import Any

import pytest
import reports_fixtures as rf


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """Validated results: Russian and English articles, every status, hostile text (fresh per module)."""
    return rf.make_results()
