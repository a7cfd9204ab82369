"""The documented CSV: ``name,aliases,kind,listed_from,listed_until,source_url``.

Aliases are separated by ``|``; ``kind`` is the list (foreign_agent, extremist, terrorist,
undesirable; Russian words such as ``иностранный агент`` are understood; empty: ``--kind``);
dates are ``YYYY-MM-DD`` (other written forms are read too); an empty ``listed_until`` means
still listed. UTF-8 or a Cyrillic code page; comma, semicolon or tab. Optional extra columns:
``id``, ``entity`` (person/organisation), ``decision``, ``inn``, ``ogrn``, ``snils``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from auditor.registries.importers.table import Parsed, Problem, clean_name, clean_text, entry_id, parse_date
from auditor.registries.model import STATUSES, Entry, looks_like_person

VERSION = "csv/1"
COLUMNS = ("name", "aliases", "kind", "listed_from", "listed_until", "source_url")


def parse(data: bytes, status: str, source: str | None = None) -> Parsed:
    from auditor.readers import ReadError
    from auditor.readers.common import decode
    from auditor.registries.store import _status

    out = Parsed()
    try:
        text, _ = decode(data, "csv")
    except ReadError as exc:
        out.problems.append(Problem("file", str(exc).removeprefix("csv: ")))
        return out
    first = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text), delimiter=max(",;\t", key=first.count))
    header = [h.strip().lstrip("\ufeff").lower() for h in next(rows, [])]
    if "name" not in header:
        out.problems.append(Problem("line 1", f"no 'name' column (columns: {', '.join(header) or 'none'})"))
        return out
    col = {h: i for i, h in enumerate(header)}
    for lineno, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        out.rows += 1
        label = f"line {lineno}"

        def get(key: str, r: list[str] = row) -> str:
            i = col.get(key)
            return clean_text(r[i]) if i is not None and i < len(r) else ""

        name = clean_name(get("name"))
        if not name:
            out.problems.append(Problem(label, "empty name"))
            continue
        kind = _status(get("kind")) if get("kind") else status
        if kind not in STATUSES:
            out.problems.append(Problem(label, f"kind {get('kind')!r} is not one of {', '.join(STATUSES)}"))
            continue
        values: dict[str, Any] = {
            "name": name,
            "status": kind,
            "aliases": [a.strip() for a in get("aliases").split("|") if a.strip()],
            "source": get("source_url") or source,
            "decision": get("decision") or None,
        }
        bad = False
        for ours, theirs in (("listed_from", "listed_from"), ("listed_to", "listed_until")):
            if get(theirs):
                d = parse_date(get(theirs))
                if d is None:
                    out.problems.append(Problem(label, f"{theirs}: {get(theirs)!r} is not a date"))
                    bad = True
                values[ours] = d
        if bad:
            continue
        ids = {k: get(k) for k in ("inn", "ogrn", "snils") if get(k)}
        values["identifiers"] = ids
        entity = get("entity").lower()
        values["kind"] = entity if entity in ("person", "organisation", "media", "association") else (
            "person" if looks_like_person(name) else "organisation"
        )
        values["id"] = get("id") or entry_id(kind, name, ids)
        try:
            out.entries.append(Entry.model_validate(values))
        except ValueError as exc:
            out.problems.append(Problem(label, f"{name!r}: {str(exc).splitlines()[-1].strip()}"))
    return out


def write(entries: list[Entry]) -> str:
    """Entries as the documented CSV (the inverse of ``parse`` for its columns)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in entries:
        w.writerow([
            e.name,
            "|".join(e.aliases),
            e.status,
            e.listed_from.isoformat() if e.listed_from else "",
            e.listed_to.isoformat() if e.listed_to else "",
            e.source or "",
        ])
    return buf.getvalue()
