"""Reporter registry: format name -> module. Reporters read only the JSON results contract.

A reporter module defines ``EXTENSION`` (default file suffix), ``BINARY`` (bytes or text) and
``render(results: dict, options: ReportOptions) -> str | bytes``. ``results`` is the dict that
validates against ``auditor/schemas/results.schema.json``; reporters never re-read articles.
A new format is one new module plus one line in ``FORMATS``.

Large runs: in ``auditor check`` the ``documents`` of ``results`` live in a spill file
(``auditor/spill.py``). A reporter may define ``write(results, options, stream)`` to write one
document at a time to a text (or, when ``BINARY``, a bytes) stream (JSON, SARIF and XLSX do), or
set ``READS_SPILL = True`` when ``render`` only iterates ``results["documents"]``; any other
reporter gets the documents as a list.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

FORMATS: dict[str, str] = {
    "console": "auditor.reporters.console",
    "json": "auditor.reporters.json",
    "sarif": "auditor.reporters.sarif",
    "junit": "auditor.reporters.junit",
    "github": "auditor.reporters.github",
    "gitlab": "auditor.reporters.gitlab",
    "checkstyle": "auditor.reporters.checkstyle",
    "xlsx": "auditor.reporters.xlsx",
    "html": "auditor.reporters.html",
    "pdf": "auditor.reporters.pdf",
    "md": "auditor.reporters.markdown",
    "markdown": "auditor.reporters.markdown",
}


@dataclass(slots=True)
class ReportLimits:
    """Caps a run may lower for large results (None: the reporter's own default)."""

    xlsx_max_rows: int | None = None  # rows per sheet (header included)
    html_max_findings: int | None = None  # rows of the HTML findings table
    html_max_articles: int | None = None  # rows of the HTML articles table
    toc_min_documents: int | None = None  # printed reports: a table of contents from this many articles
    pdf_max_findings: int | None = None  # printed findings
    pdf_max_articles: int | None = None  # rows of the printed articles table
    md_max_documents: int | None = None  # failing/unreadable articles in the Markdown summary


@dataclass(slots=True)
class ReportOptions:
    color: bool = False
    verbose: bool = False
    history: dict[str, Any] | None = None  # trend and new/fixed since last run, when known
    named: set[str] = field(default_factory=set)  # paths given on the command line (console: missing ones NOT AUDITED)
    fail_rank: int = 3  # the --fail-on rank (console: which findings fail)
    annotations: int | None = None  # GitHub annotations cap (default: AUDITOR_ANNOTATIONS, else 50)
    rule_docs_url: str | None = None  # SARIF helpUri base (default: AUDITOR_RULE_DOCS_URL, else the run's)
    limits: ReportLimits = field(default_factory=ReportLimits)


def get_reporter(name: str) -> ModuleType:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(FORMATS[name])
