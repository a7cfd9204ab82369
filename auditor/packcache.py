"""Compiled rule packs kept between runs, so a short run does not parse YAML or build models again.

Loading a profile means a round-trip YAML parse of several packs (ruamel keeps every key's line
for error messages), their validation and the compilation of every rule: most of the start-up of
`auditor check ONE_FILE`. A pack set that loaded without errors is pickled into the user's cache
folder (``$AUDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/auditor``, else ``~/.cache/auditor``), never
into the audited folder: the content is untrusted and a pickle runs code when loaded.

The entry's name is a hash of the tool version, the code (size and mtime of every module), the
shipped packs and registries, the working folder and the specs; inside it are the SHA-256 of every
pack and registry file the load read, checked again before the entry is used. A pack with errors
is never cached (its messages are printed by a real load every time). ``AUDITOR_PACK_CACHE=0``
turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__

if TYPE_CHECKING:
    from auditor.packs import RuleSet

_FORMAT = 2
KEEP = 32  # entries kept; the oldest go first


def folder() -> Path | None:
    """Where compiled packs are kept, or None when the cache is off."""
    if os.environ.get("AUDITOR_PACK_CACHE", "1") in ("0", "off", "no", "false"):
        return None
    given = os.environ.get("AUDITOR_CACHE_DIR")
    if given:
        return Path(given) / "packs"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "auditor" / "packs"


def _stamp(root: Path, pattern: str) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        for p in sorted(root.rglob(pattern)):
            with contextlib.suppress(OSError):
                st = p.stat()
                h.update(f"{p.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def entry_key(specs: list[str]) -> str:
    """Everything outside the named files that can change what a load of ``specs`` gives."""
    from auditor.cache import code_stamp
    from auditor.packs.loader import rules_dir

    parts = [_FORMAT, __version__, code_stamp(), _stamp(rules_dir(), "*"), os.getcwd(), list(specs)]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _inputs(ruleset: RuleSet) -> list[str]:
    """The files a load read: the packs, and the registries the rules read (loaded here, so the
    entry holds them too: a large registry is as slow to parse as the packs)."""
    from auditor.registries.store import resolve_registry

    files = list(ruleset.files)
    for spec, reg in ruleset.registries().items():
        files.append(str(resolve_registry(spec).resolve()))
        files.extend(reg.reads)
    return files


def _prime(ruleset: RuleSet) -> None:
    """Hand the registries the entry holds to the registry store, so it does not read them again."""
    from auditor.registries.store import remember

    for spec, reg in ruleset.registries().items():
        remember(spec, reg)


def load(specs: list[str]) -> RuleSet:
    """``auditor.packs.load_ruleset(specs)``, from the cache when nothing it read has changed."""
    from auditor.packs import load_ruleset

    where = folder()
    if where is None:
        return load_ruleset(specs)
    key = entry_key(specs)
    entry = where / f"{key}.pickle"
    cached = _read(entry)
    if cached is not None:
        return cached
    ruleset = load_ruleset(specs)
    from auditor.packs import RuleSet

    if isinstance(ruleset, RuleSet) and not ruleset.errors and not ruleset.failed_specs:
        _write(entry, ruleset)
    return ruleset


def _read(entry: Path) -> RuleSet | None:
    try:
        with open(entry, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    try:
        fmt, files, ruleset = pickle.loads(blob)
    except Exception:  # an entry of another version, cut short, or not ours: load afresh
        return None
    if fmt != _FORMAT or any(_digest(path) != digest for path, digest in files):
        return None
    try:
        _prime(ruleset)
    except Exception:
        return None
    return ruleset  # type: ignore[no-any-return]


def _write(entry: Path, ruleset: RuleSet) -> None:
    """Atomically, and only ever as a cache: a failure is silent (the next run loads again)."""
    try:
        files = [(path, _digest(path)) for path in _inputs(ruleset)]
        buf = io.BytesIO()
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump((_FORMAT, files, ruleset))
        blob = buf.getvalue()
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, entry)
        _prune(entry.parent)
    except Exception:  # unpicklable (a check holding a closure), a read-only home: no cache
        with contextlib.suppress(Exception):
            os.unlink(tmp)
        return


class _Pickler(pickle.Pickler):
    """Pickles a kind's tagged options (packs/model.py ``_with_kind``) as the check's own Options,
    so loading an entry builds none of the tagged models (~100 ms of a one-file run)."""

    def reducer_override(self, obj: Any) -> Any:
        from auditor.packs.model import base_options

        base = base_options(obj)
        if base is None:
            return NotImplemented
        state = obj.__getstate__()
        if "kind" not in base.model_fields:
            state = {**state, "__dict__": {k: v for k, v in state["__dict__"].items() if k != "kind"},
                     "__pydantic_fields_set__": set(state["__pydantic_fields_set__"]) - {"kind"}}  # fmt: skip
        return _options, (base, state)


def _options(cls: Any, state: dict[str, Any]) -> Any:
    obj = cls.__new__(cls)
    obj.__setstate__(state)
    return obj


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


__all__ = ["entry_key", "folder", "load"]
