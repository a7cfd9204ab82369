"""No verdict without an audit: when the run's status is "not-audited" and why.

A run is NOT AUDITED (never PASS; exit code 2) when a named rule pack did not load (or no rule
loaded at all), when a path named on the command line is missing or of a type no reader knows, or
when nothing at all was audited. Files of unknown type met while walking a folder are only skipped.
When the packs did not load, no document counts as passed: each is skipped with the note
"not audited: ..." (``withhold_pass``), so no report's figures show passes for a run that audited
nothing.
Every reporter reads the status from ``results["run"]["status"]`` and the reasons from
``results["run"]["not_audited"]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.contracts import RuleSetLike
from auditor.model import DocumentResult

AUDITED, NOT_AUDITED = "audited", "not-audited"
LABEL = "NOT AUDITED"


def pack_reasons(ruleset: RuleSetLike) -> list[str]:
    """Why the packs do not make an audit: a named pack that did not load, or no enabled rule."""
    out = [f"rule pack {spec!r} did not load (see the errors above)" for spec in ruleset.failed_specs]
    if not ruleset.rules_info():  # enabled rules
        out.append("no rule pack loaded: no rule was checked")
    return out


NOTE_PREFIX = "not audited: "


def unaudited_note(ruleset: RuleSetLike) -> str | None:
    """The note a document gets instead of a pass when the packs did not make an audit (None: they did)."""
    reasons = pack_reasons(ruleset)
    return NOTE_PREFIX + reasons[0] if reasons else None


def withhold_pass(res: DocumentResult, note: str | None) -> DocumentResult:
    """A document that would pass under rule packs that did not (all) load is not a pass: it is
    counted as skipped, with ``note`` saying why, in every report. A failing document keeps its
    findings (they are real); an unreadable one stays unreadable."""
    if note and res.status == "pass":
        res.status = "skipped"
        res.note = note
    return res


def is_withheld(doc: dict[str, Any]) -> bool:
    return doc.get("status") == "skipped" and str(doc.get("note") or "").startswith(NOTE_PREFIX)


def named_paths(paths: list[str], stdin_filename: str | None = None) -> set[str]:
    """The paths as results show them for the inputs named on the command line."""
    stdin = {Path(stdin_filename).as_posix() if stdin_filename else "-"} if "-" in paths else set()
    return {Path(p).as_posix() for p in paths if p != "-"} | stdin


def path_reason(doc: dict[str, Any], named: set[str]) -> str | None:
    """A document that stands for a named path that was not audited: missing, or of no known type."""
    if doc.get("path") not in named or is_withheld(doc):
        return None
    if doc.get("status") == "skipped":
        return f"{doc['path']}: {str(doc.get('note') or 'skipped').removeprefix('skipped: ')}"
    if doc.get("status") == "error" and "no such file or folder" in str(doc.get("error") or ""):
        return str(doc["error"])
    return None


def decide(results: dict[str, Any], ruleset: RuleSetLike, named: set[str], *, changed_since: bool = False) -> dict[str, Any]:
    """The run's status and reasons, to merge into ``results["run"]``; ``named``: ``named_paths()``."""
    docs = results.get("documents") or []
    return decide_from([d for d in docs if d.get("path") in named],
                       sum(d.get("status") in ("pass", "fail") for d in docs), ruleset, named,
                       changed_since=changed_since)  # fmt: skip


def decide_from(named_docs: list[dict[str, Any]], audited: int, ruleset: RuleSetLike, named: set[str], *,
                changed_since: bool = False) -> dict[str, Any]:
    """``decide`` from what it needs (the documents of the named paths, how many passed or failed),
    so a run over a million documents does not read them all back for it."""
    reasons = pack_reasons(ruleset)
    for doc in named_docs:
        why = path_reason(doc, named)
        if why:
            reasons.append(why)
    if not audited and not changed_since and not reasons:
        reasons.append("no article was audited (no file of a known type was found)")
    return {"status": NOT_AUDITED if reasons else AUDITED, "not_audited": reasons}


def status_of(results: dict[str, Any]) -> tuple[str, list[str]]:
    """(status, reasons) from saved results; results from before the status existed count as audited."""
    run = results.get("run") or {}
    return str(run.get("status") or AUDITED), list(run.get("not_audited") or [])


def is_not_audited(results: dict[str, Any]) -> bool:
    return status_of(results)[0] == NOT_AUDITED


def banner(results: dict[str, Any]) -> str:
    """One line for reports: 'NOT AUDITED: reason; reason' (empty when audited)."""
    status, reasons = status_of(results)
    if status != NOT_AUDITED:
        return ""
    return f"{LABEL}: {'; '.join(reasons) or 'the audit did not run'}"
