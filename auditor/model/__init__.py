"""Plain values that cross every boundary: spans, segments, documents, findings, results.

Readers produce a ``Document`` (``model/document.py``); checks produce ``Finding``s; the engine
wraps them in a ``DocumentResult`` (``model/results.py``); reporters read only the JSON form of
results, which ``Finding.from_dict`` reads back.
"""

from __future__ import annotations

from auditor.model.document import (
    SEGMENT_KINDS,
    Document,
    Fields,
    Notice,
    Published,
    Segment,
    SourceMap,
    Span,
    Style,
)
from auditor.model.results import (
    FORMER_OUTCOMES,
    OUTCOME_ALIASES,
    SEVERITY_RANK,
    Directive,
    DocumentResult,
    Edit,
    Finding,
    Fix,
    Safety,
    Severity,
    Status,
    canonical_outcome,
    migrate_results,
    status_for,
)

__all__ = [
    "FORMER_OUTCOMES",
    "OUTCOME_ALIASES",
    "SEGMENT_KINDS",
    "SEVERITY_RANK",
    "Directive",
    "Document",
    "DocumentResult",
    "Edit",
    "Fields",
    "Finding",
    "Fix",
    "Notice",
    "Published",
    "Safety",
    "Segment",
    "Severity",
    "SourceMap",
    "Span",
    "Status",
    "Style",
    "canonical_outcome",
    "migrate_results",
    "status_for",
]
