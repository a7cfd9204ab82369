"""OpenSanctions / FollowTheMoney entity files: JSON lines, one entity per line
(``{"id", "schema", "properties": {name: [...], ...}}``).

Persons, organisations, companies and legal entities become entries; their designation dates come
from ``Sanction`` entities that point at them (``properties.entity``), either as separate lines
(the flat ``entities.ftm.json`` export) or nested under ``properties.sanctions`` (the
``targets.nested.json`` export): ``startDate`` (else ``listingDate``) is the first day,
``endDate`` the last, ``sourceUrl``/``authority``/``program``/``reason`` the decision. An entity
without a sanction is taken when it is a ``target``, with no dates. The first Cyrillic ``name``
is the register name; other names, ``alias`` and ``previousName`` are aliases, Latin names are
transliterations (``weakAlias`` is left out: too short to match safely). ``innCode``,
``ogrnCode``, ``registrationNumber`` and ``birthDate`` are kept as identifiers.
"""

from __future__ import annotations

import json
from typing import Any

import regex

from auditor.registries.importers.table import Parsed, Problem, clean_name, parse_date
from auditor.registries.model import Entry

VERSION = "ftm/1"
SUBJECTS = {"Person": "person", "Organization": "organisation", "Company": "organisation",
            "LegalEntity": "organisation", "PublicBody": "organisation"}
_IDS = {"innCode": "inn", "ogrnCode": "ogrn", "registrationNumber": "reg_no", "birthDate": "birth_date"}
_CYR = regex.compile(r"\p{Cyrillic}")


def parse(data: bytes, status: str, source: str | None = None) -> Parsed:
    out = Parsed()
    subjects: list[tuple[int, dict[str, Any]]] = []
    sanctions: dict[str, list[dict[str, Any]]] = {}
    text = data.decode("utf-8-sig", errors="replace")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ent = json.loads(line)
        except json.JSONDecodeError as exc:
            out.problems.append(Problem(f"line {lineno}", f"not JSON: {exc.msg}"))
            continue
        if not isinstance(ent, dict) or not isinstance(ent.get("properties"), dict):
            out.problems.append(Problem(f"line {lineno}", "not a FollowTheMoney entity (no properties)"))
            continue
        schema = ent.get("schema")
        props = ent["properties"]
        if schema == "Sanction":
            for target in props.get("entity") or []:
                tid = target.get("id") if isinstance(target, dict) else target
                sanctions.setdefault(str(tid), []).append(props)
        elif schema in SUBJECTS:
            subjects.append((lineno, ent))
            for nested in props.get("sanctions") or []:
                if isinstance(nested, dict) and isinstance(nested.get("properties"), dict):
                    sanctions.setdefault(str(ent.get("id")), []).append(nested["properties"])
    for lineno, ent in subjects:
        out.rows += 1
        eid = str(ent.get("id") or f"line-{lineno}")
        found = sanctions.get(eid, [])
        if not found and not ent.get("target"):
            continue
        entry_list = _entries(ent, found or [{}], status, source, lineno, out.problems)
        out.entries.extend(entry_list)
    return out


def _first(props: dict[str, Any], key: str) -> str | None:
    vals = props.get(key) or []
    return str(vals[0]) if vals else None


def _entries(
    ent: dict[str, Any], found: list[dict[str, Any]], status: str, source: str | None, lineno: int,
    problems: list[Problem],
) -> list[Entry]:
    props = ent["properties"]
    names = [clean_name(n) for n in props.get("name") or [] if clean_name(n)]
    if not names:
        problems.append(Problem(f"line {lineno}", f"entity {ent.get('id')!r} has no name"))
        return []
    name = next((n for n in names if _CYR.search(n)), names[0])
    others = [clean_name(n) for key in ("alias", "previousName") for n in props.get(key) or []]
    rest = [n for n in [*names, *others] if n and n != name]
    aliases = [n for n in rest if bool(_CYR.search(n)) == bool(_CYR.search(name))]
    translit = [n for n in rest if n not in aliases]
    ids = {ours: str(props[theirs][0]) for theirs, ours in _IDS.items() if props.get(theirs)}
    out: list[Entry] = []
    for n, sanc in enumerate(found):
        start = _first(sanc, "startDate") or _first(sanc, "listingDate")
        end = _first(sanc, "endDate")
        decision = "; ".join(x for x in (_first(sanc, "authority"), _first(sanc, "program"),
                                         _first(sanc, "reason")) if x) or None
        values: dict[str, Any] = {
            "id": str(ent.get("id")) + (f"#{n + 1}" if n else ""),
            "name": name,
            "aliases": list(dict.fromkeys(aliases)),
            "transliterations": list(dict.fromkeys(translit)),
            "kind": SUBJECTS[ent["schema"]],
            "status": status,
            "identifiers": ids,
            "listed_from": parse_date(start) if start else None,
            "listed_to": parse_date(end) if end else None,
            "decision": decision,
            "source": _first(sanc, "sourceUrl") or _first(props, "sourceUrl") or source,
        }
        try:
            out.append(Entry.model_validate(values))
        except ValueError as exc:
            problems.append(Problem(f"line {lineno}", f"{name!r}: {str(exc).splitlines()[-1].strip()}"))
    return out


def write(entries: list[Entry]) -> str:
    """Entries as FtM JSON lines: one subject and one Sanction per entry (the inverse of ``parse``)."""
    lines = []
    for e in entries:
        schema = "Person" if e.kind == "person" else "Organization"
        props: dict[str, list[str]] = {"name": [e.name, *e.transliterations]}
        if e.aliases:
            props["alias"] = list(e.aliases)
        for theirs, ours in _IDS.items():
            if ours in e.identifiers:
                props[theirs] = [e.identifiers[ours]]
        lines.append(json.dumps({"id": e.id, "schema": schema, "properties": props, "target": True},
                                ensure_ascii=False))
        sanc: dict[str, list[str]] = {"entity": [e.id]}
        if e.listed_from:
            sanc["startDate"] = [e.listed_from.isoformat()]
        if e.listed_to:
            sanc["endDate"] = [e.listed_to.isoformat()]
        if e.decision:
            sanc["reason"] = [e.decision]
        if e.source:
            sanc["sourceUrl"] = [e.source]
        lines.append(json.dumps({"id": f"{e.id}-sanction", "schema": "Sanction", "properties": sanc},
                                ensure_ascii=False))
    return "\n".join(lines) + "\n"
