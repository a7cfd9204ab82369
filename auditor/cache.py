"""Per-file result cache in ``.auditor_cache/`` (SQLite), so an unchanged re-run does no checking.

The key of a file is everything that can change its verdict: its bytes and path, the packs and
registries (their hashes), the as-of date, fail-on, field map, reader options, the run's extra
settings (overrides, known rules) and the tool version. Entries hold the engine's results as they
are (before the apply stage: overrides, directives, waivers and the baseline are applied after the
cache, auditor/suppress/apply.py), so a cached run prints the same bytes as a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.contracts import RuleSetLike
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.engine import RunOptions

CACHE_DIR = ".auditor_cache"
_FORMAT = 2  # 2: engine results before the apply stage (directives and text carried along)


def code_stamp() -> str:
    """Size and mtime of every module of the installed package: an edited checkout (same version
    number) must not reuse verdicts computed by the old code."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for py in sorted(root.rglob("*.py")):
        st = py.stat()
        h.update(f"{py.relative_to(root).as_posix()}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def run_key(ruleset: RuleSetLike, opts: RunOptions) -> str:
    """Hash of everything outside the file itself that can change a verdict."""
    registries = ruleset.registries_info()
    reader_options = ruleset.reader_options
    parts = {
        "format": _FORMAT,
        "tool": __version__,
        "code": code_stamp(),
        "packs": [[p.get("id"), p.get("version"), p.get("sha256")] for p in ruleset.packs],
        "registries": registries,
        "as_of": opts.as_of.isoformat(),
        "fail_on": opts.fail_on,
        "field_map": sorted(opts.field_map.items()),
        "reader_options": reader_options.cache_key() if hasattr(reader_options, "cache_key") else repr(reader_options),
        "policy": opts.policy.cache_key(),
    }
    parts["limits"] = opts.limits.to_dict() if hasattr(opts, "limits") else None
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# -- DocumentResult <-> JSON --------------------------------------------------------------------
def dump_results(results: list[DocumentResult]) -> str:
    return json.dumps([r.to_record() for r in results], ensure_ascii=False, separators=(",", ":"))


def load_results(blob: str) -> list[DocumentResult]:
    return [DocumentResult.from_record(d) for d in json.loads(blob)]


class Cache:
    """Looks sources up before the checks run and stores what the checks produced."""

    def __init__(self, folder: Path, key: str, max_bytes: int = 0) -> None:
        self.folder = folder
        self.key = key
        self.max_bytes = max_bytes  # the file-size limit: a larger file is left to the engine to report
        self.hits = 0
        self.misses = 0
        self._pending: dict[str, str] = {}
        self._stored = 0
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# auditor result cache\n")
            ignore = self.folder / ".gitignore"
            if not ignore.exists():  # the cache ignores itself: a content repository stays clean
                ignore.write_text("# written by auditor: a local cache, never content\n*\n")
            self._db = sqlite3.connect(self.folder / "results.sqlite", timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return self._db

    def file_key(self, path: str, data: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.key.encode(), path.encode("utf-8", "surrogateescape"), hashlib.sha256(data).digest()):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        return h.hexdigest()

    def resolve(self, items: Any) -> Any:
        """Yield cached DocumentResults for hits and the Source itself (bytes loaded) for misses."""
        from auditor.engine import Source, read_capped
        from auditor.readers import LimitExceeded

        try:
            db = self._conn()
        except (OSError, sqlite3.Error) as exc:  # a read-only checkout: run without the cache
            print(f"auditor: cache disabled ({self.folder.as_posix()}: {exc})", file=sys.stderr)
            self._db = None
            yield from items
            return
        for item in items:
            if not isinstance(item, Source) or item.fs_path is None:
                yield item
                continue
            try:
                data = read_capped(item.fs_path, self.max_bytes)
            except (OSError, LimitExceeded):
                yield item  # the engine reports the read error or the limit
                continue
            if 0 < self.max_bytes < len(data):
                yield item
                continue
            key = self.file_key(item.path, data)
            row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
            if row is not None:
                self.hits += 1
                yield from load_results(row[0])
                continue
            self.misses += 1
            self._pending[item.path] = key
            item.data = data
            yield item

    def store(self, src: Any, results: list[DocumentResult]) -> None:
        key = self._pending.pop(src.path, None)
        if key is None or self._db is None:
            return
        # read errors may be passing (a file being written); keep only what the checks decided
        if any(r.status == "error" for r in results):
            return
        db = self._conn()
        db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, dump_results(results)))
        self._stored += 1
        if self._stored % 500 == 0:
            db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.commit()
            self._db.close()
            self._db = None
