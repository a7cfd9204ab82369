"""The baseline: the fingerprints of the findings a project accepted, one JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor import __version__

BASELINE_FORMAT = 1


class BaselineError(Exception):
    """The baseline file cannot be used; one line naming the file."""


def load_baseline(path: Path) -> set[str]:
    name = path.as_posix()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{name}: no such baseline file (create one with `auditor baseline create`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{name}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("auditor_baseline") != BASELINE_FORMAT:
        raise BaselineError(f"{name}: not an auditor baseline (expected \"auditor_baseline\": {BASELINE_FORMAT})")
    out = set()
    for i, item in enumerate(data.get("findings") or []):
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(fp, str):
            raise BaselineError(f"{name}: findings[{i}] has no fingerprint")
        out.add(fp)
    return out


def render_baseline(results: dict[str, Any]) -> str:
    """The active findings of a run, by fingerprint; sorted, so the same findings give the same bytes."""
    rows = []
    for doc in results["documents"]:
        for f in doc["findings"]:
            if f.get("suppressed") or not f.get("fingerprint"):
                continue
            rows.append(
                {
                    "fingerprint": f["fingerprint"],
                    "rule_id": f["rule_id"],
                    "path": doc["path"],
                    "severity": f["severity"],
                    "message": f["message"],
                }
            )
    rows.sort(key=lambda r: (r["path"], r["rule_id"], r["fingerprint"]))
    data = {"auditor_baseline": BASELINE_FORMAT, "tool_version": __version__, "findings": rows}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
