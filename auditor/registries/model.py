"""The registry model: entries with their designation dates, and the file's provenance.

An ``Entry`` is one designation of one person or organisation: its list (``status``: foreign_agent,
extremist, terrorist, undesirable), the name as the register writes it, aliases and
transliterations, whether it is a person or an organisation (``kind``), identifiers where the
register publishes them (ИНН, ОГРН, СНИЛС, registration number), the first and last day of the
designation and the decision it rests on. One entity with two designations is two entries with the
same ``id``.

A ``Registry`` is a loaded file: its entries and where they came from (source URL, retrieval
date, sha256 of the source document, importer version, and whether it is a sample).
``Registry.status(name, day)`` answers "what was X on day D".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import regex
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

STATUSES = ("foreign_agent", "extremist", "terrorist", "undesirable")
Status = Literal["foreign_agent", "extremist", "terrorist", "undesirable"]
KIND_VALUES = ("person", "organisation", "media", "association")


class _Strict(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)


class Entry(_Strict):
    """One designation of one person or organisation."""

    id: str = Field(description="Stable key; rows with the same id are one entity with several statuses.")
    name: str = Field(description="The name as in the register.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names, Russian and English (also a mapping language -> names). Quote marks in "
        "an alias are required in the text (any quote style): `«Дождь»` does not match the word for rain.",
    )
    transliterations: list[str] = Field(
        default_factory=list, description="Latin spellings of a Cyrillic name (or the reverse); matched like aliases."
    )
    kind: Literal["person", "organisation", "media", "association"] = "organisation"
    status: Status
    identifiers: dict[str, str] = Field(
        default_factory=dict, description="Identifiers the register publishes: inn, ogrn, snils, reg_no, ..."
    )
    listed_from: date | None = Field(default=None, description="First day of the designation.")
    listed_to: date | None = Field(
        default=None,
        validation_alias=AliasChoices("listed_to", "listed_until"),
        description="Last day (none: still listed); `listed_until` is accepted too.",
    )
    decision: str | None = Field(default=None, description="The decision the designation rests on (its reference).")
    source: str | None = Field(default=None, description="Where the designation is published (URL).")
    note: str | None = None

    @field_validator("aliases", "transliterations", mode="before")
    @classmethod
    def _aliases(cls, v: Any) -> Any:
        if isinstance(v, dict):  # {ru: [...], en: [...]}
            return [a for names in v.values() for a in (names if isinstance(names, list) else [names])]
        if isinstance(v, str):
            return [a.strip() for a in regex.split(r"[;|]", v) if a.strip()]
        return [] if v is None else v

    @field_validator("listed_from", "listed_to", mode="before")
    @classmethod
    def _blank_date(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("identifiers", mode="before")
    @classmethod
    def _identifiers(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): str(x) for k, x in v.items() if x not in (None, "")}
        return {} if v is None else v

    @model_validator(mode="after")
    def _dates(self) -> Entry:
        if self.listed_from and self.listed_to and self.listed_to < self.listed_from:
            raise ValueError(f"listed_to {self.listed_to} is before listed_from {self.listed_from}")
        return self

    @property
    def listed_until(self) -> date | None:
        return self.listed_to

    def names(self) -> list[str]:
        """The name, its aliases and transliterations and, for a person, the orders the press writes
        the name in."""
        out = list(dict.fromkeys([self.name, *self.aliases, *self.transliterations]))
        if self.kind == "person":
            for n in [self.name, *self.transliterations]:
                out.extend(v for v in person_variants(n) if v not in out)
        return out

    def active(self, day: date) -> bool:
        return (self.listed_from is None or day >= self.listed_from) and (
            self.listed_to is None or day <= self.listed_to
        )

    def to_data(self) -> dict[str, Any]:
        """Plain data for a registry file: empty fields left out, dates as ISO strings."""
        out = self.model_dump(mode="json", exclude_defaults=True)
        out.setdefault("kind", self.kind)
        return {k: out[k] for k in type(self).model_fields if k in out}


_RU_FIO = regex.compile(r"^(\p{Cyrillic}+(?:-\p{Cyrillic}+)*)((?:\s+\p{Cyrillic}+){1,2})$")


def person_variants(name: str) -> list[str]:
    """Registers list a person as ``Фамилия Имя Отчество``; texts write ``Имя Фамилия``,
    ``Имя Отчество Фамилия``, ``И. Фамилия``, ``И. О. Фамилия`` or ``Фамилия И. О.``. The surname
    alone is not a variant (too many namesakes). Other shapes of name give no variants."""
    clean = " ".join(name.split())
    m = _RU_FIO.match(clean)
    if m is None:
        return []
    surname, given = m.group(1), m.group(2).split()
    initials = [g[0] + "." for g in given]
    out = [
        " ".join([given[0], surname]),
        " ".join([*given, surname]),
        " ".join([surname, given[0]]),
        " ".join([initials[0], surname]),
        " ".join([*initials, surname]),
        " ".join([surname, *initials]),
    ]
    return [v for v in dict.fromkeys(out) if v != clean]


_PATRONYMIC = regex.compile(r"(?:ич|вна|ична|оглы|кызы|улы)$", regex.IGNORECASE)


def looks_like_person(name: str) -> bool:
    """``Фамилия Имя [Отчество]``: two or three capitalised Cyrillic words, the third a patronymic."""
    words = " ".join(name.split()).split(" ")
    if _RU_FIO.match(" ".join(words)) is None or not all(w[:1].isupper() for w in words):
        return False
    return len(words) == 2 or bool(_PATRONYMIC.search(words[-1]))


class Provenance(_Strict):
    """Where the whole file came from."""

    source: str | None = Field(default=None, description="URL of the official publication the entries came from.")
    retrieved: datetime | date | None = Field(default=None, description="When the source document was fetched.")
    source_sha256: str | None = Field(default=None, description="sha256 of the source document as fetched.")
    importer: str | None = Field(default=None, description="The importer and its version, e.g. 'minjust-agents/1'.")


@dataclass(slots=True)
class StatusAnswer:
    """One answer of ``Registry.status``: an entry whose name or alias matched, and whether it held."""

    entry: Entry
    active: bool

    def describe(self, day: date) -> str:
        e = self.entry
        span = f"listed {e.listed_from or '?'}" + (f" to {e.listed_to}" if e.listed_to else "")
        verdict = "listed" if self.active else "not listed"
        return f"{e.name}: {e.status} - {verdict} on {day} ({span})"


@dataclass(slots=True)
class Registry:
    id: str
    title: str
    path: str  # as shown in messages
    sample: bool
    entries: list[Entry]
    sha256: str = ""  # of the file (and the CSV export it reads)
    reads: tuple[str, ...] = ()  # other files it was read from (a CSV export)
    provenance: Provenance = field(default_factory=Provenance)
    snapshot: date | None = None

    def active(self, day: date) -> list[Entry]:
        return [e for e in self.entries if e.active(day)]

    def status(self, name: str, day: date) -> list[StatusAnswer]:
        """What ``name`` was on ``day``: every entry whose name, alias or (for a person) name order
        matches it up to case, quote style and grammatical case, with whether it was listed then."""
        from auditor import morph

        want = _fold(name)
        out: list[StatusAnswer] = []
        for e in self.entries:
            if any(_fold(n) == want or morph.same_name(_fold(n), want) for n in e.names()):
                out.append(StatusAnswer(e, e.active(day)))
        return out

    def info(self) -> dict[str, Any]:
        p = self.provenance
        if isinstance(p.retrieved, datetime):  # pydantic's JSON spelling of a datetime
            prov = p.model_dump(mode="json", exclude_none=True)
        else:  # the same dict, without building the serializer on every run's start-up
            prov = {k: v.isoformat() if isinstance(v, date) else v
                    for k in ("source", "retrieved", "source_sha256", "importer") if (v := getattr(p, k)) is not None}
            extra = set(type(p).model_fields) - {"source", "retrieved", "source_sha256", "importer"}
            assert not extra, extra  # a new field: add it above
        return {"id": self.id, "title": self.title, "path": self.path, "sha256": self.sha256,
                "entries": len(self.entries), "sample": self.sample, **prov}


def _fold(name: str) -> str:
    from auditor.text import normalize

    return " ".join(normalize(name, fold=True).text.split()).upper().replace("Ё", "Е")
