"""JSON results: the versioned contract every other reporter reads (schema in auditor/schemas/)."""

from __future__ import annotations

import json
from typing import IO, Any

from auditor.reporters import ReportOptions

EXTENSION = ".json"
BINARY = False


def render(results: dict[str, Any], options: ReportOptions) -> str:
    from auditor.spill import materialise

    return json.dumps(materialise(results), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(results: dict[str, Any], options: ReportOptions, stream: IO[str]) -> None:
    """The same bytes as ``render``, one document at a time (flat memory for any number of documents)."""
    from auditor.spill import write_spliced

    write_spliced(stream, results, ("documents",), results["documents"])
