"""The audit history: runs, documents, findings (followed by fingerprint), decisions, sign-offs.

SQLite file by default (``reports/history.sqlite``), PostgreSQL with a ``postgresql://`` URL
(psycopg 3). SQLAlchemy 2 Core; Alembic migrations shipped in ``migrations/`` run on open, in a
locked transaction, so an old history file (auditor 0.1.0, ``auditor/history.py``) is upgraded
in place with every run kept, and a file from a newer auditor is refused with a clear message.

This module is light to import: SQLAlchemy loads when a store is opened, Alembic only when the
schema has to change; ``record_run`` appends to a SQLite file already at this schema through
``sqlite3`` alone (``lite.py``), so a one-file `auditor check` imports no SQLAlchemy. ``record(results, location)`` and ``load(location)`` return the dict the
reporters read (``ReportOptions.history``): the trend, and new / fixed / waived / baselined
between the last two runs, counted only on documents both runs checked with packs both ran.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from auditor.store.db import Store

TREND_RUNS = 20
DEFAULT_HISTORY = "reports/history.sqlite"
HEAD = "0002"  # the schema revision this auditor writes (auditor/store/migrations)
VERSION_TABLE = "auditor_schema_version"


class StoreError(Exception):
    """A history that cannot be opened or written: one line naming the place and the problem."""


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


def is_url(location: str) -> bool:
    return "://" in location


def url_for(location: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for a history location: a file path (SQLite) or a database URL."""
    loc = os.fspath(location)
    if loc.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + loc.split("://", 1)[1]
    if loc.startswith(("postgresql+psycopg://", "sqlite://")):
        return loc
    if is_url(loc):
        scheme = loc.split("://", 1)[0]
        raise StoreError(f"--history: unsupported database {scheme!r} (use a file path or postgresql://...)")
    return "sqlite:///" + Path(loc).absolute().as_posix()


def label_for(location: str | os.PathLike[str]) -> str:
    """The location as shown to a person: a path, or a URL without its password."""
    loc = os.fspath(location)
    if "://" in loc and "@" in loc.split("://", 1)[1]:
        scheme, rest = loc.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else loc
    return loc


def open_store(location: str | os.PathLike[str], create: bool = True) -> Store:
    from auditor.store.db import Store

    return Store(location, create=create)


def ignore_in_git(history_file: Path) -> None:
    """Keep a history file out of a content repository's `git status`: a .gitignore beside it that
    names the history and itself (written once, never over an existing one)."""
    gi = history_file.parent / ".gitignore"
    if gi.exists():
        return
    name = history_file.name
    with contextlib.suppress(OSError):
        gi.write_text(
            "# written by auditor: the audit history is local state, not content\n"
            f".gitignore\n{name}\n{name}-*\n",
            encoding="utf-8",
        )


def record(
    results: dict[str, Any],
    location: str | os.PathLike[str],
    texts: Mapping[str, str] | None = None,
    scope: dict[str, Any] | None = None,
    root: str | None = None,
) -> dict[str, Any]:
    """Append this run and return the history dict (trend, new/fixed since the previous run)."""
    return record_run(results, location, texts=texts, scope=scope, root=root)[0]


def record_run(
    results: dict[str, Any],
    location: str | os.PathLike[str],
    texts: Mapping[str, str] | None = None,
    scope: dict[str, Any] | None = None,
    root: str | None = None,
) -> tuple[dict[str, Any], int]:
    """``record``, and the new run's id (for ``forget``)."""
    from auditor.store.lite import record_run as record_in_sqlite

    done = record_in_sqlite(results, location, texts=texts, scope=scope, root=root)  # no SQLAlchemy import
    if done is not None:
        return done
    store = open_store(location)
    try:
        run_id = store.record(results, texts=texts, scope=scope, root=root)
        return store.history(run_id), run_id
    finally:
        store.close()


def forget(location: str | os.PathLike[str], run_id: int) -> None:
    """Take a recorded run back out (its reports were not written, or the run was interrupted
    after recording): issue 16's "the history row only after the reports"."""
    store = open_store(location, create=False)
    try:
        store.forget(run_id)
    finally:
        store.close()


def load(location: str | os.PathLike[str]) -> dict[str, Any]:
    """The history dict without recording (a missing SQLite file is an empty history, not created)."""
    loc = os.fspath(location)
    if not is_url(loc) and not Path(loc).is_file():
        return {"runs": [], "new": [], "fixed": [], "previous": None}
    store = open_store(loc)
    try:
        return store.history()
    finally:
        store.close()


__all__ = [
    "DEFAULT_HISTORY",
    "TREND_RUNS",
    "StoreError",
    "fingerprint",
    "forget",
    "ignore_in_git",
    "label_for",
    "load",
    "normalise_evidence",
    "open_store",
    "record",
    "record_run",
    "url_for",
]
