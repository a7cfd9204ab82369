"""JSON results: the versioned contract every other reporter reads (schema in auditor/schemas/)."""

from __future__ import annotations

import io
from typing import IO, Any

from auditor.reporters import ReportOptions

EXTENSION = ".json"
BINARY = False


def render(results: dict[str, Any], options: ReportOptions) -> str:
    buf = io.StringIO()
    write(results, options, buf)
    return buf.getvalue()


def write(results: dict[str, Any], options: ReportOptions, stream: IO[str]) -> None:
    """Indented by 2, one document per line; written one document at a time (flat memory)."""
    from auditor.spill import write_spliced

    # spilled documents: their lines are already this report's, copied as they are (auditor/spill.py)
    write_spliced(stream, results, ("documents",), results["documents"])
