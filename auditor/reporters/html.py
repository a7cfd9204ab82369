"""Self-contained HTML report: summary dashboard with inline SVG charts, a findings table that
filters and sorts (a little inline JS; readable without it), articles, unreadable files, rules.

Nothing is fetched: inline CSS, inline SVG, and a Content-Security-Policy that allows no network
and only this file's own script (by hash). All article text goes through `e()`. The PDF reporter
builds its print version from `build(..., print_mode=True)`.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters import toolkit as S

EXTENSION = ".html"
BINARY = False

MAX_FINDINGS = 5000  # rows in the HTML findings table (override: options.limits.html_max_findings)
MAX_ARTICLES = 5000
SEVERITY_COLOUR = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
STATUS_LABEL = {"pass": "Pass", "fail": "Fail", "error": "Unreadable", "skipped": "Skipped"}


def e(value: Any) -> str:
    """Escape untrusted text for HTML element content and attribute values."""
    return html.escape(S.visible_controls("" if value is None else str(value)), quote=True)


def render(results: dict[str, Any], options: ReportOptions) -> str:
    return build(results, options, print_mode=False)


# -- page --------------------------------------------------------------------------------------
CSS = """
:root { --err: #c0392b; --warn: #d68910; --info: #2e86c1; --ok: #1e8449; --muted: #5d6d7e; --line: #d5d8dc; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif; color: #1c2833;
       margin: 0 auto; max-width: 1280px; padding: 16px 24px 40px; line-height: 1.4; font-size: 14px; }
h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; word-break: break-all; }
.meta { color: var(--muted); margin: 0 0 4px; }
.verdict { display: inline-block; padding: 3px 12px; border-radius: 4px; color: #fff; font-weight: bold; }
.verdict.fail { background: var(--err); } .verdict.pass { background: var(--ok); }
.warning { border-left: 4px solid var(--warn); background: #fff8e1; padding: 6px 10px; margin: 8px 0; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 118px; background: #fbfcfc; }
.tile .n { font-size: 24px; font-weight: bold; display: block; }
.tile .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile.fail .n, .tile.error .n { color: var(--err); } .tile.pass .n { color: var(--ok); }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.chart h3 { margin-top: 4px; } svg text { font-family: inherit; font-size: 12px; fill: #1c2833; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eaf2f8; } td.num, th.num { text-align: right; white-space: nowrap; }
th[data-sort] { cursor: pointer; } th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
.groups { display: flex; flex-wrap: wrap; gap: 18px; } .groups > div { flex: 1 1 360px; }
.bar { display: inline-block; height: 9px; background: var(--ok); vertical-align: middle; margin-right: 6px; }
.sev { font-weight: bold; white-space: nowrap; } .sev.error { color: var(--err); } .sev.warning { color: var(--warn); }
.sev.info { color: var(--info); } .state { color: var(--muted); font-size: 12px; }
.status { font-weight: bold; } .status.fail, .status.error { color: var(--err); } .status.pass { color: var(--ok); }
.status.skipped { color: var(--muted); }
tr.inactive { color: var(--muted); } tr.inactive mark { background: #eee; }
.msg { font-weight: bold; } .ctx { margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
mark { background: #fde2b6; border-bottom: 2px solid var(--warn); padding: 0 1px; }
.expected { color: var(--muted); font-size: 12px; white-space: pre-wrap; word-break: break-word; }
.law, .fix { font-size: 12px; } .path { word-break: break-all; }
.filters { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; align-items: center; }
.filters input[type=search] { min-width: 280px; padding: 3px 6px; }
.note { color: var(--muted); font-style: italic; }
.new { color: var(--err); font-weight: bold; font-size: 11px; }
nav.toc ol { columns: 2; } nav.toc a { text-decoration: none; color: inherit; }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; }
@media print { .filters { display: none !important; } body { max-width: none; } }
"""

PRINT_CSS = """
@page { size: A4; margin: 16mm 12mm 18mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9px; color: #5d6d7e; }
  @bottom-left { content: string(report-title); font-size: 9px; color: #5d6d7e; } }
body { font-size: 10px; padding: 0; max-width: none; } h1 { string-set: report-title content(); }
h2 { break-after: avoid; page-break-after: avoid; } h2.newpage { break-before: page; }
h3 { break-after: avoid; } tr, .tile, .chart { break-inside: avoid; }
.charts, .tiles, .groups { display: block; orphans: 1; widows: 1; } .tile { display: inline-block; margin: 0 6px 6px 0; }
.chart { display: inline-block; vertical-align: top; margin-right: 18px; } .groups > div { display: block; }
thead { display: table-header-group; }
.tile { min-width: 90px; padding: 6px 10px; } .tile .n { font-size: 18px; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
nav.toc ol { columns: 1; padding-left: 18px; } nav.toc ol.docs { list-style: none; padding-left: 14px; font-size: 9px; }
@page { @bottom-center { font-family: "DejaVu Sans", sans-serif; } @bottom-left { font-family: "DejaVu Sans", sans-serif; } }
table { font-size: 9px; } .ctx, .expected, .law, .fix, .state { font-size: 9px; }
table.ftable { table-layout: fixed; } table.ftable th:nth-child(1) { width: 20%; } table.ftable th:nth-child(2) { width: 10%; }
table.ftable th:nth-child(3) { width: 12%; }
"""

SCRIPT = """(function () {
  var table = document.getElementById('findings-table');
  if (!table) return;
  var box = document.getElementById('filters');
  box.hidden = false;
  var sev = document.getElementById('f-severity'), state = document.getElementById('f-state'),
      text = document.getElementById('f-text'), count = document.getElementById('f-count');
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function apply() {
    var q = text.value.toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var ok = (!sev.value || r.dataset.severity === sev.value) &&
               (!state.value || r.dataset.state === state.value) &&
               (!q || r.textContent.toLowerCase().indexOf(q) !== -1);
      r.hidden = !ok; if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' shown';
  }
  [sev, state].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    if (!th.hasAttribute('data-sort')) return;
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var num = th.dataset.sort === 'num';
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v || a.cells[col].textContent, y = b.cells[col].dataset.v || b.cells[col].textContent;
        var d = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') sort(); });
  });
  apply();
})();"""


def _csp(print_mode: bool) -> str:
    script = "'none'" if print_mode else "'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode() + "'"
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script}; base-uri 'none'; form-action 'none'"


def build(results: dict[str, Any], options: ReportOptions, print_mode: bool = False) -> str:
    """The whole page. print_mode: no script, findings grouped by article, page numbers and contents."""
    s = S.summarise(results)
    history = options.history or None
    run = results.get("run", {})
    tool = results.get("tool", {})
    packs = ", ".join(f"{p.get('id')} {p.get('version')}" for p in run.get("packs", [])) or "none"
    title = f"Audit report — as of {run.get('as_of', '')}"
    verdict = "fail" if (s.failed or s.errors) else "pass"
    from auditor.basis import lead_line
    from auditor.verdict import banner

    not_audited = banner(results)
    verdict_html = f'<span class="verdict {verdict}">{"FAIL" if verdict == "fail" else "PASS"}</span>'
    if not_audited:
        verdict_html = f'<span class="verdict fail">NOT AUDITED</span> {e(not_audited.split(": ", 1)[1])}'
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(_csp(print_mode))}">',
        '<meta name="generator" content="auditor">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}{PRINT_CSS if print_mode else ''}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(tool.get("name", "auditor"))} {e(tool.get("version", ""))} · packs: {e(packs)}'
        f" · fail on: {e(run.get('fail_on') or 'error')}"
        + (f" · started {e(run['started'])}" if run.get("started") else "")
        + "</p>",
        f"<p>{verdict_html}</p>",
        f'<p class="lead">{e(lead_line(results))}</p>' if not not_audited else "",
        *[f'<p class="warning" role="alert"><strong>Warning:</strong> {e(w)}</p>' for w in run.get("warnings") or []],
        "</header>",
    ]
    max_findings = options.limits.html_max_findings or MAX_FINDINGS
    max_articles = options.limits.html_max_articles or MAX_ARTICLES
    if print_mode:
        out.append(_toc(results, max_findings, options.limits.toc_min_documents or 8))
    out.append(_summary_section(s, history))
    out.append(_groups_section(s, print_mode))
    if print_mode:
        out.append(_findings_by_article(results, max_findings))
    else:
        out.append(_findings_table(results, history, max_findings))
    out.append(_articles_section(results, s, max_articles, print_mode))
    out.append(_errors_section(results))
    out.append(_waivers_section(results))
    out.append(_rules_section(s, print_mode))
    out.append(
        f"<footer>Generated by auditor {e(tool.get('version', ''))} from results schema "
        f"{e(results.get('schema_version', ''))}; audit date {e(run.get('as_of', ''))}.</footer>"
    )
    if not print_mode:
        out.append(f"<script>{SCRIPT}</script>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


# -- summary -----------------------------------------------------------------------------------
def _tile(label: str, value: str, cls: str = "") -> str:
    return f'<div class="tile {cls}"><span class="n">{e(value)}</span><span class="l">{e(label)}</span></div>'


def _summary_section(s: S.Summary, history: dict[str, Any] | None) -> str:
    tiles = [
        _tile("Documents", str(s.documents)),
        _tile("Passed", str(s.passed), "pass"),
        _tile("Failed", str(s.failed), "fail"),
        _tile("Unreadable", str(s.errors), "error"),
        _tile("Skipped", str(s.skipped)),
        _tile("Active findings", str(s.findings)),
        _tile("Suppressed", str(s.suppressed)),
        _tile("Baselined", str(s.baselined)),
        _tile("Pass rate", S.percent(s.pass_rate)),
    ]
    if history and history.get("previous"):
        tiles.append(_tile("New since last run", str(len(history.get("new", []))), "fail"))
        tiles.append(_tile("Fixed since last run", str(len(history.get("fixed", []))), "pass"))
    sev_items = [(sev, s.by_severity.get(sev, 0), SEVERITY_COLOUR[sev]) for sev in S.SEVERITIES]
    rules = s.rules_by_count()[:12]
    rule_items = [(r.id, r.findings, SEVERITY_COLOUR.get(r.severity, "#5d6d7e")) for r in rules]
    charts = [f'<div class="chart"><h3>Findings by severity</h3>{svg_bars(sev_items, "Findings by severity")}</div>']
    if rule_items:
        charts.append(f'<div class="chart"><h3>Findings by rule</h3>{svg_bars(rule_items, "Findings by rule")}</div>')
    runs = S.history_runs(history)
    if runs:
        charts.append(f'<div class="chart"><h3>Trend (last {len(runs)} runs)</h3>{svg_trend(runs)}</div>')
    parts = ['<section id="summary">', "<h2>Summary</h2>", '<div class="tiles">', *tiles, "</div>",
             '<div class="charts">', *charts, "</div>"]
    if history and history.get("previous"):
        parts.append(_changes(history))
    parts.append("</section>")
    return "\n".join(parts)


def _changes(history: dict[str, Any], limit: int = 50) -> str:
    out = [f'<h3>Since the last run ({e(history.get("previous"))})</h3>']
    for key, label in (("new", "New findings"), ("fixed", "Fixed findings")):
        refs = history.get(key) or []
        out.append(f"<p><strong>{label}: {len(refs)}</strong></p>")
        if refs:
            out.append("<ul>")
            for ref in refs[:limit]:
                out.append(f'<li><span class="path">{e(ref.get("path"))}</span> — {e(ref.get("rule_id"))} '
                           f'<span class="sev {e(ref.get("severity"))}">{e(ref.get("severity"))}</span>: '
                           f"{e(S.one_line(ref.get('message'), 200))}</li>")
            if len(refs) > limit:
                out.append(f'<li class="note">… and {len(refs) - limit} more</li>')
            out.append("</ul>")
    return "\n".join(out)


def svg_bars(items: list[tuple[str, int, str]], title: str, width: int = 560) -> str:
    """A horizontal bar chart: one labelled bar per item, value at the bar's end."""
    longest = max([len(label) for label, _, _ in items] + [8])
    label_w, bar_h, gap = min(280, 16 + 7 * min(longest, 38)), 18, 8
    height = max(1, len(items)) * (bar_h + gap) + gap
    top = max([v for _, v, _ in items] + [1])
    span = width - label_w - 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
           f' role="img" aria-label="{e(title)}" font-size="12" font-family="DejaVu Sans, Verdana, sans-serif">']
    for i, (label, value, colour) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = round(span * value / top, 1)
        short = label if len(label) <= 38 else label[:37] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end"><title>{e(label)}</title>{e(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{e(colour)}" rx="2"/>')
        out.append(f'<text x="{label_w + w + 5}" y="{y + 13}">{value}</text>')
    out.append("</svg>")
    return "".join(out)


def svg_trend(runs: list[dict[str, Any]], width: int = 460, height: int = 190) -> str:
    """Active findings (line) and failed articles (dashed) per recorded run, oldest left."""
    left, right, top_pad, bottom = 40, 14, 14, 40
    series = [("findings", "#c0392b", ""), ("failed", "#5d6d7e", ' stroke-dasharray="5 3"')]
    top = max([int(r.get(k, 0) or 0) for r in runs for k, _, _ in series] + [1])
    n = len(runs)
    step = (width - left - right) / max(1, n - 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        x = left + (i * step if n > 1 else (width - left - right) / 2)
        y = top_pad + (height - top_pad - bottom) * (1 - v / top)
        return round(x, 1), round(y, 1)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
           ' role="img" aria-label="Trend of findings and failed articles" font-size="12"'
           ' font-family="DejaVu Sans, Verdana, sans-serif">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#aab7b8"/>',
           f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{top}</text>',
           f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0</text>']
    for key, colour, dash in series:
        pts = [xy(i, int(r.get(key, 0) or 0)) for i, r in enumerate(runs)]
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="'
                   + " ".join(f"{x},{y}" for x, y in pts) + '"/>')
        out.extend(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>' for x, y in pts)
    for i in (0, n - 1) if n > 1 else (0,):
        x, _ = xy(i, 0)
        when = str(runs[i].get("when", ""))[:10]
        anchor = "start" if i == 0 and n > 1 else "end" if n > 1 else "middle"
        out.append(f'<text x="{x}" y="{height - bottom + 16}" text-anchor="{anchor}">{e(when)}</text>')
    out.append(f'<text x="{left}" y="{height - 6}">— findings</text>'
               f'<text x="{left + 110}" y="{height - 6}" fill="#5d6d7e">- - failed articles</text>')
    out.append("</svg>")
    return "".join(out)


def _groups_section(s: S.Summary, print_mode: bool) -> str:
    out = ['<section id="groups">', f'<h2{" class=newpage" if print_mode else ""}>Pass rate by section, author and month</h2>',
           '<div class="groups">']
    for label, groups in (("Section", s.sections), ("Author", s.authors), ("Month", s.months)):
        out.append(f"<div><h3>By {label.lower()}</h3><table><thead><tr><th>{label}</th><th class=num>Pass rate</th>"
                   "<th class=num>Docs</th><th class=num>Passed</th><th class=num>Failed</th>"
                   "<th class=num>Unreadable</th><th class=num>Findings</th></tr></thead><tbody>")
        for g in S.Summary.sorted_groups(groups):
            rate = g.pass_rate
            bar = f'<span class="bar" style="width:{round(rate * 60)}px"></span>' if rate is not None else ""
            out.append(f"<tr><td>{e(g.name)}</td><td class=num>{bar}{S.percent(rate)}</td><td class=num>{g.documents}</td>"
                       f"<td class=num>{g.passed}</td><td class=num>{g.failed}</td><td class=num>{g.errors}</td>"
                       f"<td class=num>{g.findings}</td></tr>")
        out.append("</tbody></table></div>")
    out.append("</div></section>")
    return "\n".join(out)


# -- findings ----------------------------------------------------------------------------------
def evidence_html(finding: dict[str, Any], doc: dict[str, Any]) -> str:
    parts = S.highlight_parts(finding, doc)
    if not parts:
        return ""
    body = "".join(f"<mark>{e(t)}</mark>" if marked else e(t) for t, marked in parts)
    return f'<div class="ctx">{body}</div>'


def _law_html(refs: list[dict[str, Any]] | None) -> str:
    items = []
    for ref in refs or []:
        text = S.reference_text(ref)
        url = S.safe_url(ref.get("url"))
        if url:
            items.append(f'<a href="{e(url)}" rel="noopener noreferrer">{e(text or url)}</a>')
        elif text:
            items.append(e(text))
    return f'<div class="law">Basis: {"; ".join(items)}</div>' if items else ""


def _finding_body(doc: dict[str, Any], f: dict[str, Any]) -> str:
    parts = [f'<div class="msg">{e(f.get("message"))}</div>', evidence_html(f, doc)]
    if f.get("expected"):
        parts.append(f'<div class="expected">Expected: {e(S.one_line(f["expected"], 600))}</div>')
    parts.append(_law_html(f.get("references")))
    if f.get("fix"):
        parts.append(f'<div class="fix">Fix: {e(f["fix"])}</div>')
    if f.get("suppressed"):
        reason = (f.get("suppression") or {}).get("reason")
        parts.append(f'<div class="state">Suppressed{": " + e(reason) if reason else ""}</div>')
    return "".join(p for p in parts if p)


def _findings_table(results: dict[str, Any], history: dict[str, Any] | None, limit: int) -> str:
    from auditor.store import fingerprint

    new_fps = {r.get("fingerprint") for r in (history or {}).get("new", [])}
    total = sum(len(d.get("findings", [])) for d in results.get("documents", []))
    out = ['<section id="findings">', f"<h2>Findings ({total})</h2>",
           '<div class="filters" id="filters" hidden>',
           '<label>Severity <select id="f-severity"><option value="">all</option>'
           + "".join(f'<option value="{s}">{s}</option>' for s in S.SEVERITIES) + "</select></label>",
           '<label>State <select id="f-state"><option value="">all</option><option value="active">active</option>'
           '<option value="suppressed">suppressed</option><option value="baselined">baselined</option></select></label>',
           '<label>Search <input type="search" id="f-text" placeholder="document, rule, text…"></label>',
           '<span id="f-count" class="note"></span></div>',
           '<table id="findings-table"><thead><tr><th data-sort="text">Document</th><th data-sort="text">Rule</th>'
           '<th data-sort="num">Severity</th><th data-sort="text">State</th><th data-sort="num">Location</th>'
           "<th>Finding</th></tr></thead><tbody>"]
    shown = 0
    for doc, f in S.iter_findings(results):
        if shown >= limit:
            break
        shown += 1
        sev = str(f.get("severity", ""))
        state = S.finding_state(f)
        span = f.get("span") or {}
        is_new = bool(new_fps) and state == "active" and fingerprint(f, str(doc.get("path", ""))) in new_fps
        new_tag = ' <span class="new">NEW</span>' if is_new else ""
        out.append(
            f'<tr data-severity="{e(sev)}" data-state="{state}"{"" if state == "active" else " class=inactive"}>'
            f'<td class="path">{e(doc.get("path"))}</td><td>{e(f.get("rule_id"))}{new_tag}</td>'
            f'<td data-v="{4 - S.SEVERITIES.index(sev) if sev in S.SEVERITIES else 0}" class="sev {e(sev)}">{e(sev)}</td>'
            f'<td class="state">{state}</td><td class=num data-v="{int(span.get("line") or span.get("page") or 0)}">'
            f"{e(S.location(span))}</td><td>{_finding_body(doc, f)}</td></tr>"
        )
    out.append("</tbody></table>")
    if total > shown:
        out.append(f'<p class="note">{total - shown} more findings are not shown here; the XLSX and JSON reports list them all.</p>')
    out.append("</section>")
    return "\n".join(out)


def _findings_by_article(results: dict[str, Any], limit: int) -> str:
    out = ['<section id="findings">', '<h2 class="newpage">Findings by article</h2>']
    shown = 0
    for i, doc in enumerate(results.get("documents", [])):
        findings = doc.get("findings", [])
        if not findings or doc.get("status") == "error":
            continue
        if shown >= limit:
            break
        title = (doc.get("fields") or {}).get("title")
        out.append(f'<h3 id="doc-{i}">{e(doc.get("path"))} <span class="status {e(doc.get("status"))}">'
                   f'{e(STATUS_LABEL.get(str(doc.get("status")), doc.get("status")))}</span></h3>')
        if title:
            out.append(f'<p class="meta">{e(title)}</p>')
        out.append('<table class="ftable"><thead><tr><th>Rule</th><th>Severity</th><th>Location</th><th>Finding</th></tr></thead><tbody>')
        for f in findings:
            if shown >= limit:
                break
            shown += 1
            sev = str(f.get("severity", ""))
            state = S.finding_state(f)
            out.append(f'<tr{"" if state == "active" else " class=inactive"}><td>{e(f.get("rule_id"))}'
                       f'{"" if state == "active" else "<br><span class=state>" + state + "</span>"}</td>'
                       f'<td class="sev {e(sev)}">{e(sev)}</td><td>{e(S.location(f.get("span")))}</td>'
                       f"<td>{_finding_body(doc, f)}</td></tr>")
        out.append("</tbody></table>")
    total = sum(len(d.get("findings", [])) for d in results.get("documents", []) if d.get("status") != "error")
    if total > shown:
        out.append(f'<p class="note">{total - shown} more findings are not printed; the XLSX and JSON reports list them all.</p>')
    out.append("</section>")
    return "\n".join(out)


def _toc(results: dict[str, Any], limit: int, min_docs: int) -> str:
    docs = [(i, d) for i, d in enumerate(results.get("documents", [])) if d.get("findings") and d.get("status") != "error"]
    out = ['<nav class="toc" id="contents"><h2>Contents</h2><ol>',
           '<li><a href="#summary">Summary</a></li>',
           '<li><a href="#groups">Pass rate by section, author and month</a></li>',
           '<li><a href="#findings">Findings by article</a>']
    if len(results.get("documents", [])) >= min_docs and docs:
        out.append('<ol class="docs">')
        count = 0
        for i, d in docs:
            if count >= limit:
                break
            count += len(d.get("findings", []))
            out.append(f'<li><a href="#doc-{i}">{e(d.get("path"))}</a></li>')
        out.append("</ol>")
    out += ["</li>", '<li><a href="#articles">Articles</a></li>', '<li><a href="#errors">Unreadable documents</a></li>',
            '<li><a href="#rules">Rules</a></li>', "</ol></nav>"]
    return "\n".join(out)


# -- articles, errors, rules -------------------------------------------------------------------
def _articles_section(results: dict[str, Any], s: S.Summary, limit: int, print_mode: bool) -> str:
    docs = results.get("documents", [])
    out = ['<section id="articles">', f'<h2{" class=newpage" if print_mode else ""}>Articles ({len(docs)})</h2>',
           "<table><thead><tr><th>Document</th><th>Title</th><th>Status</th><th class=num>Findings</th>"
           "<th>Section</th><th>Authors</th><th>Published</th></tr></thead><tbody>"]
    for doc in docs[:limit]:
        fields = doc.get("fields") or {}
        pub = fields.get("published") or {}
        status = str(doc.get("status", ""))
        active = sum(1 for f in doc.get("findings", []) if S.is_active(f))
        authors = ", ".join(a for a in S.authors_of(doc) if a != S.NO_AUTHOR)
        out.append(f'<tr><td class="path">{e(doc.get("path"))}</td><td>{e(fields.get("title"))}</td>'
                   f'<td class="status {e(status)}">{e(STATUS_LABEL.get(status, status))}</td><td class=num>{active}</td>'
                   f"<td>{e(s.section(doc))}</td><td>{e(authors)}</td><td>{e(pub.get('iso') or pub.get('raw'))}</td></tr>")
    out.append("</tbody></table>")
    if len(docs) > limit:
        out.append(f'<p class="note">{len(docs) - limit} more articles are listed in the XLSX and JSON reports.</p>')
    out.append("</section>")
    return "\n".join(out)


def _waivers_section(results: dict[str, Any]) -> str:
    """Waivers expiring within 30 days of the audit date, and the run's sign-off state."""
    run = results.get("run", {})
    soon = run.get("waivers_expiring") or []
    signoff = run.get("signoff") or {"state": "not recorded"}
    out = ['<section id="waivers">', f"<h2>Waivers expiring within 30 days ({len(soon)}) and sign-off</h2>"]
    if soon:
        out.append("<table><thead><tr><th>Rule</th><th>Document</th><th>Expires</th><th>Days left</th>"
                   "<th>Approved by</th><th>Reason</th></tr></thead><tbody>")
        for w in soon:
            out.append(f"<tr><td>{e(w.get('rule'))}</td><td class=\"path\">{e(w.get('path'))}</td>"
                       f"<td>{e(w.get('expires'))}</td><td>{e(w.get('days_left'))}</td>"
                       f"<td>{e(w.get('approved_by'))}</td><td>{e(w.get('reason'))}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">No waiver expires within 30 days of the audit date.</p>')
    who = ", ".join(f"{k}: {v}" for k, v in sorted(signoff.items()) if k != "state" and v)
    out.append(f"<p>Sign-off of this run: <strong>{e(signoff.get('state') or 'not recorded')}</strong>"
               + (f" ({e(who)})" if who else "") + "</p>")
    out.append("</section>")
    return "\n".join(out)


def _errors_section(results: dict[str, Any]) -> str:
    bad = [d for d in results.get("documents", []) if d.get("status") == "error"]
    pack_errors = results.get("run", {}).get("errors") or []
    out = ['<section id="errors">', f"<h2>Unreadable documents ({len(bad)})</h2>"]
    if not bad and not pack_errors:
        out.append('<p class="note">Every document could be read.</p>')
    if bad:
        out.append("<table><thead><tr><th>Document</th><th>Format</th><th>Error</th></tr></thead><tbody>")
        for d in bad:
            out.append(f'<tr><td class="path">{e(d.get("path"))}</td><td>{e(d.get("format"))}</td>'
                       f"<td>{e(d.get('error') or 'could not be read')}</td></tr>")
        out.append("</tbody></table>")
    if pack_errors:
        out.append("<h3>Rule pack problems</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in pack_errors) + "</ul>")
    out.append("</section>")
    return "\n".join(out)


def _rules_section(s: S.Summary, print_mode: bool) -> str:
    out = ['<section id="rules">', f'<h2{" class=newpage" if print_mode else ""}>Rules ({len(s.rules)})</h2>',
           "<table><thead><tr><th>Rule</th><th>Severity</th><th>Description</th><th>Basis</th>"
           "<th class=num>Findings</th><th class=num>Docs</th><th class=num>Unverified</th></tr></thead><tbody>"]
    for r in s.rules.values():
        desc = e(r.title) + (f"<br>{e(r.description)}" if r.description else "")
        out.append(f"<tr><td>{e(r.id)}<br><span class=state>{e(r.pack)}</span></td>"
                   f'<td class="sev {e(r.severity)}">{e(r.severity)}</td><td>{desc}</td><td>{_law_html(r.references)}</td>'
                   f"<td class=num>{r.findings}</td><td class=num>{r.documents}</td><td class=num>{r.unverified}</td></tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)
