"""The Store: opening (schema check and migrations), recording runs, and the review desk's queries."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from auditor.store import HEAD, TREND_RUNS, VERSION_TABLE, StoreError, is_url, label_for, url_for
from auditor.store import schema as S
from auditor.store.compare import _compare, _latest_decisions, _status, history_of, run_entry
from auditor.store.rows import insert_rows, now_iso, recorded, results_blob, run_values
from auditor.store.rows import loads as _loads

KNOWN_REVISIONS = ("0001", "0002")
LEGACY_SCHEMA_VERSION = 1
MAX_TEXT = 5_000_000  # characters of one article's text kept for the review desk
ACTIONS = ("waive", "false-positive", "fix-needed", "reopen")
_PG_LOCK = 0x61756469  # "audi": the advisory lock migrations and writers of a PostgreSQL history take


class Store:
    def __init__(self, location: str | os.PathLike[str], create: bool = True) -> None:
        loc = os.fspath(location)
        self.label = label_for(loc)
        self.url = url_for(loc)
        self.sqlite = self.url.startswith("sqlite")
        if self.sqlite and not is_url(loc):
            path = Path(loc)
            if not path.exists() and not create:
                raise StoreError(f"{self.label}: no such history file")
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = self._engine()
        try:
            with self.begin() as conn:
                self._ensure_schema(conn)
        except StoreError:
            self.engine.dispose()
            raise
        except DBAPIError as exc:
            self.engine.dispose()
            raise StoreError(f"{self.label}: cannot open the history: {_short(exc)}") from None

    # -- connection --------------------------------------------------------------------------
    def _engine(self) -> Engine:
        if self.sqlite:
            engine = create_engine(self.url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _connect(dbapi_conn: Any, _rec: Any) -> None:
                dbapi_conn.isolation_level = None  # we say BEGIN ourselves, below
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys = ON")
                cur.execute("PRAGMA busy_timeout = 60000")
                cur.close()

            @event.listens_for(engine, "begin")
            def _begin(conn: Connection) -> None:
                # writers take the write lock up front and queue on it (busy_timeout) instead of
                # failing half-way: no run is lost; readers begin a plain (deferred) transaction
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("auditor_write") else "BEGIN")

            return engine
        try:
            return create_engine(self.url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"{self.label}: PostgreSQL needs psycopg 3 (pip install 'auditor[review]'): {exc}"
            ) from None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: the whole history is locked for its length (runs are appended whole)."""
        with self.engine.connect() as conn:
            conn.info["auditor_write"] = True
            try:
                with conn.begin():
                    if not self.sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
                    yield conn
            finally:
                conn.info.pop("auditor_write", None)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------
    def _ensure_schema(self, conn: Connection) -> None:
        insp = inspect(conn)
        current = None
        if insp.has_table(VERSION_TABLE):
            current = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        if current == HEAD:
            return
        if current is not None and current not in KNOWN_REVISIONS:
            raise StoreError(
                f"{self.label}: history schema revision {current} is newer than this auditor understands "
                f"(it knows up to {HEAD}); upgrade auditor, or point --history elsewhere"
            )
        stamp = None
        if current is None and insp.has_table("runs"):
            legacy = None
            if insp.has_table("meta"):
                legacy = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
            if legacy is None or not str(legacy).isdigit():
                raise StoreError(f"{self.label}: has a 'runs' table but is not an auditor history")
            if int(legacy) > LEGACY_SCHEMA_VERSION:
                raise StoreError(f"{self.label}: history schema {legacy} is newer than this auditor understands")
            stamp = "0001"  # written by auditor 0.1.0: its tables are revision 0001
        self._migrate(conn, stamp)

    def _migrate(self, conn: Connection, stamp: str | None) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        cfg.attributes["connection"] = conn
        if stamp:
            command.stamp(cfg, stamp)
        command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()

    # -- recording ---------------------------------------------------------------------------
    def record(
        self,
        results: dict[str, Any],
        texts: Mapping[str, str] | None = None,
        scope: dict[str, Any] | None = None,
        root: str | None = None,
    ) -> int:
        """Append a run in one transaction; returns its id. Concurrent writers wait their turn.
        The documents are read once for the run's rows and once more, in batches, for theirs
        (auditor/store/rows.py): a spilled list (auditor/spill.py) is never held in memory."""
        values = run_values(results, scope)
        blob = results_blob(results)
        with self.begin() as conn:
            run_id = conn.execute(
                S.runs.insert().values(recorded=recorded(results), root=root, results=blob, **values)
            ).inserted_primary_key[0]
            insert_rows(_Rows(conn), int(run_id), results.get("documents", []), texts, root)
        return int(run_id)

    # -- runs and the comparison between two runs ---------------------------------------------------
    def forget(self, run_id: int) -> None:
        """Delete one run; its documents, findings and texts go with it (ON DELETE CASCADE)."""
        with self.begin() as conn:
            conn.execute(S.runs.delete().where(S.runs.c.id == run_id))

    def run_ids(self, limit: int | None = TREND_RUNS, upto: int | None = None) -> list[int]:
        q = select(S.runs.c.id).order_by(S.runs.c.id.desc())
        if upto is not None:
            q = q.where(S.runs.c.id <= upto)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            ids = list(conn.execute(q).scalars())
        ids.reverse()
        return ids

    def previous_id(self, run_id: int) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(S.runs.c.id)).where(S.runs.c.id < run_id)).scalar()

    def run_row(self, run_id: int) -> dict[str, Any] | None:
        cols = [c for c in S.runs.c if c.name != "results"]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(S.runs.c.id == run_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        out["packs"] = _loads(out["packs"], [])
        out["by_severity"] = _loads(out["by_severity"], {})
        out["scope"] = _loads(out["scope"])
        return out

    def runs(self, limit: int | None = TREND_RUNS) -> list[dict[str, Any]]:
        """Runs, oldest first, each with its new / fixed counts against the run before it."""
        return self._runs_for(self.run_ids(limit))

    def _runs_for(self, ids: list[int], compare: bool = True) -> list[dict[str, Any]]:
        if not ids:
            return []
        cols = [c for c in S.runs.c if c.name != "results"]
        with self.engine.connect() as conn:
            rows = {r["id"]: dict(r) for r in conn.execute(select(*cols).where(S.runs.c.id.in_(ids))).mappings()}
            signed = {r[0]: {"who": r[1], "at": r[2]} for r in conn.execute(
                select(S.signoffs.c.run_id, S.signoffs.c.who, S.signoffs.c.at).where(S.signoffs.c.run_id.in_(ids))
                .order_by(S.signoffs.c.id))}
            out = []
            for i in ids:
                prev = conn.execute(select(func.max(S.runs.c.id)).where(S.runs.c.id < i)).scalar()
                cmp = _compare(conn, prev, i) if prev is not None and compare else None
                out.append(run_entry(rows[i], prev, cmp, signed.get(i)))
        return out

    def history(self, run_id: int | None = None) -> dict[str, Any]:
        """The reporters' history dict ending at run_id (default: the last run)."""
        ids = self.run_ids(TREND_RUNS, upto=run_id)
        runs = self._runs_for(ids, compare=False)  # the trend; only the last pair is compared here
        prev = runs[-1]["previous_id"] if runs else None
        if prev is None:
            return history_of(runs, None, None)
        with self.engine.connect() as conn:
            cmp = _compare(conn, prev, runs[-1]["id"])
            prev_when = conn.execute(select(S.runs.c.recorded).where(S.runs.c.id == prev)).scalar()
        return history_of(runs, cmp, prev_when)

    # -- the review desk -----------------------------------------------------------------------------
    def run_documents(self, run_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.documents).where(S.documents.c.run_id == run_id)
                                .order_by(S.documents.c.path)).mappings()
            return [dict(r) | {"authors": _loads(r["authors"], [])} for r in rows]

    def run_findings(self, run_id: int) -> list[dict[str, Any]]:
        """The run's findings, each with its status: the latest decision on its fingerprint, else its state."""
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(
                select(S.findings).where(S.findings.c.run_id == run_id)
                .order_by(S.findings.c.path, S.findings.c.rule_id, S.findings.c.fingerprint)).mappings()]
            latest = _latest_decisions(conn, [r["fingerprint"] for r in rows])
        today = date.today().isoformat()
        for r in rows:
            r["span"] = _loads(r["span"], {}) or {}
            r["refs"] = _loads(r["refs"], []) or []
            r["suppression"] = _loads(r["suppression"])
            d = latest.get(r["fingerprint"])
            r["decision"] = d
            r["status"] = _status(r["state"], d, today)
        return rows

    def document(self, run_id: int, path: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents).where(
                and_(S.documents.c.run_id == run_id, S.documents.c.path == path))).mappings().first()
            if row is None:
                return None
            doc = dict(row) | {"authors": _loads(row["authors"], [])}
            doc["text"] = None
            if row["text_sha"]:
                doc["text"] = conn.execute(select(S.texts.c.body).where(S.texts.c.sha256 == row["text_sha"])).scalar()
        doc["findings"] = [f for f in self.run_findings(run_id) if f["path"] == path]
        return doc

    def decide(
        self,
        run_id: int | None,
        fingerprints: Iterable[str],
        action: str,
        who: str,
        reason: str | None = None,
        expires: str | None = None,
    ) -> list[dict[str, Any]]:
        """Record one decision on each finding (by fingerprint, as seen in run_id); returns the findings."""
        if action not in ACTIONS:
            raise StoreError(f"unknown decision {action!r} (choose from {', '.join(ACTIONS)})")
        reason = (reason or "").strip() or None
        if action in ("waive", "false-positive") and not reason:
            raise StoreError(f"a {action} decision needs a reason")
        if action == "waive":
            try:
                if not expires or date.fromisoformat(expires) < date.today():
                    raise ValueError
            except ValueError:
                raise StoreError("a waiver needs an expiry date (YYYY-MM-DD, today or later)") from None
        else:
            expires = None
        fps = sorted(set(fingerprints))
        at = now_iso()
        with self.begin() as conn:
            q = select(S.findings.c.fingerprint, S.findings.c.path, S.findings.c.rule_id, S.findings.c.severity)
            q = q.where(S.findings.c.fingerprint.in_(fps))
            if run_id is not None:
                q = q.where(S.findings.c.run_id == run_id)
            found = {r["fingerprint"]: dict(r) for r in conn.execute(q).mappings()}
            missing = [fp for fp in fps if fp not in found]
            if missing:
                raise StoreError(f"no finding {missing[0][:12]}… in this run")
            conn.execute(S.decisions.insert(), [
                {"fingerprint": fp, "run_id": run_id, "path": found[fp]["path"], "rule_id": found[fp]["rule_id"],
                 "action": action, "reason": reason, "expires": expires, "who": who, "at": at}
                for fp in fps])
        return [found[fp] for fp in fps]

    def decisions(self, fingerprint_: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        q = select(S.decisions).order_by(S.decisions.c.id.desc()).limit(limit)
        if fingerprint_:
            q = q.where(S.decisions.c.fingerprint == fingerprint_)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def blocking(self, run_id: int) -> list[dict[str, Any]]:
        """Error findings of the run that are open and undecided: what blocks a sign-off."""
        return [f for f in self.run_findings(run_id) if f["severity"] == "error" and f["status"] == "open"]

    def sign_off(self, run_id: int, who: str, note: str | None = None) -> None:
        if self.run_row(run_id) is None:
            raise StoreError(f"no run {run_id}")
        blocking = self.blocking(run_id)
        if blocking:
            raise StoreError(f"run {run_id} cannot be signed off: {len(blocking)} error finding(s) are undecided")
        with self.begin() as conn:
            conn.execute(S.signoffs.insert().values(run_id=run_id, who=who, at=now_iso(), note=(note or None)))

    def signoffs(self, run_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(
                select(S.signoffs).where(S.signoffs.c.run_id == run_id).order_by(S.signoffs.c.id)).mappings()]

    def results_json(self, run_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            blob = conn.execute(select(S.runs.c.results).where(S.runs.c.id == run_id)).scalar()
        return json.loads(gzip.decompress(blob)) if blob else None

    # -- accounts ------------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password_hash: str | None, token_hash: str | None) -> None:
        try:
            with self.begin() as conn:
                conn.execute(S.users.insert().values(name=name, role=role, password_hash=password_hash,
                                                     token_hash=token_hash, created=now_iso()))
        except IntegrityError:
            raise StoreError(f"user {name!r} already exists") from None

    def user(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.users).where(S.users.c.name == name)).mappings().first()
        return dict(row) if row else None

    def count_users(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(S.users)).scalar() or 0)


# -- helpers ---------------------------------------------------------------------------------------
class _Rows:
    """``rows.Writer`` over a SQLAlchemy connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def stored_texts(self, shas: list[str]) -> set[str]:
        return set(self.conn.execute(select(S.texts.c.sha256).where(S.texts.c.sha256.in_(shas))).scalars())

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(S.metadata.tables[table].insert(), rows)


def _short(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
