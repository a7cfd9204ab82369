"""What the HTML report is made of besides its sections: the stylesheet (screen and print), the
little filter-and-sort script with the Content-Security-Policy that admits only it, the escaping
every untrusted string goes through, and the inline SVG charts. Nothing is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from auditor.reporters import toolkit as S

SEVERITY_COLOUR = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}


def e(value: Any) -> str:
    """Escape untrusted text for HTML element content and attribute values."""
    return html.escape(S.visible_controls("" if value is None else str(value)), quote=True)


# -- page ----------------------------------------------------------------------------------------
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


def csp(print_mode: bool) -> str:
    script = "'none'" if print_mode else "'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode() + "'"
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script}; base-uri 'none'; form-action 'none'"


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
