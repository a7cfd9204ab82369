"""The texts the findings' spans point into, kept in the history for the review desk's article page.

The engine hands them over on the result (``DocumentResult.text``, kept by the apply stage on
documents with findings); this reads again only the documents with findings whose text it did
not. A source that cannot be read again simply has no text in the history.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.contracts import RuleSetLike


def document_texts(results: dict[str, Any], sources: list[Any], ruleset: RuleSetLike, field_map: dict[str, str],
                   have: Container[str] | None = None) -> dict[str, str]:
    from auditor.engine import Source
    from auditor.readers import read_bytes

    have = have if have is not None else set()
    wanted = {p for d in results.get("documents", []) if d.get("findings") and (p := str(d.get("path"))) not in have}
    if not wanted:
        return {}
    options = ruleset.reader_options
    if field_map:
        options = replace(options, field_map={**options.field_map, **field_map})
    out: dict[str, str] = {}
    for src in sources:
        if not isinstance(src, Source):
            continue
        if src.path not in wanted and not any(w.startswith(src.path) for w in wanted):
            continue
        try:
            data = src.data if src.data is not None else Path(src.fs_path or src.path).read_bytes()
            docs = read_bytes(data, src.path, options)
        except Exception:  # noqa: BLE001 - the history simply has no text for it
            continue
        for doc in docs:
            if doc.path in wanted:
                out[doc.path] = doc.text
    return out
