"""Loading packs: resolve each spec (id or path), read it with positions, validate it, follow
``extends`` (bases first, cycles and clashing ids reported) and check its registries.

Every problem is a ``PackError`` (file:line:col) on ``Loader.errors``; a pack that fails is left
out and the others still load. ``auditor.packs.compile`` turns what loaded into a ``RuleSet``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from auditor.packs.loader import (
    PackError,
    PackLoadError,
    display_path,
    locate,
    plain,
    read_document,
    resolve_spec,
    validation_errors,
)
from auditor.packs.model import Pack, ensure_built, pack_schema


@dataclass(slots=True)
class Loaded:
    pack: Pack
    path: Path
    shown: str
    data: Any  # parsed document (positions)
    raw: bytes
    bases: list[str]  # ids of the packs it extends


class Loader:
    def __init__(self) -> None:
        self.loaded: dict[str, Loaded] = {}  # pack id -> loaded pack
        self.by_path: dict[Path, str | None] = {}  # resolved path -> pack id (None: failed)
        self.order: list[str] = []  # bases before the packs that extend them
        self.errors: list[PackError] = []
        self.stack: list[Path] = []

    def load(self, spec: str, base: Path | None = None, shown_spec: str | None = None) -> str | None:
        found = resolve_spec(spec, base)
        if isinstance(found, PackError):
            self.errors.append(found)
            return None
        real = found.resolve()
        if real in self.by_path:
            return self.by_path[real]
        shown = display_path(found)
        if real in self.stack:
            self.errors.append(PackError(shown, message="packs extend each other in a cycle"))
            return None
        self.stack.append(real)
        try:
            pid = self._load(found, real, shown)
        finally:
            self.stack.pop()
        self.by_path[real] = pid
        return pid

    def _load(self, path: Path, real: Path, shown: str) -> str | None:
        try:
            data, raw = read_document(path, shown)
        except PackLoadError as exc:
            self.errors.extend(exc.errors)
            return None
        try:
            ensure_built()
            pack = Pack.model_validate(plain(data))
        except ValidationError as exc:
            self.errors.extend(validation_errors(exc, data, shown, pack_schema()))
            return None
        if pack.settings.registries:  # paths are relative to the pack; each registry must load
            from auditor.registries.store import check_specs

            pack.settings.registries, problems = check_specs(pack.settings.registries, real.parent)
            line, col = at(data, ("settings", "registries"))
            self.errors.extend(PackError(shown, line, col, "settings.registries", p) for p in problems)
            if problems:
                return None
        if pack.id in self.loaded:
            other = self.loaded[pack.id].shown
            self.errors.append(
                PackError(shown, *at(data, ("id",)), "id", f"pack id {pack.id!r} is also used by {other}")
            )
            return None
        bases: list[str] = []
        ok = True
        for i, ext in enumerate(pack.extends):
            before = len(self.errors)
            bid = self.load(ext, real.parent)
            if bid is None:
                line, col = at(data, ("extends", i))
                if len(self.errors) == before or self.errors[-1].file == ext:
                    msg = self.errors.pop().message if len(self.errors) > before else "cannot be loaded"
                    self.errors.append(PackError(shown, line, col, f"extends[{i}]", f"{ext!r}: {msg}"))
                else:
                    self.errors.append(
                        PackError(shown, line, col, f"extends[{i}]", f"{ext!r} has errors (above)")
                    )
                ok = False
            else:
                bases.append(bid)
        if not ok:
            return None
        self.loaded[pack.id] = Loaded(pack, path, shown, data, raw, bases)
        self.order.append(pack.id)
        return pack.id


def at(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    _, line, col = locate(data, loc)
    return line, col


def ancestors(loader: Loader, pid: str) -> list[str]:
    out: list[str] = []
    todo = list(loader.loaded[pid].bases)
    while todo:
        b = todo.pop(0)
        if b not in out:
            out.append(b)
            todo.extend(loader.loaded[b].bases)
    return out
