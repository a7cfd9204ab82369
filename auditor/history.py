"""Kept for code that imports ``auditor.history``: the history now lives in ``auditor.store``
(SQLAlchemy + Alembic, SQLite or PostgreSQL); the functions below are the same ones."""

from __future__ import annotations

from auditor.store import TREND_RUNS, fingerprint, load, normalise_evidence, record

__all__ = ["TREND_RUNS", "fingerprint", "load", "normalise_evidence", "record"]
