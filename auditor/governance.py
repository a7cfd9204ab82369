"""What a manager needs beside the findings: waivers that expire soon, the run's sign-off state,
and the alias maps that merge spellings of an author or a section in the reports. The sign-off
comes from the history store (auditor/store, issue 15): runs are signed off in `auditor serve`.

The check command adds these to ``results["run"]``: ``waivers_expiring`` (waivers whose expiry is
within ``EXPIRING_DAYS`` of the audit date), ``signoff`` (``{"state": ..., ...}``; read through the
history store's API when it offers one, else ``"not recorded"``) and ``aliases``
(``{"authors": {...}, "sections": {...}}`` from the config). Reporters only read them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.suppress import Suppressor, Waiver

EXPIRING_DAYS = 30
NOT_RECORDED = "not recorded"


def expiring_waivers(waivers: list[Waiver], as_of: date, days: int = EXPIRING_DAYS) -> list[dict[str, Any]]:
    """Valid waivers (auditor.suppress.Waiver) that expire within ``days`` of as_of, soonest first."""
    out = []
    for w in waivers:
        if w.problem or w.expires is None:
            continue
        left = (w.expires - as_of).days
        if 0 <= left <= days:
            out.append({"rule": w.rule, "path": w.path or w.document, "reason": w.reason,
                        "approved_by": w.approved_by, "expires": w.expires.isoformat(), "days_left": left,
                        "used": w.used})
    out.sort(key=lambda x: (x["expires"], x["rule"] or "", x["path"] or ""))
    return out


def signoff_state(results: dict[str, Any], history: dict[str, Any] | None = None) -> dict[str, Any]:
    """The run's sign-off from the history (auditor/store: each run's ``signed_off``): "signed off"
    with who and when, "awaiting sign-off" for a recorded run nobody signed yet (with the last
    signed-off run), or "not recorded" when the run is not in a history - never an invented approval."""
    runs = (history or {}).get("runs") or []
    run_id = (history or {}).get("run_id")
    this = next((r for r in runs if r.get("id") == run_id), None) if run_id is not None else None
    if this is None:
        return {"state": NOT_RECORDED}
    signed = this.get("signed_off")
    if signed:
        return {"state": "signed off", "run": run_id, "by": signed.get("who"), "at": signed.get("at")}
    out: dict[str, Any] = {"state": "awaiting sign-off", "run": run_id}
    last = next((r for r in reversed(runs) if r.get("signed_off") and r.get("id") != run_id), None)
    if last is not None:
        out["last_signed_off"] = f"run {last['id']} by {last['signed_off'].get('who')} at {last['signed_off'].get('at')}"
    return out


def apply_alias(name: str, aliases: dict[str, str] | None) -> str:
    """The canonical name for an author or section spelling (case and spaces ignored)."""
    if not aliases:
        return name
    key = " ".join(name.split()).casefold()
    for alias, canonical in aliases.items():
        if " ".join(str(alias).split()).casefold() == key:
            return str(canonical)
    return name


def run_info(suppressor: Suppressor, as_of: date, config_aliases: dict[str, dict[str, str]] | None,
             results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "waivers_expiring": expiring_waivers(suppressor.waivers, as_of),
        "signoff": signoff_state(results),  # check replaces it once the run is in the history
    }
    aliases = {k: dict(v) for k, v in (config_aliases or {}).items() if v}
    if aliases:
        out["aliases"] = aliases
    return out
