"""The result cache in ``.auditor_cache/`` (SQLite): it wraps the engine, so an unchanged re-run does
no checking and, for a file whose size and times have not changed, no reading either.

Two tables:

- ``results``: what the engine said about a file, keyed by everything that can change its
  verdict: its path and the SHA-256 of its bytes, the packs and registries (their hashes), the
  as-of date, fail-on, field map, reader options, the run's policy (overrides, known rules) and
  the tool version and code (``run_key``). Entries hold the results as the engine left them
  (before the apply stage, auditor/suppress/apply.py: severity overrides, inline directives,
  waivers and the baseline are applied after the cache), so a cached run prints the same bytes
  as a fresh one.
- ``files``: the per-file index, path -> (size, mtime, ctime, inode, SHA-256 of the bytes). A file
  whose stat still matches is not read again: its hash comes from the index. An entry is trusted
  only when the file's times were at least ``RACY_NS`` older than the moment it was read (a file
  written again within the file system's time granularity would keep its times): otherwise the
  file is read and hashed, as with no index. A damaged entry is ignored and rewritten.

``CachedEngine`` is the wrapper: ``answer(src)`` gives the cached results or None, ``check(src)``
answers or runs the engine's per-source check and stores what it said. The engine's mapping
(in process, the process pool, Dask) asks ``answer`` in the main process and runs only the rest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _quoted  # json.dumps(str, ensure_ascii=False), in C
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.contracts import RuleSetLike
from auditor.discover import Source
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.engine import RunOptions
    from auditor.spill import RenderedResult

# an input of the run with what the cache answered for it (None: the engine checks it)
Answered = tuple[Source | DocumentResult, list[DocumentResult] | None]

CACHE_DIR = ".auditor_cache"
DB_NAME = "results.sqlite"
INDEX = "stat_index"  # the per-file index table
# ``lines`` as its UTF-8 bytes: an unchanged file's lines go to the report without decoding and encoding
_COLUMNS = "size, mtime_ns, ctime_ns, ino, sha, read_ns, post, summary, CAST(lines AS BLOB)"
BATCH = 256  # sources whose index rows are read in one query
_FORMAT = 3  # 3: engine results before the apply stage (directives and text carried along)
RACY_NS = 2_000_000_000  # FAT keeps times to 2 s; ext4, XFS, APFS and NTFS far finer
COMMIT_EVERY = 500
STATUSES = ("pass", "fail", "error", "skipped")
_SIMPLE = frozenset(f"{s}:"[:5] for s in STATUSES)  # how a one-document summary starts (``_summary``)


@functools.cache
def code_stamp() -> str:
    """Size and mtime of every module of the installed package: an edited checkout (same version
    number) must not reuse verdicts computed by the old code. Once a process (the result cache and
    the compiled-pack cache both ask); ``os.scandir``, whose entries carry what ``stat`` needs."""
    found: list[tuple[str, int, int]] = []
    folders = [("", os.path.dirname(os.path.realpath(__file__)))]
    while folders:
        rel, folder = folders.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    if e.name != "__pycache__":
                        folders.append((f"{rel}{e.name}/", e.path))
                elif e.name.endswith(".py"):
                    st = e.stat()
                    found.append((f"{rel}{e.name}", st.st_size, st.st_mtime_ns))
    h = hashlib.sha256()
    for name, size, mtime in sorted(found):
        h.update(f"{name}:{size}:{mtime};".encode())
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
        "reader_options": reader_options.cache_key(),
        "policy": opts.policy.cache_key(),
    }
    parts["limits"] = opts.limits.to_dict()
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# -- DocumentResult <-> JSON --------------------------------------------------------------------
def dump_results(results: list[DocumentResult]) -> str:
    return json.dumps([r.to_record() for r in results], ensure_ascii=False, separators=(",", ":"))


def load_results(blob: str) -> list[DocumentResult]:
    return [DocumentResult.from_record(d) for d in json.loads(blob)]


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class Cache:
    """The store: cached results of a file (by the hash of its bytes, found through the index
    when the file's stat is unchanged) and what the engine said about the others."""

    def __init__(self, folder: Path, key: str, max_bytes: int = 0) -> None:
        self.folder = folder
        self.key = key
        self.max_bytes = max_bytes  # the file-size limit: a larger file is left to the engine to report
        self.hits = 0
        self.misses = 0
        self._pending: dict[str, str] = {}  # path -> results key of a file sent to the engine
        self._writes = 0
        self._db: sqlite3.Connection | None = None
        self._off = False
        self._cwd = os.getcwd()
        # set by the run when nothing after the engine can change a document's JSON but the things
        # this key names: unchanged files are then answered with their lines of the JSON report
        self.post: str | None = None
        self.blocks = False  # with ``post``: the run also takes ``spill.RenderedBlock``s (several files at once)
        self._rows: dict[str, tuple[str, bytes]] = {}  # path -> (index row, SHA-256) awaiting store_rendered
        self._prefetched: dict[str, Any] = {}  # index rows read ahead (None: no row)
        self._wheres: dict[str, str] = {}  # fs_path -> absolute path, for the batch read ahead

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None and not self._off:
            try:
                self._db = self._open()
            except (OSError, sqlite3.Error) as exc:  # a read-only checkout: run without the cache
                print(f"auditor: cache disabled ({self.folder.as_posix()}: {exc})", file=sys.stderr)
                self._db, self._off = None, True
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# auditor result cache\n")
        ignore = self.folder / ".gitignore"
        if not ignore.exists():  # the cache ignores itself: a content repository stays clean
            ignore.write_text("# written by auditor: a local cache, never content\n*\n")
        db = sqlite3.connect(self.folder / DB_NAME, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose the last entries, never corrupt them
        db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {INDEX} (path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT,"
            " ino INT, sha BLOB, read_ns INT, post TEXT, summary TEXT, lines TEXT)"
        )
        return db

    def file_key(self, path: str, data: bytes) -> str:
        return self._key(path, hashlib.sha256(data).digest())

    def _key(self, path: str, digest: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.key.encode(), path.encode("utf-8", "surrogateescape"), digest):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        return h.hexdigest()

    def _where(self, fs_path: str) -> str:
        where = self._wheres.get(fs_path)
        if where is None:
            where = fs_path if fs_path.startswith("/") or os.path.isabs(fs_path) else os.path.join(self._cwd, fs_path)
        return where

    def prefetch(self, sources: list[Source]) -> None:
        """Read the index rows of these sources in one query (one query a file costs more than the
        rest of answering an unchanged one)."""
        db = self._conn() if sources else None
        if db is None:
            return
        self._wheres = {}
        self._wheres = {s.fs_path: self._where(s.fs_path) for s in sources if s.fs_path is not None
                        and s.data is None and "://" not in s.fs_path}  # fmt: skip
        wheres = list(self._wheres.values())
        self._prefetched = dict.fromkeys(wheres)
        try:
            for i in range(0, len(wheres), 500):  # SQLite's limit of bound parameters is 999 on old builds
                part = wheres[i:i + 500]
                sql = f"SELECT path, {_COLUMNS} FROM {INDEX} WHERE path IN ({','.join('?' * len(part))})"
                for row in db.execute(sql, part):
                    self._prefetched[row[0]] = row[1:]
        except sqlite3.Error:
            self._prefetched = {}

    def unchanged(self, src: Source) -> tuple[bytes, str, list[int]] | None:
        """(the JSON line, the status, [errors, warnings, infos, suppressed, baselined]) the index row
        read ahead for ``src`` holds, when ``src`` is
        one unchanged file of one document whose lines were stored under this run's ``post``; else
        None (``lookup`` then answers it the long way). The row stays for ``lookup``."""
        fs = src.fs_path
        if fs is None or src.data is not None:
            return None
        where = self._wheres.get(fs)
        row = self._prefetched.get(where) if where is not None else None
        if row is None or row[6] != self.post:
            return None
        summary, line = row[7], row[8]
        if not isinstance(line, bytes) or not isinstance(summary, str) or summary[:5] not in _SIMPLE or b"\n" in line:
            return None
        try:
            st = os.stat(where)  # type: ignore[arg-type]
        except (OSError, ValueError):
            return None
        read_ns = row[5]
        if ((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) != row[:4] or not isinstance(read_ns, int)
                or not isinstance(row[4], bytes) or len(row[4]) != 32
                or max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS > read_ns):  # fmt: skip
            return None
        status, *counts = summary.split(":")
        try:
            numbers = list(map(int, counts))
        except ValueError:
            return None
        if len(numbers) != 5 or status not in STATUSES or not line.startswith(_head(src.path).encode("utf-8", "replace")):
            return None
        self.hits += 1
        return line, status, numbers

    def _row(self, db: sqlite3.Connection, where: str) -> Any:
        if where in self._prefetched:
            return self._prefetched.pop(where)
        return db.execute(f"SELECT {_COLUMNS} FROM {INDEX} WHERE path = ?", (where,)).fetchone()

    def _indexed(self, db: sqlite3.Connection, where: str, st: os.stat_result) -> tuple[bytes | None, Any]:
        """(the SHA-256 the index holds for an unchanged file, else None (new, changed, racy, damaged);
        the row)."""
        row = self._row(db, where)
        if row is None or tuple(row[:4]) != _signature(st):
            return None, row
        sha, read_ns = row[4], row[5]
        if not isinstance(sha, bytes) or len(sha) != 32 or not isinstance(read_ns, int):
            return None, row
        if max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS > read_ns:
            return None, row  # written too close to when it was read: its times may not show a later write
        return sha, row

    def lookup(self, src: Source) -> list[Any] | None:
        """The cached results of ``src`` (``RenderedResult``s when ``post`` is set and they are
        there, else ``DocumentResult``s), or None; on a miss the bytes read are left on ``src``."""
        db = self._conn() if src.fs_path is not None and src.data is None and "://" not in src.fs_path else None
        if db is None:
            return None
        where = self._where(src.fs_path)  # type: ignore[arg-type]
        try:
            st = os.stat(where)
            sha, row = self._indexed(db, where, st)
            if sha is not None:
                if self.post is not None and row[6] == self.post and (done := _rendered(row[7], row[8], src.path)):
                    self.hits += 1
                    return done
                if (out := self._get(db, self._key(src.path, sha))) is not None:
                    self.hits += 1
                    self._remember(src, where, sha)
                    return out
            from auditor.engine import read_capped
            from auditor.readers import LimitExceeded

            read_ns = time.time_ns()
            data = read_capped(where, self.max_bytes)
        except (OSError, ValueError, LimitExceeded, sqlite3.Error):
            return None  # the engine reports the read error or the limit (a damaged cache: it checks)
        if 0 < self.max_bytes < len(data) or st.st_size != len(data):
            return None  # the engine reports the limit; a file changing under us is read again
        digest = hashlib.sha256(data).digest()
        self._write(db, f"INSERT OR REPLACE INTO {INDEX} (path, size, mtime_ns, ctime_ns, ino, sha, read_ns)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (where, *_signature(st), digest, read_ns))  # fmt: skip
        self._remember(src, where, digest)
        key = self._key(src.path, digest)
        out = self._get(db, key)
        if out is not None:
            self.hits += 1
            return out
        self.misses += 1
        self._pending[src.path] = key
        src.data = data
        return None

    def _remember(self, src: Source, where: str, digest: bytes) -> None:
        if self.post is not None:
            self._rows[src.path] = (where, digest)

    def store_rendered(self, src: Source, results: list[DocumentResult]) -> list[RenderedResult]:
        """``results`` (waivers and baseline applied: there are none when ``post`` is set) as their
        JSON lines, kept in the index row of ``src`` for the next run with the same ``post``."""
        from auditor.spill import RenderedResult

        rendered = [RenderedResult.of(r.to_dict()) for r in results]
        row = self._rows.pop(src.path, None)
        db = self._db
        if row is None or db is None or self.post is None or any(r.status == "error" for r in rendered):
            return rendered
        summary = _summary(rendered, src.path)
        self._write(db, f"UPDATE {INDEX} SET post = ?, summary = ?, lines = ? WHERE path = ? AND sha = ?",
                    (self.post, summary, "\n".join(r.line for r in rendered), *row))  # fmt: skip
        return rendered

    def _get(self, db: sqlite3.Connection, key: str) -> list[DocumentResult] | None:
        row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return load_results(row[0])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged entry: check the file again (and overwrite it)

    def store(self, src: Source, results: list[DocumentResult]) -> None:
        key = self._pending.pop(src.path, None)
        if key is not None:
            # the bytes ``lookup`` left for the engine: the run's list of sources holds every
            # Source to its end, and kept bytes grew a 100k run by ~5 KB an article
            src.data = None
        db = self._db
        if key is None or db is None:
            return
        # read errors may be passing (a file being written); keep only what the checks decided
        if any(r.status == "error" for r in results):
            return
        self._write(db, "INSERT OR REPLACE INTO results VALUES (?, ?)", (key, dump_results(results)))

    def _write(self, db: sqlite3.Connection, sql: str, row: tuple[object, ...]) -> None:
        if self._off:
            return
        try:
            db.execute(sql, row)
            self._writes += 1
            if self._writes % COMMIT_EVERY == 0:
                db.commit()
        except sqlite3.Error as exc:  # a full disk or a locked file: the run goes on uncached
            print(f"auditor: cache not written ({self.folder.as_posix()}: {exc})", file=sys.stderr)
            self._off = True

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error as exc:
                print(f"auditor: cache not written ({self.folder.as_posix()}: {exc})", file=sys.stderr)
            self._db.close()
            self._db = None


def _summary(rendered: list[RenderedResult], path: str) -> str:
    """What the run's summary counts of a file's documents: ``status:errors:warnings:infos:suppressed:
    baselined`` for the usual one document named like its file (no JSON to parse), else a JSON list."""
    if len(rendered) == 1 and rendered[0].path == path:
        r = rendered[0]
        sev = r.by_severity
        if set(sev) <= {"error", "warning", "info"}:
            return f"{r.status}:{sev.get('error', 0)}:{sev.get('warning', 0)}:{sev.get('info', 0)}:{r.suppressed}:{r.baselined}"
    return json.dumps([[r.path, r.status, r.by_severity, r.suppressed, r.baselined] for r in rendered],
                      ensure_ascii=False)  # fmt: skip


def _head(path: str) -> str:
    """How the JSON line of the document ``path`` starts (``spill.encode_line``): a line stored for
    the same file named another way (from another folder of the project) is not this run's."""
    return f'{{"path": {_quoted(path)},'


def _rendered(summary: Any, lines: Any, path: str) -> list[RenderedResult] | None:
    """The rendered documents of an index row, or None when it holds none or is damaged."""
    from auditor.spill import RenderedResult

    if not isinstance(summary, str) or not isinstance(lines, bytes | str):
        return None
    try:
        if isinstance(lines, bytes):
            lines = lines.decode("utf-8")
        if not summary.startswith("["):
            status, e, w, i, sup, base = summary.split(":")
            if status not in STATUSES or "\n" in lines or not lines.startswith(_head(path)):
                return None
            sev = {k: n for k, n in (("error", int(e)), ("warning", int(w)), ("info", int(i))) if n}
            return [RenderedResult(path, status, lines, sev, int(sup), int(base))]
        heads = json.loads(summary)
        texts = lines.split("\n")
        if not heads or len(heads) != len(texts) or any(h[1] not in STATUSES for h in heads):
            return None
        return [RenderedResult(str(p), str(s), t, dict(sev), int(sup), int(base))
                for (p, s, sev, sup, base), t in zip(heads, texts, strict=True)]  # fmt: skip
    except (ValueError, TypeError, KeyError):
        return None


class CachedEngine:
    """The cache around the engine's per-source check: cached results, or the check's, stored."""

    def __init__(self, cache: Cache, check: Callable[[Source], list[DocumentResult]]) -> None:
        self.cache = cache
        self.inner = check

    def answer(self, src: Source) -> list[DocumentResult] | None:
        """What the cache holds for ``src`` (None: the engine must check it; its bytes are on it)."""
        return self.cache.lookup(src)

    def store(self, src: Source, results: list[DocumentResult]) -> None:
        self.cache.store(src, results)

    def answered(self, items: Iterable[Source | DocumentResult]) -> Iterator[Answered]:
        """Each item with its cached results (None: a source to check, or a result from discovery)."""
        batch: list[Source | DocumentResult] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                yield from self._answered(batch)
                batch = []
        yield from self._answered(batch)

    def _answered(self, batch: list[Source | DocumentResult]) -> Iterator[Answered]:
        cache = self.cache
        cache.prefetch([s for s in batch if isinstance(s, Source)])
        if not cache.blocks or cache.post is None:
            for item in batch:
                yield item, (self.answer(item) if isinstance(item, Source) else None)
            return
        from auditor.spill import RenderedBlock

        block, first = RenderedBlock(), None
        for item in batch:  # consecutive unchanged files answered as one block of lines
            hit = cache.unchanged(item) if isinstance(item, Source) else None
            if hit is not None:
                block.add(item.path, *hit)  # type: ignore[union-attr]
                first = first or item
                continue
            if first is not None:
                yield first, [block]  # type: ignore[list-item]
                block, first = RenderedBlock(), None
            yield item, (self.answer(item) if isinstance(item, Source) else None)
        if first is not None:
            yield first, [block]  # type: ignore[list-item]

    def check(self, src: Source) -> list[DocumentResult]:
        out = self.answer(src)
        if out is None:
            out = self.inner(src)
            self.store(src, out)
        return out
