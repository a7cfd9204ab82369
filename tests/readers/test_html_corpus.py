"""The HTML reader on the development corpus of real pages (skipped when the corpus is absent).

Matching rules are documented in bench/corpus_extraction.py, which prints the same table.
Run with ``pytest -s tests/readers/test_html_corpus.py`` to see the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "labels.csv").is_file(), reason="development corpus not present"),
]


@pytest.fixture(scope="module")
def stats(bench_script: Callable[[str], ModuleType]):  # type: ignore[no-untyped-def]
    bench = bench_script("corpus_extraction")
    result = bench.evaluate(CORPUS)
    print("\n" + bench.table(result))
    return result


def test_every_page_is_read(stats) -> None:  # type: ignore[no-untyped-def]
    assert stats.errors == []
    assert stats.pages == 67


def test_authors_extracted(stats) -> None:  # type: ignore[no-untyped-def]
    assert stats.authors_labelled >= 50
    assert stats.author_share >= 0.80, "\n".join(m for m in stats.misses if m.startswith("author"))


def test_timestamps_as_shown(stats) -> None:  # type: ignore[no-untyped-def]
    assert stats.stamps_labelled >= 60
    assert stats.stamp_share >= 0.80, "\n".join(m for m in stats.misses if m.startswith("timestamp"))


def test_little_is_invented(stats) -> None:  # type: ignore[no-untyped-def]
    # labelled "no author" pages where the visible text still yields a name (a dateline place,
    # a section label) stay rare; metadata authors are real credits and are reported apart
    assert stats.invented_author_text <= 3
    assert stats.invented_stamp_text == 0


def test_no_page_has_a_notice_segment(stats) -> None:  # type: ignore[no-untyped-def]
    assert stats.notice_pages == []
