"""Reading registry files: YAML/JSON with ``entries`` and provenance, plain CSV, or a YAML file that
points at a CSV export, for the ``mention`` check.

A registry is a YAML (or JSON) file with ``entries`` (see ``docs/registries.md``), a plain CSV
(the documented ``name,aliases,kind,listed_from,listed_until,source_url``, or the older
``id,name,aliases,kind,status,listed_from,listed_to,source``), or a YAML file that points
at a CSV export of an official list (``csv:``) and maps its columns (``columns:``). One entity
with two designations (e.g. foreign agent and undesirable) is two rows with the same ``id``.

``load_registry(spec)`` takes a shipped registry id (``rules/registries/<id>.yaml|csv``) or a path;
problems raise ``RegistryError`` whose lines read ``file:line:col: key: message``. Loaded
registries are cached per file (path, size and modification time), so a run reads each once.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from auditor.packs.loader import (
    PackError,
    PackLoadError,
    display_path,
    looks_like_path,
    plain,
    read_document,
    rules_dir,
    validation_errors,
)
from auditor.registries.model import (
    KIND_VALUES,
    STATUSES,
    Entry,
    Provenance,
    Registry,
    _Strict,
    looks_like_person,
    person_variants,
)

__all__ = [
    "KIND_VALUES",
    "STATUSES",
    "Entry",
    "Registry",
    "RegistryError",
    "load_registry",
    "person_variants",
    "registries_dir",
]

SUFFIXES = (".yaml", ".yml", ".json", ".csv")
CSV_COLUMNS = ("id", "name", "aliases", "kind", "status", "listed_from", "listed_to", "source")
# the documented CSV's headers, as our fields (its `kind` holds the list: foreign_agent, extremist, ...)
CSV_SYNONYMS = {"listed_until": "listed_to", "source_url": "source"}


class RegistryError(Exception):
    """A registry that cannot be used; ``errors`` are one-line PackErrors."""

    def __init__(self, errors: list[PackError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class CsvSource(_Strict):
    path: str = Field(description="The CSV file, relative to this YAML file.")
    delimiter: str | None = Field(default=None, description="Default: sniffed (comma, semicolon or tab).")
    columns: dict[str, str] = Field(
        default_factory=dict, description="Our field -> the export's column header, e.g. name: 'ФИО'."
    )
    defaults: dict[str, str] = Field(
        default_factory=dict, description="Values for fields the export lacks, e.g. status: foreign_agent."
    )
    date_formats: list[str] = Field(
        default_factory=lambda: ["%Y-%m-%d", "%d.%m.%Y"], description="strftime formats of the dates."
    )

    @field_validator("columns")
    @classmethod
    def _known(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(CSV_COLUMNS))
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}; map any of {', '.join(CSV_COLUMNS)}")
        return v


class RegistryFile(_Strict):
    registry: str = Field(description="Id of the registry.")
    title: str
    sample: bool = Field(default=False, description="true: illustrative sample, not the official list.")
    snapshot: date | None = Field(default=None, description="Day the list was copied.")
    source: str | None = Field(default=None, description="Where the official list is published.")
    retrieved: datetime | date | None = Field(default=None, description="When the source document was fetched.")
    source_sha256: str | None = Field(default=None, description="sha256 of the source document as fetched.")
    importer: str | None = Field(default=None, description="The importer and its version that wrote this file.")
    kind: str | None = Field(default=None, description="The list: foreign_agent, extremist, terrorist, undesirable.")
    description: str | None = None
    entries: list[Entry] = Field(default_factory=list)
    csv: CsvSource | None = Field(default=None, description="Read the entries from a CSV export instead.")


# -- finding a registry --------------------------------------------------------------------------
def registries_dir() -> Path:
    return rules_dir() / "registries"


def shipped_registries() -> list[tuple[str, Path]]:
    root = registries_dir()
    if not root.is_dir():
        return []
    out = []
    for p in root.iterdir():
        if p.suffix in SUFFIXES and not p.name.startswith("."):
            out.append((p.name[: -len(p.suffix)], p))
    return sorted(out)


def resolve_registry(spec: str, base: Path | None = None) -> Path:
    """A shipped registry id or a path (relative to ``base``, the folder of the pack that names it)."""
    if looks_like_path(spec) or spec.endswith(".csv"):
        p = Path(spec)
        if base is not None and not p.is_absolute():
            p = base / p
        if p.is_file():
            return p
        raise RegistryError([PackError(spec, message="no such registry file")])
    for rid, path in shipped_registries():
        if rid == spec:
            return path
    known = ", ".join(rid for rid, _ in shipped_registries()) or "none"
    raise RegistryError([PackError(spec, message=f"no shipped registry with this id (shipped: {known})")])


_CACHE: dict[str, tuple[tuple[tuple[int, int], ...], Registry]] = {}


def _stamp(paths: list[str]) -> tuple[tuple[int, int], ...]:
    out = []
    for p in paths:
        try:
            st = Path(p).stat()
            out.append((st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((-1, -1))
    return tuple(out)


def load_registry(spec: str, base: Path | None = None) -> Registry:
    path = resolve_registry(spec, base)
    key = str(path.resolve())
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == _stamp([key, *hit[1].reads]):
        return hit[1]
    reg = _read(path)
    _CACHE[key] = (_stamp([key, *reg.reads]), reg)
    return reg


def remember(spec: str, reg: Registry) -> None:
    """Keep a registry loaded elsewhere (auditor/packcache.py) as if this store had read it."""
    key = str(resolve_registry(spec).resolve())
    _CACHE[key] = (_stamp([key, *reg.reads]), reg)


def registries_info(specs: list[str]) -> list[dict[str, Any]]:
    """What a run used: id, title, path, sha256, entries, sample, and how Russian names were matched
    (``matching``: pymorphy3 lemmas, or the less precise fallback when pymorphy3 is not installed) -
    for results and cache keys (installing pymorphy3 changes the key, so cached results are redone)."""
    out: list[dict[str, Any]] = []
    for spec in specs:
        try:
            reg = load_registry(spec)
        except (RegistryError, OSError):
            continue
        out.append({**reg.info(), "matching": matching()})
    return out


def matching() -> str:
    """How Russian names in the text are matched against registry names (a note for the results)."""
    from auditor import morph

    if morph.available():
        return "lemmas (pymorphy3)"
    return (
        "suffix stripping: pymorphy3 is not installed (pip install 'auditor[morph]'), so some inflected "
        "Russian names may be missed"
    )


# -- reading -------------------------------------------------------------------------------------
def _read(path: Path) -> Registry:
    shown = display_path(path)
    digest = hashlib.sha256(path.read_bytes())
    if path.suffix == ".csv":
        entries = read_csv(path.read_bytes(), shown, CsvSource(path=path.name))
        return Registry(path.stem, path.stem, shown, False, entries, digest.hexdigest())
    model = _fast(path)  # large imported files: no positions needed unless something is wrong
    if model is None:
        try:
            data, _ = read_document(path, shown)
        except PackLoadError as exc:
            raise RegistryError(exc.errors) from None
        try:
            model = RegistryFile.model_validate(plain(data))
        except ValidationError as exc:
            schema = RegistryFile.model_json_schema()
            raise RegistryError(validation_errors(exc, data, shown, schema)) from None
    entries = list(model.entries)
    if model.csv is not None:
        csv_path = path.parent / model.csv.path
        try:
            raw = csv_path.read_bytes()
        except OSError as exc:
            raise RegistryError(
                [
                    PackError(
                        shown, None, None, "csv.path", f"cannot read {model.csv.path}: {exc.strerror or exc}"
                    )
                ]
            ) from None
        entries.extend(read_csv(raw, display_path(csv_path), model.csv))
        digest.update(raw)
        reads = (str(csv_path.resolve()),)
    else:
        reads = ()
    prov = Provenance(
        source=model.source, retrieved=model.retrieved, source_sha256=model.source_sha256, importer=model.importer
    )
    return Registry(
        model.registry, model.title, shown, model.sample, entries, digest.hexdigest(), reads, prov, model.snapshot
    )


def _fast(path: Path) -> RegistryFile | None:
    """Parse and validate without keeping positions (JSON, or YAML with the C loader when there is
    one); None on any problem, so the slow path can say where it is."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if path.suffix == ".json":
            import json

            data = json.loads(text)
        else:
            from ruamel.yaml import YAML

            data = YAML(typ="safe").load(text)
        return RegistryFile.model_validate(data) if isinstance(data, dict) else None
    except Exception:
        return None


def read_csv(data: bytes, shown: str, spec: CsvSource) -> list[Entry]:
    """Entries from a CSV export: UTF-8 or a Cyrillic code page, any of , ; tab as delimiter."""
    from auditor.readers import ReadError
    from auditor.readers.common import decode

    try:
        text, _ = decode(data, shown)
    except ReadError as exc:
        raise RegistryError([PackError(shown, message=str(exc).removeprefix(shown + ": "))]) from None
    delimiter = spec.delimiter
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(rows)]
        header = [CSV_SYNONYMS.get(h, h) if h not in spec.columns.values() else h for h in header]
    except StopIteration:
        raise RegistryError([PackError(shown, 1, 1, None, "empty CSV: a header row is required")]) from None
    col_of = {ours: spec.columns.get(ours, ours) for ours in CSV_COLUMNS}
    missing = [theirs for ours, theirs in col_of.items() if ours == "name" and theirs not in header]
    if missing:
        raise RegistryError(
            [PackError(shown, 1, 1, None, f"no column {missing[0]!r} (columns: {', '.join(header)})")]
        )
    index = {ours: header.index(theirs) for ours, theirs in col_of.items() if theirs in header}
    errors: list[PackError] = []
    entries: list[Entry] = []
    for lineno, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values: dict[str, Any] = dict(spec.defaults)
        for ours, i in index.items():
            if i < len(row) and row[i].strip():
                values[ours] = row[i].strip()
        for key in ("listed_from", "listed_to"):
            if isinstance(values.get(key), str):
                parsed = _parse_date(values[key], spec.date_formats)
                if parsed is None:
                    col = index.get(key, 0) + 1
                    errors.append(
                        PackError(
                            shown,
                            lineno,
                            col,
                            key,
                            f"{values[key]!r} is not a date ({', '.join(spec.date_formats)})",
                        )
                    )
                    values.pop(key)
                else:
                    values[key] = parsed
        values.setdefault("id", values.get("name", f"row-{lineno}"))
        if isinstance(values.get("kind"), str) and _status(values["kind"]) in STATUSES:
            # the documented CSV: `kind` names the list; person or organisation follows from the name
            values.setdefault("status", _status(values["kind"]))
            values["kind"] = "person" if looks_like_person(values.get("name", "")) else "organisation"
        if isinstance(values.get("status"), str):
            values["status"] = _status(values["status"])
        try:
            entries.append(Entry.model_validate(values))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                field = str(err["loc"][0]) if err["loc"] else None
                col = index.get(field, 0) + 1 if field else None
                msg = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "literal_error":
                    msg = f"{msg} (got {err.get('input')!r})"
                errors.append(PackError(shown, lineno, col, field, msg))
    if errors:
        raise RegistryError(errors)
    return entries


_STATUS_WORDS = {
    "foreign_agent": (
        "foreign agent",
        "foreign_agent",
        "иноагент",
        "иностранный агент",
        "иностранного агента",
    ),
    "extremist": ("extremist", "экстремист"),
    "terrorist": ("terrorist", "террорист"),
    "undesirable": ("undesirable", "нежелательн"),
}


def _status(value: str) -> str:
    """Accept the status as written in an export ("иностранный агент", "Extremist") as well as our ids."""
    low = value.strip().lower().replace("-", " ")
    for status, words in _STATUS_WORDS.items():
        if low == status or any(w in low for w in words):
            return status
    return value.strip()


def _parse_date(value: str, formats: list[str]) -> date | None:
    for fmt in formats:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


# -- writing -------------------------------------------------------------------------------------
def dump_registry(doc: dict[str, Any], suffix: str) -> str:
    """A registry document as JSON (``.json``) or YAML (anything else), keys in the model's order."""
    if suffix == ".json":
        import json

        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def write_registry(path: Path, doc: dict[str, Any]) -> None:
    """Write atomically: a reader never sees half a file, and a failed write keeps the old one."""
    import os
    import tempfile

    text = dump_registry(doc, path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_specs(specs: list[str], base: Path | None) -> tuple[list[str], list[str]]:
    """Resolve registry specs of a pack (paths relative to the pack's folder): (resolved, problems)."""
    resolved: list[str] = []
    problems: list[str] = []
    for spec in specs:
        try:
            path = resolve_registry(spec, base)
            load_registry(str(path))
            resolved.append(str(path) if looks_like_path(spec) or spec.endswith(".csv") else spec)
        except RegistryError as exc:
            problems.extend(str(e) if e.file != spec else f"{spec!r}: {e.message}" for e in exc.errors)
        except OSError as exc:
            problems.append(f"{spec!r}: cannot read: {exc.strerror or exc}")
    return resolved, problems
