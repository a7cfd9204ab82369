"""Recording a run in a SQLite history through the standard library's ``sqlite3``, no SQLAlchemy.

`auditor check` records every run in ``reports/history.sqlite`` by default; importing SQLAlchemy
for it cost about as much as the whole rest of a one-file check. A history file that exists and
whose schema is this auditor's (``HEAD``) is written here, with the same rows (``rows.py``) and the
same history dict back (``compare.py``) as ``db.Store`` gives. Anything else (a new file, an older
or newer schema, a database URL) is left to ``db.Store``, which creates and migrates.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from auditor.store import HEAD, TREND_RUNS, VERSION_TABLE, StoreError, is_url, label_for
from auditor.store.compare import COMPARED, compare_runs, history_of, run_entry
from auditor.store.rows import insert_rows, recorded, results_blob, run_values

# the runs table's columns the trend reads (all but the results blob)
_RUN_COLUMNS = ("id", "recorded", "as_of", "documents", "passed", "failed", "errors", "skipped", "findings",
                "by_severity", "scope")


class _Rows:
    """``rows.Writer`` over a sqlite3 connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def stored_texts(self, shas: list[str]) -> set[str]:
        marks = ",".join("?" * len(shas))
        return {r[0] for r in self.db.execute(f"SELECT sha256 FROM texts WHERE sha256 IN ({marks})", shas)}

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        cols = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"
        self.db.executemany(sql, rows)


def _open(location: str | os.PathLike[str]) -> sqlite3.Connection | None:
    """The history file, opened as ``db.Store`` opens it, when it exists and is at ``HEAD``."""
    loc = os.fspath(location)
    if is_url(loc) or not Path(loc).is_file():
        return None
    db = sqlite3.connect(Path(loc).absolute(), timeout=60, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 60000")
        (revision,) = db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone() or (None,)
    except sqlite3.Error:
        revision = None
    if revision != HEAD:
        db.close()
        return None
    return db


def record_run(
    results: dict[str, Any],
    location: str | os.PathLike[str],
    texts: Mapping[str, str] | None = None,
    scope: dict[str, Any] | None = None,
    root: str | None = None,
) -> tuple[dict[str, Any], int] | None:
    """``store.record_run`` for a SQLite history at ``HEAD``; None when it is not one (nothing written)."""
    try:
        db = _open(location)
    except sqlite3.Error:
        return None
    if db is None:
        return None
    try:
        values = {"recorded": recorded(results), "root": root, "results": results_blob(results),
                  **run_values(results, scope)}  # fmt: skip
        db.execute("BEGIN IMMEDIATE")  # writers queue on the write lock (busy_timeout), as in db.Store
        try:
            cols = list(values)
            run_id = db.execute(f"INSERT INTO runs ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                [values[c] for c in cols]).lastrowid  # fmt: skip
            insert_rows(_Rows(db), int(run_id or 0), results.get("documents", []), texts, root)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return history(db, int(run_id or 0)), int(run_id or 0)
    except sqlite3.Error as exc:
        raise StoreError(f"{label_for(location)}: cannot write the history: {exc}") from None
    finally:
        db.close()


def history(db: sqlite3.Connection, run_id: int) -> dict[str, Any]:
    """``db.Store.history(run_id)``: the trend up to ``run_id`` and its comparison with the run before."""
    ids = [r[0] for r in db.execute("SELECT id FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?", (run_id, TREND_RUNS))]
    ids.reverse()
    if not ids:
        return history_of([], None, None)
    marks = ",".join("?" * len(ids))
    rows = {r[0]: dict(zip(_RUN_COLUMNS, r, strict=True))
            for r in db.execute(f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs WHERE id IN ({marks})", ids)}  # fmt: skip
    signed = {r[0]: {"who": r[1], "at": r[2]}
              for r in db.execute(f"SELECT run_id, who, at FROM signoffs WHERE run_id IN ({marks}) ORDER BY id", ids)}  # fmt: skip
    runs = [run_entry(rows[i], _before(db, i), None, signed.get(i)) for i in ids]
    prev = runs[-1]["previous_id"]
    if prev is None:
        return history_of(runs, None, None)
    last = runs[-1]["id"]
    docs = {rid: {r[0] for r in db.execute(
        "SELECT path FROM documents WHERE run_id = ? AND status IN ('pass', 'fail')", (rid,))} for rid in (prev, last)}
    scopes = {rid: db.execute("SELECT scope FROM runs WHERE id = ?", (rid,)).fetchone()[0] for rid in (prev, last)}
    found = {rid: db.execute(f"SELECT {', '.join(COMPARED)} FROM findings WHERE run_id = ?", (rid,)).fetchall()
             for rid in (prev, last)}  # fmt: skip
    prev_when = db.execute("SELECT recorded FROM runs WHERE id = ?", (prev,)).fetchone()[0]
    return history_of(runs, compare_runs(prev, last, docs, scopes, found), prev_when)


def _before(db: sqlite3.Connection, run_id: int) -> int | None:
    return db.execute("SELECT max(id) FROM runs WHERE id < ?", (run_id,)).fetchone()[0]  # type: ignore[no-any-return]
