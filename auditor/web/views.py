"""What the pages show, as plain data and escaped markup: no web framework here.

Article text is hostile input: everything that reaches a page goes through ``escape``; the only
markup built here (highlights, the trend chart) wraps escaped text and numbers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup, escape

from auditor.reporters.toolkit import diff_parts, safe_url, visible_controls

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STATUSES = ("open", "waived", "false-positive", "fix-needed", "baselined", "suppressed")


def short(fp: str) -> str:
    return fp[:12]


def highlight_text(text: str, findings: list[dict[str, Any]]) -> Markup:
    """The article text with each finding's span in a <mark>; a zero-width span (something
    missing at a place) is a small marker there. Overlapping spans nest by boundaries."""
    n = len(text)
    marks: list[tuple[int, int, dict[str, Any]]] = []
    for f in findings:
        sp = f.get("span") or {}
        start, end = sp.get("start"), sp.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= n:
            marks.append((start, end, f))
    cuts = sorted({0, n, *(m[0] for m in marks), *(m[1] for m in marks)})
    points: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start, end, f in marks:
        if start == end:
            points[start].append(f)
    out: list[str] = []
    for i, pos in enumerate(cuts):
        for f in points.get(pos, []):
            out.append(
                f'<mark class="point sev-{escape(f["severity"])}" id="f-{escape(short(f["fingerprint"]))}" '
                f'title="{escape(f["rule_id"])}: {escape(f["message"])}">▲</mark>'
            )
        if i + 1 >= len(cuts):
            break
        nxt = cuts[i + 1]
        chunk = escape(visible_controls(text[pos:nxt]))
        covering = [f for s, e, f in marks if s <= pos and nxt <= e and s < e]
        if not covering:
            out.append(str(chunk))
            continue
        worst = min(covering, key=lambda f: SEVERITY_ORDER.get(f["severity"], 9))
        ids = " ".join(short(f["fingerprint"]) for f in covering)
        first = [f for s, _e, f in marks if s == pos and s < _e]
        anchor = f' id="f-{escape(short(first[0]["fingerprint"]))}"' if first else ""
        title = "; ".join(f'{f["rule_id"]}: {f["message"]}' for f in covering)
        out.append(f'<mark class="sev-{escape(worst["severity"])}"{anchor} data-findings="{escape(ids)}" '
                   f'title="{escape(title)}">{chunk}</mark>')
    return Markup("".join(out))


def diff_markup(evidence: str | None, expected: str | None) -> Markup | None:
    """Found text with the words that differ from the expected text marked."""
    if not evidence or not expected or evidence == expected:
        return None
    parts = diff_parts(str(evidence), str(expected))
    return Markup("".join(f"<del>{escape(t)}</del>" if m else str(escape(t)) for t, m in parts))


def law_links(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """References as text plus an http(s) link only (never javascript:, file:, data:)."""
    out = []
    for r in refs or []:
        label = " · ".join(str(r[k]) for k in ("law", "article") if r.get(k))
        out.append({"label": label or r.get("title") or "reference", "url": safe_url(r.get("url"))})
    return out


def filter_findings(findings: list[dict[str, Any]], docs: dict[str, dict[str, Any]], f: dict[str, str]) -> list[dict[str, Any]]:
    q = (f.get("q") or "").casefold().strip()
    out = []
    for x in findings:
        doc = docs.get(x["path"]) or {}
        if f.get("severity") and x["severity"] != f["severity"]:
            continue
        if f.get("rule") and x["rule_id"] != f["rule"]:
            continue
        if f.get("status") and x["status"] != f["status"]:
            continue
        if f.get("section") and (doc.get("section") or "") != f["section"]:
            continue
        if f.get("author") and f["author"] not in (doc.get("authors") or []):
            continue
        if q:
            hay = " ".join(str(v or "") for v in (x["path"], x["rule_id"], x["message"], x.get("evidence"),
                                                 doc.get("title"))).casefold()
            if q not in hay:
                continue
        out.append(x)
    return out


def group_findings(findings: list[dict[str, Any]], docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """By article, then by rule, in path order; each article with its counts."""
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        by_doc[f["path"]][f["rule_id"]].append(f)
    groups = []
    for path in sorted(by_doc):
        rules = [{"rule_id": r, "findings": fs} for r, fs in sorted(by_doc[path].items())]
        groups.append({"path": path, "doc": docs.get(path) or {}, "rules": rules,
                       "count": sum(len(r["findings"]) for r in rules)})
    return groups


def trend_svg(runs: list[dict[str, Any]], width: int = 640, height: int = 160) -> Markup:
    """Pass rate (bars) and open findings (line) per run, oldest left: server-drawn, no script."""
    if not runs:
        return Markup("")
    pad, n = 28, len(runs)
    step = (width - 2 * pad) / max(n, 1)
    top = max((r["findings"] or 0) for r in runs) or 1
    parts = [f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" aria-label="trend of pass rate and findings">']
    points = []
    for i, r in enumerate(runs):
        checked = (r["passed"] or 0) + (r["failed"] or 0)
        rate = (r["passed"] or 0) / checked if checked else 0.0
        h = rate * (height - 2 * pad)
        x = pad + i * step
        parts.append(f'<rect class="bar" x="{x + step * 0.15:.1f}" y="{height - pad - h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{h:.1f}"><title>run {int(r["id"])}: pass rate {rate * 100:.0f}%</title></rect>')
        y = height - pad - (r["findings"] or 0) / top * (height - 2 * pad)
        points.append(f"{x + step / 2:.1f},{y:.1f}")
        parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 8}" text-anchor="middle">{int(r["id"])}</text>')
    parts.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    for p, r in zip(points, runs, strict=True):
        cx, cy = p.split(",")
        parts.append(f'<circle class="dot" cx="{cx}" cy="{cy}" r="3"><title>run {int(r["id"])}: '
                     f'{int(r["findings"] or 0)} open findings</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def pass_rate(r: dict[str, Any]) -> str:
    checked = (r.get("passed") or 0) + (r.get("failed") or 0)
    return "–" if not checked else f"{(r.get('passed') or 0) / checked * 100:.0f}%"
