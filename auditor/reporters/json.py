"""JSON results: the versioned contract every other reporter reads (schema in auditor/schemas/)."""

from __future__ import annotations

import json
from typing import Any

from auditor.reporters import ReportOptions

EXTENSION = ".json"
BINARY = False


def render(results: dict[str, Any], options: ReportOptions) -> str:
    return json.dumps(results, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
