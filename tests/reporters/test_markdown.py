"""Markdown summary: figures from the JSON, escaping of article text, caps, history."""

from __future__ import annotations

import re
from typing import Any

import reports_fixtures as rf

from auditor.reporters import ReportLimits, ReportOptions, get_reporter


def _render(results: dict[str, Any], **kw: Any) -> str:
    return get_reporter("md").render(results, ReportOptions(**kw))


def _table_after(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[i + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_figures_match_json() -> None:
    results = rf.make_results()
    text = _render(results)
    s = results["summary"]
    assert text.startswith("## Audit report: ❌ FAIL")
    row = _table_after(text, "| Documents |")[0]
    assert row == [str(s["documents"]), str(s["passed"]), str(s["failed"]), str(s["errors"]), str(s["skipped"]),
                   str(sum(s["findings_by_severity"].values())), str(s["suppressed"]), str(s["baselined"]), "50.0%"]
    sev = {r[0]: int(r[1]) for r in _table_after(text, "| Severity |")}
    assert sev == s["findings_by_severity"]
    rules = {r[0].strip("`"): int(r[2]) for r in _table_after(text, "| Rule |")}
    assert rules["ru-fa.notice-exact"] == 2 and rules["timestamps.iso"] == 3
    failing = [r[0].replace("\\", "") for r in _table_after(text, "| Article |")]
    assert failing == [d["path"] for d in results["documents"] if d["status"] in ("fail", "error")]


def test_article_text_cannot_become_markup() -> None:
    doc = rf.document(
        "news/<img src=x onerror=alert(1)>|[x](javascript:alert(1)).html",
        "error",
        error="<script>alert(1)</script> @channel #1 **bold** | pipe `tick`",
    )
    text = _render(rf.make_results([doc]))
    row = _table_after(text, "| Article |")[0]
    assert len(row) == 3  # the pipes in the text did not add cells
    assert "<" not in text.replace("<details>", "").replace("</details>", "").replace("<summary>", "").replace("</summary>", "")
    assert "&lt;script&gt;" in text and "](" not in text.replace("\\](", "")
    assert "\\@channel" in text and "\\#1" in text and "\\*\\*bold\\*\\*" in text


def test_passing_run_and_caps() -> None:
    ok = rf.make_results([rf.document("a.txt", "pass")])
    assert "✅ PASS" in _render(ok) and "All audited articles pass." in _render(ok)
    big = rf.many_results(40, 1)
    text = _render(big, limits=ReportLimits(md_max_documents=10))
    assert len(_table_after(text, "| Article |")) == 11 and "… 30 more" in text


def test_history_new_and_fixed() -> None:
    history = {"runs": [{"findings": 12}, {"findings": 9}], "previous": "2024-04-01T10:00:00Z",
               "new": [{"path": "a_b.txt", "rule_id": "r`1", "message": "m", "severity": "error"}], "fixed": []}
    text = _render(rf.make_results(), history=history)
    assert "**Since the last run** (2024-04-01T10:00:00Z): 1 new, 0 fixed" in text
    assert "- New: a\\_b.txt · `r'1`" in text
    assert "Trend of active findings (last 2 runs): 12 → 9" in text
