"""From the rows of a published table (or the items of a numbered list) to registry entries.

The official lists are tables whose first row (repeated on every page of a PDF) names the columns:
``ФИО`` / ``Полное наименование`` / ``Наименование организации``, ``Дата принятия решения о
включении``, ``... об исключении``, ``ИНН``, ``ОГРН``, ``СНИЛС``, ``Основания включения`` / the
court decision. Columns are found by these words, not by position, so a column more or less (or a
new order) does not break an import. Tolerated: merged cells (an empty cell below a filled one in a
row that continues a record across a page break), line breaks and hyphenation inside names,
«» and doubled quotes, dates as ``01.12.2022``, ``1.12.22``, ``2022-12-01``, ``1 декабря 2022 г.``,
spreadsheet date values and Excel serial numbers. Rows it cannot read become ``Problem``\\ s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import regex

from auditor.registries.model import Entry, looks_like_person

Cell = str | date | datetime | int | float | None


@dataclass(slots=True)
class Problem:
    where: str  # "row 14", "page 2, row 3", "line 7"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(slots=True)
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0  # data rows seen


# column role -> words in the header cell (lower case); the first role whose words all occur wins
_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("№",)),
    ("listed_to", ("исключ",)),
    ("listed_from", ("дата", "включ")),
    ("listed_from", ("дата", "признан")),
    ("listed_from", ("дата", "вступ")),
    ("listed_from", ("дата", "решени")),
    ("birth_date", ("дата", "рожд")),
    ("members", ("участник",)),
    ("members", ("член",)),
    ("aliases", ("ин", "наименован")),  # "иные наименования"
    ("name", ("фио",)),
    ("name", ("наименование",)),
    ("name", ("name",)),
    ("inn", ("инн",)),
    ("ogrn", ("огрн",)),
    ("snils", ("снилс",)),
    ("reg_no", ("рег", "номер")),
    ("decision", ("основани",)),
    ("decision", ("решени",)),
    ("decision", ("реквизит",)),
]
IDENTIFIERS = ("inn", "ogrn", "snils", "reg_no", "birth_date")
_ROLE_WORDS = regex.compile(r"фио|наименование|дата|включ|исключ|огрн|инн|основани|решени|№")


def clean_text(value: Cell) -> str:
    """A cell as one line: line breaks joined (a hyphen at the end of a line kept, without a space),
    spaces collapsed, doubled quotes single, typographic quotes kept."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    s = str(value).replace("\u00a0", " ").replace("\u00ad", "")
    s = regex.sub(r"(?<=\p{L})-[ \t]*\r?\n[ \t]*", "-", s)
    s = " ".join(s.split())
    return s.replace('""', '"')


def clean_name(value: Cell) -> str:
    s = clean_text(value).strip(" ;,.")
    s = regex.sub(r"^\d+[.)]\s+", "", s)  # a number the table kept in the name cell
    if s.count("«") > s.count("»"):
        s += "»"
    return s


_EXCEL_EPOCH = date(1899, 12, 30)


_OTHER_NAMES = regex.compile(
    r"\s*[(\[]\s*(?:(?:другие|иные|прежние)\s+(?:названи\w*|наименовани\w*)|также|ранее|англ\.?)"
    r"\s*[:\-–—]?\s*(?P<names>[^()]*)[)\]]",
    regex.I,
)
_QUOTED = regex.compile(r"«[^«»]{2,}»")


def split_names(name: str) -> tuple[str, list[str]]:
    """``X (другие названия: Y, Z)`` -> (X, [Y, Z]); a quoted proper name inside a descriptive one
    (``Международное религиозное объединение «Ат-Такфир Валь-Хиджра»``) becomes an alias in quotes,
    since texts name the organisation by it."""
    aliases: list[str] = []
    m = _OTHER_NAMES.search(name)
    if m:
        aliases += [a.strip(" ;,.") for a in regex.split(r"[;,](?![^«»]*»)", m.group("names")) if a.strip(" ;,.")]
        name = (name[: m.start()] + name[m.end() :]).strip()
    for q in _QUOTED.findall(name):
        if q != name and q not in aliases:
            aliases.append(q)
    return name, aliases


def parse_date(value: Cell) -> date | None:
    """The first date in a cell: a date value, an Excel serial number or a written date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    from auditor.dates import find_dates, parse_any

    text = clean_text(value)
    whole = parse_any(text)
    if whole is not None and whole.has_year:
        return whole.datetime.date()
    for _, _, found in find_dates(text):
        p = parse_any(found)
        if p is not None and p.has_year:
            return p.datetime.date()
    return None


def find_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]] | None:
    """The header row (index) and the column of each role; None when no row names a name column."""
    for i, row in enumerate(rows[:30]):
        roles = header_roles(row)
        if "name" in roles:
            return i, roles
    return None


def header_roles(row: Sequence[Cell]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, cell in enumerate(row):
        text = clean_text(cell).lower()
        if not text:
            continue
        for role, words in _ROLES:
            if all(w in text for w in words):
                if role == "aliases" and not text.startswith("ин"):
                    continue
                roles.setdefault(role, col)
                break
    return roles


def is_header_like(row: Sequence[Cell], header: Sequence[Cell]) -> bool:
    """A repeated header (every page of a PDF) or the row of column numbers under it."""
    cells = [clean_text(c) for c in row]
    if cells == [clean_text(c) for c in header]:
        return True
    filled = [c for c in cells if c]
    if filled and all(c.isdigit() for c in filled) and [int(c) for c in filled] == list(range(1, len(filled) + 1)):
        return True
    return sum(1 for c in filled if _ROLE_WORDS.search(c.lower())) >= max(2, len(filled) - 1)


def merge_continuations(rows: list[list[Cell]], roles: dict[str, int]) -> list[tuple[int, list[Cell]]]:
    """Rows as records: a row without a number and a name continues the record above it (a record
    split across a page break, or a merged cell exported as empty cells); its text is appended."""
    out: list[tuple[int, list[Cell]]] = []
    num, name = roles.get("number"), roles["name"]
    for i, row in enumerate(rows):
        def has(col: int | None, r: list[Cell] = row) -> bool:
            return col is not None and col < len(r) and clean_text(r[col]) != ""

        if out and not has(num) and not has(name) and any(clean_text(c) for c in row):
            prev = out[-1][1]
            for col, cell in enumerate(row):
                if clean_text(cell) and col < len(prev):
                    prev[col] = f"{clean_text(prev[col])}\n{clean_text(cell)}".strip()
            continue
        if out and num is not None and not has(num) and has(name) and _continues(row, roles):
            prev = out[-1][1]
            prev[name] = _join(clean_text(prev[name]), clean_text(row[name]))
            continue
        out.append((i, list(row)))
    return out


def _continues(row: Sequence[Cell], roles: dict[str, int]) -> bool:
    """A row with only the rest of a name (the record's other cells empty) continues the name above."""
    others = [c for col, c in enumerate(row) if col != roles["name"] and clean_text(c)]
    return not others


def _join(a: str, b: str) -> str:
    if a.endswith("-"):
        return a + b
    return f"{a} {b}".strip()


def entries_from_rows(
    rows: list[list[Cell]], status: str, where: str = "row", first_row: int = 1, source: str | None = None
) -> Parsed:
    """Entries of list ``status`` from table rows (header included); ``where`` labels problems."""
    out = Parsed()
    found = find_header(rows)
    if found is None:
        out.problems.append(Problem(f"{where} {first_row}", "no header row naming a name column (ФИО / наименование)"))
        return out
    h, roles = found
    header = rows[h]
    body = [list(r) for r in rows[h + 1 :]]
    records = merge_continuations([r for r in body if not is_header_like(r, header)], roles)
    seen: dict[str, int] = {}
    for n, (_, row) in enumerate(records):
        out.rows += 1
        label = f"{where} {first_row + h + 1 + n}"
        entry = entry_from_record(row, roles, status, label, out.problems, source)
        if entry is None:
            continue
        if entry.id in seen:  # the same name twice in one list: keep both with distinct ids
            seen[entry.id] += 1
            entry = entry.model_copy(update={"id": f"{entry.id}-{seen[entry.id]}"})
        else:
            seen[entry.id] = 1
        out.entries.append(entry)
    return out


def _cell(row: Sequence[Cell], roles: dict[str, int], role: str) -> Cell:
    col = roles.get(role)
    return row[col] if col is not None and col < len(row) else None


def entry_from_record(
    row: Sequence[Cell],
    roles: dict[str, int],
    status: str,
    label: str,
    problems: list[Problem],
    source: str | None = None,
) -> Entry | None:
    name = clean_name(_cell(row, roles, "name"))
    if not name:
        if any(clean_text(c) for c in row):
            problems.append(Problem(label, "no name in the name column"))
        return None
    name, extra = split_names(name)
    values: dict[str, Any] = {"name": name, "status": status, "source": source, "aliases": extra}
    for key in ("listed_from", "listed_to"):
        raw = _cell(row, roles, key)
        if clean_text(raw):
            d = parse_date(raw)
            if d is None:
                problems.append(Problem(label, f"{key}: {clean_text(raw)!r} is not a date; {name!r} skipped"))
                return None
            values[key] = d
    ids = {}
    for key in IDENTIFIERS:
        raw = _cell(row, roles, key)
        text = clean_text(raw)
        if key == "birth_date" and text:
            d = parse_date(raw)
            text = d.isoformat() if d else text
        if text and text not in ("-", "—", "–"):
            ids[key] = text
    values["identifiers"] = ids
    decision = clean_text(_cell(row, roles, "decision"))
    if decision:
        values["decision"] = decision
    aliases = clean_text(_cell(row, roles, "aliases"))
    if aliases:
        values["aliases"] += [a.strip() for a in regex.split(r"[;|]", aliases) if a.strip()]
    values["kind"] = "person" if looks_like_person(name) else "organisation"
    values["id"] = entry_id(status, name, ids)
    try:
        return Entry.model_validate(values)
    except ValueError as exc:
        problems.append(Problem(label, f"{name!r}: {str(exc).splitlines()[-1].strip()}"))
        return None


def entry_id(status: str, name: str, ids: dict[str, str]) -> str:
    """A stable id: the list and an identifier when published, else a hash of the folded name."""
    for key in ("ogrn", "inn", "snils", "reg_no"):
        if ids.get(key):
            return f"{status}:{key}:{ids[key]}"
    folded = " ".join(name.upper().replace("Ё", "Е").replace("«", '"').replace("»", '"').split())
    return f"{status}:{hashlib.sha1(folded.encode()).hexdigest()[:12]}"


# -- numbered lists: "12. Name (решение ... от 01.02.2003, вступило в силу 04.03.2003);" ------------
_ITEM = regex.compile(r"(?m)^[ \t]*(\d{1,4})[.)][ \t]+(\S.*?)(?=\n[ \t]*\d{1,4}[.)][ \t]+\S|\Z)", regex.DOTALL)
_IN_FORCE = regex.compile(r"вступ\w*\s+в\s+(?:законную\s+)?силу\s+(?:с\s+)?(\S+(?:\s+\S+){0,3})", regex.I)
_DECISION = regex.compile(r"\((?P<d>[^()]*(?:решени|определени|приговор|постановлени)[^()]*)\)\s*[;.]?\s*$", regex.I)


def entries_from_items(text: str, status: str, where: str = "item", source: str | None = None) -> Parsed:
    """Entries from a numbered list (the extremist and terrorist lists as web pages): each item is
    a name followed by the decision in brackets; the designation starts on the day the decision
    took effect when the item says so, else on the decision's date."""
    out = Parsed()
    for m in _ITEM.finditer(text):
        out.rows += 1
        label = f"{where} {m.group(1)}"
        body = clean_text(m.group(2)).rstrip(" ;.")
        dm = _DECISION.search(body + ")" if body.count("(") > body.count(")") else body)
        decision = dm.group("d").strip() if dm else None
        name = clean_name(body[: dm.start()] if dm else body)
        if not name:
            out.problems.append(Problem(label, "no name before the decision"))
            continue
        listed: date | None = None
        if decision:
            fm = _IN_FORCE.search(decision)
            listed = parse_date(fm.group(1)) if fm else None
            if listed is None:
                listed = parse_date(decision)
        name, extra = split_names(name)
        values: dict[str, Any] = {
            "id": entry_id(status, name, {}),
            "name": name,
            "aliases": extra,
            "status": status,
            "kind": "person" if looks_like_person(name) else "organisation",
            "listed_from": listed,
            "decision": decision,
            "source": source,
        }
        try:
            out.entries.append(Entry.model_validate(values))
        except ValueError as exc:
            out.problems.append(Problem(label, f"{name!r}: {str(exc).splitlines()[-1].strip()}"))
    return out
