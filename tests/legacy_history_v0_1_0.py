# Frozen copy of auditor/history.py as released in auditor 0.1.0 (git ee4bcd6), kept so the
# migration test can write an old-format history with the exact code path of that release.
# Do not edit.
"""SQLite store of runs: each run's summary and its active findings' fingerprints, for trends
and for "new since the last run" / "fixed since the last run" in reports.

``record(results, db_path)`` appends a run and returns the history dict reports read
(``ReportOptions.history``); ``load(db_path)`` returns the same dict without recording.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TREND_RUNS = 20
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded TEXT NOT NULL,
    as_of TEXT NOT NULL,
    tool_version TEXT,
    packs TEXT NOT NULL,
    documents INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    by_severity TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    path TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, fingerprint)
);
CREATE TABLE IF NOT EXISTS documents (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
"""


def normalise_evidence(text: str | None) -> str:
    """Evidence as compared across runs: NFKC, case-folded, whitespace collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.casefold().split())


def fingerprint(finding: dict[str, Any], path: str) -> str:
    """The finding's own fingerprint, else sha256 of rule id + path + normalised evidence."""
    own = finding.get("fingerprint")
    if isinstance(own, str) and own:
        return own
    key = "\x1f".join((str(finding.get("rule_id", "")), path, normalise_evidence(finding.get("evidence"))))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _active(results: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    for doc in results.get("documents", []):
        path = str(doc.get("path", ""))
        for f in doc.get("findings", []):
            if f.get("suppressed") or f.get("baselined"):
                continue
            yield fingerprint(f, path), f, path


def _connect(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db_path), timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(_SCHEMA)
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.commit()
    elif int(row[0]) > SCHEMA_VERSION:
        conn.close()
        raise ValueError(f"{db_path}: history schema {row[0]} is newer than this auditor understands")
    return conn


def _recorded_now(results: dict[str, Any]) -> str:
    """When the run happened: run.started if the engine set it, SOURCE_DATE_EPOCH, else now (UTC)."""
    started = (results.get("run") or {}).get("started")
    if isinstance(started, str) and started:
        return started
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def record(results: dict[str, Any], db_path: Path) -> dict[str, Any]:
    """Append this run (summary + active findings' fingerprints) and return the history dict."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    summary = results.get("summary") or {}
    by_sev = summary.get("findings_by_severity") or {}
    packs = [{"id": p.get("id"), "version": p.get("version")} for p in (results.get("run") or {}).get("packs", [])]
    rows: dict[str, tuple[str, str, str, str]] = {}
    for fp, f, path in _active(results):
        rows.setdefault(fp, (str(f.get("rule_id", "")), path, str(f.get("severity", "")), str(f.get("message", ""))))
    with closing(_connect(db_path)) as conn, conn:
        cur = conn.execute(
            "INSERT INTO runs (recorded, as_of, tool_version, packs, documents, passed, failed, errors, skipped,"
            " findings, by_severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _recorded_now(results),
                str((results.get("run") or {}).get("as_of", "")),
                str((results.get("tool") or {}).get("version", "")),
                json.dumps(packs, ensure_ascii=False, sort_keys=True),
                int(summary.get("documents", 0)),
                int(summary.get("passed", 0)),
                int(summary.get("failed", 0)),
                int(summary.get("errors", 0)),
                int(summary.get("skipped", 0)),
                sum(int(v) for v in by_sev.values()),
                json.dumps(by_sev, sort_keys=True),
            ),
        )
        run_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO findings (run_id, fingerprint, rule_id, path, severity, message) VALUES (?, ?, ?, ?, ?, ?)",
            ((run_id, fp, *vals) for fp, vals in sorted(rows.items())),
        )
        checked = {str(d.get("path", "")): str(d.get("status", "")) for d in results.get("documents", [])}
        conn.executemany(
            "INSERT INTO documents (run_id, path, status) VALUES (?, ?, ?)",
            ((run_id, path, status) for path, status in sorted(checked.items())),
        )
        return _history(conn)


def load(db_path: Path) -> dict[str, Any]:
    """The history dict (trend, and new/fixed between the last two runs) without recording."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return {"runs": [], "new": [], "fixed": [], "previous": None}
    with closing(_connect(db_path)) as conn:
        return _history(conn)


def _history(conn: sqlite3.Connection) -> dict[str, Any]:
    recent = conn.execute(
        "SELECT id, recorded, as_of, documents, passed, failed, errors, skipped, findings, by_severity"
        " FROM runs ORDER BY id DESC LIMIT ?",
        (TREND_RUNS,),
    ).fetchall()
    recent.reverse()  # oldest first, as a trend is drawn
    runs = [
        {
            "when": r[1],
            "as_of": r[2],
            "documents": r[3],
            "passed": r[4],
            "failed": r[5],
            "errors": r[6],
            "skipped": r[7],
            "findings": r[8],
            "by_severity": json.loads(r[9]),
        }
        for r in recent
    ]
    if len(recent) < 2:
        return {"runs": runs, "new": [], "fixed": [], "previous": None}
    last_id, prev_id = recent[-1][0], recent[-2][0]
    return {
        "runs": runs,
        "new": _diff(conn, last_id, prev_id),
        "fixed": _diff(conn, prev_id, last_id, checked_in=last_id),
        "previous": recent[-2][1],
    }


def _diff(
    conn: sqlite3.Connection, in_run: int, not_in_run: int, checked_in: int | None = None
) -> list[dict[str, Any]]:
    """Findings of ``in_run`` absent from ``not_in_run``. With ``checked_in``, only findings on
    documents that run checked (pass or fail): a finding on a file the run did not look at, or
    could not read, is not fixed."""
    sql = (
        "SELECT fingerprint, rule_id, path, severity, message FROM findings WHERE run_id = ?"
        " AND fingerprint NOT IN (SELECT fingerprint FROM findings WHERE run_id = ?)"
    )
    params: tuple[int, ...] = (in_run, not_in_run)
    if checked_in is not None:
        sql += " AND path IN (SELECT path FROM documents WHERE run_id = ? AND status IN ('pass', 'fail'))"
        params += (checked_in,)
    rows = conn.execute(sql + " ORDER BY path, rule_id, fingerprint", params).fetchall()
    return [{"fingerprint": r[0], "rule_id": r[1], "path": r[2], "severity": r[3], "message": r[4]} for r in rows]
