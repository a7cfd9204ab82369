"""Comparing two recorded runs (new, fixed, waived, baselined) and the review desk's status of a
finding (its latest decision over the state its run recorded)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, select

from auditor.store import schema as S
from auditor.store.rows import loads as _loads
from auditor.store.rows import pack_of as _pack_of


def _status(state: str, decision: dict[str, Any] | None, today: str) -> str:
    """What the review desk shows: a live decision wins over the state the run recorded."""
    if decision is None or decision["action"] == "reopen":
        return state
    if decision["action"] == "waive":
        if decision.get("expires") and decision["expires"] < today:
            return state  # an expired waiver decides nothing
        return "waived"
    return decision["action"]


def _latest_decisions(conn: Connection, fps: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(fps), 500):
        chunk = fps[i : i + 500]
        for r in conn.execute(select(S.decisions).where(S.decisions.c.fingerprint.in_(chunk))
                              .order_by(S.decisions.c.id)).mappings():
            out[r["fingerprint"]] = dict(r)
    return out


def _compare(conn: Connection, prev: int, last: int) -> dict[str, Any]:
    """new / fixed / waived / baselined from prev to last, only on documents both runs checked and
    read (pass or fail), and only for rules of packs both runs ran. Everything else is not compared."""
    docs: dict[int, set[str]] = {}
    for rid in (prev, last):
        docs[rid] = set(conn.execute(select(S.documents.c.path).where(
            and_(S.documents.c.run_id == rid, S.documents.c.status.in_(("pass", "fail"))))).scalars())
    common = docs[prev] & docs[last]
    packs: dict[int, set[str] | None] = {}
    for rid in (prev, last):
        scope = _loads(conn.execute(select(S.runs.c.scope).where(S.runs.c.id == rid)).scalar())
        packs[rid] = set(scope.get("packs") or []) if isinstance(scope, dict) else None
    both_packs = packs[prev] & packs[last] if packs[prev] is not None and packs[last] is not None else None
    cols = (S.findings.c.fingerprint, S.findings.c.rule_id, S.findings.c.path, S.findings.c.severity,
            S.findings.c.message, S.findings.c.state, S.findings.c.pack)
    rows: dict[int, dict[str, dict[str, Any]]] = {}
    for rid in (prev, last):
        rows[rid] = {r["fingerprint"]: dict(r) for r in conn.execute(
            select(*cols).where(S.findings.c.run_id == rid)).mappings()}

    def comparable(r: dict[str, Any]) -> bool:
        if r["path"] not in common:
            return False
        return both_packs is None or _pack_of(r["rule_id"], r["pack"]) in both_packs

    def ref(r: dict[str, Any]) -> dict[str, Any]:
        return {k: r[k] for k in ("fingerprint", "rule_id", "path", "severity", "message")}

    before, after = rows[prev], rows[last]
    new, fixed, waived, baselined = [], [], [], []
    not_compared = 0
    for fp, r in after.items():
        if r["state"] != "open":
            continue
        if not comparable(r):
            not_compared += 1
        elif fp not in before:
            new.append(ref(r))
    for fp, r in before.items():
        if r["state"] != "open" or not comparable(r):
            continue
        now = after.get(fp)
        if now is None:
            fixed.append(ref(r))
        elif now["state"] in ("waived", "suppressed"):
            waived.append(ref(r))
        elif now["state"] == "baselined":
            baselined.append(ref(r))

    def key(r: dict[str, Any]) -> tuple[str, str, str]:
        return (r["path"], r["rule_id"], r["fingerprint"])

    return {
        "new": sorted(new, key=key),
        "fixed": sorted(fixed, key=key),
        "waived": sorted(waived, key=key),
        "baselined": sorted(baselined, key=key),
        "not_compared": not_compared,
    }
