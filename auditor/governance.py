"""What a manager needs beside the findings: waivers that expire soon, the run's sign-off state,
and the alias maps that merge spellings of an author or a section in the reports.

The check command adds these to ``results["run"]``: ``waivers_expiring`` (waivers whose expiry is
within ``EXPIRING_DAYS`` of the audit date), ``signoff`` (``{"state": ..., ...}``; read through the
history store's API when it offers one, else ``"not recorded"``) and ``aliases``
(``{"authors": {...}, "sections": {...}}`` from the config). Reporters only read them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

EXPIRING_DAYS = 30
NOT_RECORDED = "not recorded"


def expiring_waivers(waivers: list[Any], as_of: date, days: int = EXPIRING_DAYS) -> list[dict[str, Any]]:
    """Valid waivers (auditor.suppress.Waiver) that expire within ``days`` of as_of, soonest first."""
    out = []
    for w in waivers:
        if getattr(w, "problem", None) or w.expires is None:
            continue
        left = (w.expires - as_of).days
        if 0 <= left <= days:
            out.append({"rule": w.rule, "path": w.path or w.document, "reason": w.reason,
                        "approved_by": w.approved_by, "expires": w.expires.isoformat(), "days_left": left,
                        "used": w.used})
    out.sort(key=lambda x: (x["expires"], x["rule"] or "", x["path"] or ""))
    return out


def signoff_state(results: dict[str, Any]) -> dict[str, Any]:
    """The run's sign-off, from the history store (issue 15) when it offers ``signoff_for``;
    otherwise "not recorded" - never an invented approval."""
    try:
        from auditor import store  # type: ignore[attr-defined]

        getter = getattr(store, "signoff_for", None)
    except ImportError:
        getter = None
    if getter is not None:
        try:
            found = getter(results)
            if found:
                return dict(found)
        except Exception as exc:  # the store is optional for reports: say why it is missing
            return {"state": NOT_RECORDED, "note": f"history store: {type(exc).__name__}: {exc}"}
    return {"state": NOT_RECORDED}


def apply_alias(name: str, aliases: dict[str, str] | None) -> str:
    """The canonical name for an author or section spelling (case and spaces ignored)."""
    if not aliases:
        return name
    key = " ".join(name.split()).casefold()
    for alias, canonical in aliases.items():
        if " ".join(str(alias).split()).casefold() == key:
            return str(canonical)
    return name


def run_info(suppressor: Any, as_of: date, config_aliases: dict[str, dict[str, str]] | None,
             results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "waivers_expiring": expiring_waivers(getattr(suppressor, "waivers", []) or [], as_of),
        "signoff": signoff_state(results),
    }
    aliases = {k: dict(v) for k, v in (config_aliases or {}).items() if v}
    if aliases:
        out["aliases"] = aliases
    return out
