"""GitLab Code Quality JSON (the ``codequality`` report artifact): one issue per finding.

Suppressed and baselined findings stay in the report as ``info`` issues whose description says why,
so the merge-request widget never shows them as new problems and they are never lost.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters.toolkit import items

EXTENSION = ".gitlab.json"
BINARY = False
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(results: dict[str, Any], options: ReportOptions) -> str:
    issues = []
    seen: set[str] = set()
    for it in items(results):
        f = it.finding
        span = f.get("span") or {}
        basis = f.get("fingerprint") or hashlib.sha256(
            f"{it.path}\0{f['rule_id']}\0{f['message']}\0{span.get('start')}".encode()
        ).hexdigest()
        fp, n = basis, 1
        while fp in seen:  # Code Quality needs every fingerprint unique
            n += 1
            fp = hashlib.sha256(f"{basis}:{n}".encode()).hexdigest()
        seen.add(fp)
        issues.append(
            {
                "type": "issue",
                "check_name": f["rule_id"],
                "description": it.text(1000),
                "categories": ["Compliance"],
                "severity": SEVERITY.get(f["severity"], "major") if it.state == "active" else "info",
                "fingerprint": fp,
                "location": {"path": it.path, "lines": {"begin": span.get("line") or 1}},
            }
        )
    from auditor.verdict import banner

    if banner(results):
        issues.insert(0, {
            "type": "issue",
            "check_name": "auditor.not-audited",
            "description": banner(results),
            "categories": ["Compliance"],
            "severity": "blocker",
            "fingerprint": hashlib.sha256(banner(results).encode()).hexdigest(),
            "location": {"path": (results.get("run") or {}).get("config") or ".", "lines": {"begin": 1}},
        })
    for reg in (results.get("run") or {}).get("registries") or []:
        if reg.get("sample") and reg.get("path"):  # a sample registry: one issue on its file
            text = next((w for w in results["run"].get("warnings") or [] if str(reg.get("id")) in w), "sample registry")
            issues.append({
                "type": "issue", "check_name": "auditor/sample-registry", "description": text[:1000],
                "categories": ["Compliance"], "severity": "info",
                "fingerprint": hashlib.sha256(f"sample-registry\0{reg['path']}".encode()).hexdigest(),
                "location": {"path": reg["path"], "lines": {"begin": 1}},
            })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
