"""What changed between two versions of a register: entries added, removed, renamed (same id or
identifier, another name) and whose status changed (listed_from / listed_to / list).

Entries are paired by ``id`` first, then by a published identifier (ОГРН, ИНН, СНИЛС, reg. no.),
then by the folded name; what pairs with nothing is added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.registries.model import Entry, Registry


@dataclass(slots=True)
class Change:
    kind: str  # added | removed | renamed | status
    old: Entry | None
    new: Entry | None
    detail: str = ""

    def line(self) -> str:
        e = self.new or self.old
        assert e is not None
        if self.kind == "renamed":
            return f"renamed  {self.old.name if self.old else ''} -> {e.name}"
        if self.kind == "status":
            return f"status   {e.name}: {self.detail}"
        when = f" (listed {e.listed_from})" if e.listed_from else ""
        return f"{self.kind:<8} {e.name} [{e.status}]{when}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "old": self.old.to_data() if self.old else None,
            "new": self.new.to_data() if self.new else None,
            "detail": self.detail,
        }


@dataclass(slots=True)
class Diff:
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        parts = [f"{self.count(k)} {k}" for k in ("added", "removed", "renamed", "status")]
        return ", ".join(parts).replace(" status", " status changed")


def _fold(name: str) -> str:
    from auditor.registries.model import _fold as fold

    return fold(name)


def _keys(e: Entry) -> list[tuple[str, str]]:
    out = [("id", e.id)]
    out += [(f"{k}:{e.status}", v) for k, v in sorted(e.identifiers.items()) if k != "birth_date"]
    out.append((f"name:{e.status}", _fold(e.name)))
    return out


def diff(old: Registry, new: Registry) -> Diff:
    """Changes from ``old`` to ``new``, in the order of ``new`` (then the removed, in old order)."""
    index: dict[tuple[str, str], int] = {}
    for i, e in enumerate(old.entries):
        for k in _keys(e):
            index.setdefault(k, i)
    used: set[int] = set()
    out = Diff()
    for e in new.entries:
        match = next((index[k] for k in _keys(e) if k in index and index[k] not in used), None)
        if match is None:
            out.changes.append(Change("added", None, e))
            continue
        used.add(match)
        o = old.entries[match]
        if _fold(o.name) != _fold(e.name):
            out.changes.append(Change("renamed", o, e))
        moves = []
        if o.status != e.status:
            moves.append(f"list {o.status} -> {e.status}")
        if o.listed_from != e.listed_from:
            moves.append(f"listed_from {o.listed_from or '-'} -> {e.listed_from or '-'}")
        if o.listed_to != e.listed_to:
            moves.append(f"listed_until {o.listed_to or '-'} -> {e.listed_to or '-'}")
        if moves:
            out.changes.append(Change("status", o, e, "; ".join(moves)))
    for i, o in enumerate(old.entries):
        if i not in used:
            out.changes.append(Change("removed", o, None))
    return out
