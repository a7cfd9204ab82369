"""Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY.

Short by design: verdict, key figures, findings by severity and rule, the failing articles (capped),
and new/fixed since the last run when history is known. Article text is escaped so it cannot
become markup, links, mentions or HTML on GitHub.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters import toolkit as S

EXTENSION = ".md"
BINARY = False

MAX_DOCUMENTS = 30  # failing/unreadable articles listed (override: options.limits.md_max_documents)
MAX_CHANGES = 20
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#!|~@])")


def md(text: Any, limit: int = 200) -> str:
    """Escape untrusted text for one Markdown table cell or list line."""
    flat = S.one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def code(text: Any, limit: int = 80) -> str:
    """A code span for an identifier: no backticks inside, table pipes escaped."""
    flat = S.one_line(text, limit).replace("`", "'").replace("|", "\\|")
    return f"`{flat}`"


def render(results: dict[str, Any], options: ReportOptions) -> str:
    s = S.summarise(results)
    run = results.get("run", {})
    history = options.history or None
    verdict = "❌ FAIL" if (s.failed or s.errors) else "✅ PASS"
    from auditor.basis import lead_line
    from auditor.verdict import banner

    not_audited = banner(results)
    if not_audited:
        verdict = "⛔ NOT AUDITED"
    packs = ", ".join(f"{p.get('id')} {p.get('version')}" for p in run.get("packs", [])) or "none"
    out = [
        f"## Audit report: {verdict}",
        "",
        f"As of **{md(run.get('as_of', ''))}** · packs: {md(packs)}",
        "",
        *[f"> **Warning:** {md(w, 400)}\n" for w in run.get("warnings") or []],
        *([md(not_audited, 2000), ""] if not_audited else [f"**{lead_line(results)}**", ""]),
        "| Documents | Passed | Failed | Unreadable | Skipped | Active findings | Suppressed | Baselined | Pass rate |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s.documents} | {s.passed} | {s.failed} | {s.errors} | {s.skipped} | {s.findings} | {s.suppressed}"
        f" | {s.baselined} | {S.percent(s.pass_rate)} |",
        "",
        "| Severity | Findings |",
        "|---|---:|",
        *[f"| {sev} | {s.by_severity.get(sev, 0)} |" for sev in S.SEVERITIES],
        "",
    ]
    rules = s.rules_by_count()
    if rules:
        out += ["| Rule | Severity | Findings | Documents |", "|---|---|---:|---:|"]
        out += [f"| {code(r.id)} | {r.severity} | {r.findings} | {r.documents} |" for r in rules[:15]]
        if len(rules) > 15:
            out.append(f"| … {len(rules) - 15} more rules | | | |")
        out.append("")
    if history and history.get("previous"):
        out += _changes(history)
    runs = S.history_runs(history)
    if len(runs) > 1:
        trend = " → ".join(str(r.get("findings", 0)) for r in runs[-10:])
        out += [f"Trend of active findings (last {min(len(runs), 10)} runs): {trend}", ""]
    out += _documents(results, options.limits.md_max_documents or MAX_DOCUMENTS)
    return "\n".join(out).rstrip() + "\n"


def _changes(history: dict[str, Any]) -> list[str]:
    new, fixed = history.get("new") or [], history.get("fixed") or []
    out = [f"**Since the last run** ({md(history.get('previous'))}): {len(new)} new, {len(fixed)} fixed", ""]
    for label, refs in (("New", new), ("Fixed", fixed)):
        for ref in refs[:MAX_CHANGES]:
            out.append(f"- {label}: {md(ref.get('path'))} · {code(ref.get('rule_id'))} · {md(ref.get('message'), 160)}")
        if len(refs) > MAX_CHANGES:
            out.append(f"- … {len(refs) - MAX_CHANGES} more {label.lower()}")
    out.append("")
    return out


def _documents(results: dict[str, Any], limit: int) -> list[str]:
    """Failing and unreadable articles: those with statutory violations first, then house style."""
    from auditor.basis import kind_of

    def rank(d: dict[str, Any]) -> int:
        kinds = {kind_of(f.get("references")) for f in d.get("findings", []) if S.is_active(f)}
        return 0 if "statutory" in kinds else 1 if d.get("status") == "fail" else 2

    bad = sorted((d for d in results.get("documents", []) if d.get("status") in ("fail", "error")), key=rank)
    if not bad:
        return ["All readable articles pass.", *_skipped(results, limit)]
    out = ["<details><summary>Failing and unreadable articles (statutory violations first)</summary>", "",
           "| Article | Status | Findings |", "|---|---|---|"]
    for doc in bad[:limit]:
        if doc.get("status") == "error":
            detail = md(doc.get("error") or "could not be read", 160)
        else:
            active = [f for f in doc.get("findings", []) if S.is_active(f)]
            detail = "; ".join(f"{f.get('severity')} ({kind_of(f.get('references')).replace('-', ' ')}): "
                               f"{code(f.get('rule_id'), 60)}" for f in active[:5])
            if len(active) > 5:
                detail += f"; … {len(active) - 5} more"
        out.append(f"| {md(doc.get('path'), 120)} | {doc.get('status')} | {detail} |")
    if len(bad) > limit:
        out.append(f"| … {len(bad) - limit} more | | |")
    out += ["", "</details>"]
    return out + _skipped(results, limit)


def _skipped(results: dict[str, Any], limit: int) -> list[str]:
    """Inputs not audited, each with its reason (every input is accounted for: issue 16)."""
    skipped = [d for d in results.get("documents", []) if d.get("status") == "skipped"]
    if not skipped:
        return []
    out = ["", "<details><summary>Skipped (not audited)</summary>", "", "| Input | Reason |", "|---|---|"]
    out += [f"| {md(d.get('path'), 120)} | {md(d.get('note') or 'skipped', 160)} |" for d in skipped[:limit]]
    if len(skipped) > limit:
        out.append(f"| … {len(skipped) - limit} more | |")
    return [*out, "", "</details>"]
