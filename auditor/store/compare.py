"""Comparing two recorded runs (new, fixed, waived, baselined) and the review desk's status of a
finding (its latest decision over the state its run recorded)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.store.rows import loads as _loads
from auditor.store.rows import pack_of as _pack_of

if TYPE_CHECKING:
    from sqlalchemy import Connection

# a finding's columns the comparison reads, in this order
COMPARED = ("fingerprint", "rule_id", "path", "severity", "message", "state", "pack")


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
    from sqlalchemy import select

    from auditor.store import schema as S

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
    from sqlalchemy import and_, select

    from auditor.store import schema as S

    docs: dict[int, set[str]] = {}
    scopes: dict[int, str | None] = {}
    rows: dict[int, list[tuple[Any, ...]]] = {}
    cols = [S.findings.c[name] for name in COMPARED]
    for rid in (prev, last):
        docs[rid] = set(conn.execute(select(S.documents.c.path).where(
            and_(S.documents.c.run_id == rid, S.documents.c.status.in_(("pass", "fail"))))).scalars())
        scopes[rid] = conn.execute(select(S.runs.c.scope).where(S.runs.c.id == rid)).scalar()
        rows[rid] = [tuple(r) for r in conn.execute(select(*cols).where(S.findings.c.run_id == rid))]
    return compare_runs(prev, last, docs, scopes, rows)


def compare_runs(prev: int, last: int, docs: dict[int, set[str]], scopes: dict[int, str | None],
                 found: dict[int, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """``_compare`` on what the two runs recorded: the paths each read (pass or fail), its scope
    (JSON) and its findings (``COMPARED`` columns)."""
    common = docs[prev] & docs[last]
    packs: dict[int, set[str] | None] = {}
    for rid in (prev, last):
        scope = _loads(scopes[rid])
        packs[rid] = set(scope.get("packs") or []) if isinstance(scope, dict) else None
    both_packs = packs[prev] & packs[last] if packs[prev] is not None and packs[last] is not None else None
    rows: dict[int, dict[str, dict[str, Any]]] = {}
    for rid in (prev, last):
        rows[rid] = {r[0]: dict(zip(COMPARED, r, strict=True)) for r in found[rid]}

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


def run_entry(r: dict[str, Any], prev: int | None, cmp: dict[str, Any] | None, signed: dict[str, Any] | None) -> dict[str, Any]:
    """One run of the trend: its row (``runs`` without the results blob), the run before it and,
    when compared, its new / fixed counts against that run."""
    return {
        "id": r["id"],
        "when": r["recorded"],
        "as_of": r["as_of"],
        "documents": r["documents"],
        "passed": r["passed"],
        "failed": r["failed"],
        "errors": r["errors"],
        "skipped": r["skipped"],
        "findings": r["findings"],
        "by_severity": _loads(r["by_severity"], {}),
        "scope": _loads(r["scope"]),
        "previous_id": prev,
        "new": len(cmp["new"]) if cmp else None,
        "fixed": len(cmp["fixed"]) if cmp else None,
        "waived": len(cmp["waived"]) if cmp else None,
        "baselined": len(cmp["baselined"]) if cmp else None,
        "not_compared": cmp["not_compared"] if cmp else None,
        "signed_off": signed,
    }


def history_of(runs: list[dict[str, Any]], cmp: dict[str, Any] | None, prev_when: str | None) -> dict[str, Any]:
    """The reporters' history dict: the trend (``run_entry``s, oldest first) and the comparison of
    its last run with the one before (None: the last run is the first)."""
    if not runs:
        return {"runs": [], "new": [], "fixed": [], "previous": None}
    last = runs[-1]
    if cmp is None:
        return {"runs": runs, "new": [], "fixed": [], "previous": None, "run_id": last["id"]}
    last.update({k: len(cmp[k]) for k in ("new", "fixed", "waived", "baselined")}, not_compared=cmp["not_compared"])
    return {"runs": runs, "previous": prev_when, "run_id": last["id"], "previous_id": last["previous_id"], **cmp}
