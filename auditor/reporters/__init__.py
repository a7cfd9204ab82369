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
class ReportOptions:
    color: bool = False
    verbose: bool = False
    history: dict[str, Any] | None = None  # trend and new/fixed since last run, when known
    extra: dict[str, Any] = field(default_factory=dict)


def get_reporter(name: str) -> ModuleType:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(FORMATS[name])
