"""PDF report for print: the HTML report's print version rendered by WeasyPrint.

Page numbers and a running title come from print CSS (@page); a table of contents with page
numbers lists the sections and, for longer runs, each article with findings. Cyrillic needs a
font that has it: the CSS asks for DejaVu Sans (found through fontconfig) and WeasyPrint embeds
the subset it uses. Same results, same bytes: SOURCE_DATE_EPOCH is fixed while rendering (from the
environment when set, else from the audit date), which fixes the embedded fonts' timestamps.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from auditor.reporters import ReportOptions

EXTENSION = ".pdf"
BINARY = True

MAX_FINDINGS = 2000  # printed findings (override: options.limits.pdf_max_findings)
MAX_ARTICLES = 1000  # rows of the printed articles table (override: options.limits.pdf_max_articles)


def _epoch(results: dict[str, Any]) -> str:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return env
    try:
        day = datetime.fromisoformat(str(results.get("run", {}).get("as_of"))).replace(tzinfo=UTC)
    except ValueError:
        day = datetime(2000, 1, 1, tzinfo=UTC)
    return str(int(day.timestamp()))


@contextmanager
def _source_date_epoch(value: str) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def render(results: dict[str, Any], options: ReportOptions) -> bytes:
    import logging

    import weasyprint

    from auditor.reporters import html

    lim = options.limits
    limits = replace(
        lim,
        html_max_findings=lim.html_max_findings or lim.pdf_max_findings or MAX_FINDINGS,
        html_max_articles=lim.html_max_articles or lim.pdf_max_articles or MAX_ARTICLES,
    )
    print_options = ReportOptions(color=False, verbose=options.verbose, history=options.history, limits=limits)
    page = html.build(results, print_options, print_mode=True)
    epoch = _epoch(results)
    when = datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    # dates in the PDF's info dictionary come from these <meta> tags, never from the clock
    page = page.replace(
        '<meta name="generator" content="auditor">',
        f'<meta name="generator" content="auditor"><meta name="dcterms.created" content="{when}">'
        f'<meta name="dcterms.modified" content="{when}"><meta name="author" content="auditor">',
        1,
    )
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with _source_date_epoch(epoch):
        doc = weasyprint.HTML(string=page, base_url=None, url_fetcher=_no_fetch)
        return doc.write_pdf(uncompressed_pdf=False)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The report never loads anything from outside; refuse every URL."""
    raise ValueError(f"the PDF report does not fetch {url!r}")
