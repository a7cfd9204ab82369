"""Importers: an official publication (or an aggregator's export) -> a registry file with provenance.

``FORMATS`` maps ``--from`` names to modules with ``parse(data, status, source) -> Parsed`` and a
``VERSION``. ``import_bytes`` runs one and returns the registry document (a mapping ready to write
as YAML or JSON) and what it could not read.
"""

from __future__ import annotations

import hashlib
import importlib
from datetime import UTC, datetime
from typing import Any

from auditor.registries.importers.table import Parsed, Problem

__all__ = ["FORMATS", "LISTS", "Parsed", "Problem", "import_bytes", "parse_bytes"]

FORMATS = {
    "pdf": "auditor.registries.importers.pdf",
    "xlsx": "auditor.registries.importers.xlsx",
    "html": "auditor.registries.importers.html",
    "csv": "auditor.registries.importers.csv",
    "ftm": "auditor.registries.importers.ftm",
}

# list -> (title, where it is published); `auditor registries update` reads its URLs from config.
LISTS: dict[str, tuple[str, str]] = {
    "foreign_agent": ("Ministry of Justice: register of foreign agents", "https://minjust.gov.ru/ru/documents/7755/"),
    "undesirable": (
        "Ministry of Justice: list of foreign and international organisations declared undesirable",
        "https://minjust.gov.ru/ru/documents/7756/",
    ),
    "extremist": (
        "Ministry of Justice: list of organisations liquidated or banned as extremist",
        "https://minjust.gov.ru/ru/documents/7822/",
    ),
    "terrorist": (
        "Unified federal list of organisations recognised as terrorist (FSB)",
        "http://www.fsb.ru/fsb/npd/terror.htm",
    ),
}


def module(fmt: str) -> Any:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return importlib.import_module(FORMATS[fmt])


def parse_bytes(data: bytes, fmt: str, status: str, source: str | None = None) -> Parsed:
    return module(fmt).parse(data, status, source)  # type: ignore[no-any-return]


def import_bytes(
    data: bytes,
    fmt: str,
    status: str,
    *,
    registry_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    retrieved: datetime | None = None,
    sample: bool = False,
) -> tuple[dict[str, Any], Parsed]:
    """Parse ``data`` and build the registry document with its provenance."""
    from auditor import __version__

    src = source or LISTS.get(status, ("", None))[1]
    parsed = parse_bytes(data, fmt, status, src)
    when = (retrieved or datetime.now(UTC)).replace(microsecond=0)
    doc: dict[str, Any] = {
        "registry": registry_id or f"{status.replace('_', '-')}-{when.date().isoformat()}",
        "title": title or f"{LISTS.get(status, (status,))[0]} (imported {when.date().isoformat()})",
        "sample": sample,
        "kind": status,
        "source": src,
        "retrieved": when.isoformat(),
        "snapshot": when.date().isoformat(),
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "importer": f"auditor {__version__} {module(fmt).VERSION}",
        "entries": [e.to_data() for e in parsed.entries],
    }
    return doc, parsed
