"""HTML report: escaping of article text, self-containment, figures, highlighting, and a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import reports_fixtures as rf

from auditor.reporters import ReportOptions, get_reporter


def _render(results: dict[str, Any], **kw: Any) -> str:
    return get_reporter("html").render(results, ReportOptions(**kw))


class _Tags(HTMLParser):
    """Collects every element and attribute the browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


@pytest.fixture(scope="module")
def page(results: dict[str, Any]) -> str:
    return _render(results)


def test_article_markup_is_escaped(page: str) -> None:
    parsed = _parse(page)
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert len(scripts) == 1  # only the report's own filter script
    assert not [a for t, a in parsed.tags if t == "img"]
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    text = "".join(parsed.text)
    assert rf.HOSTILE_SCRIPT in text and rf.HOSTILE_IMG in text  # shown as text, for the reader to see
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page


def test_self_contained_no_network(page: str) -> None:
    parsed = _parse(page)
    assert not [t for t, _ in parsed.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in parsed.tags if t == "script" and a.get("src")]
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    # every link goes to a law reference over http(s); javascript: from a pack is dropped
    hrefs = [a["href"] for t, a in parsed.tags if t == "a" and a.get("href")]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert "javascript:" not in " ".join(str(a) for _, a in parsed.tags)


def test_summary_figures_and_charts(page: str, results: dict[str, Any]) -> None:
    s = results["summary"]
    tiles = dict((label, int(n)) for n, label in re.findall(r'<span class="n">(\d+)</span><span class="l">([^<]+)</span>', page))
    assert tiles["Documents"] == s["documents"]
    assert tiles["Passed"] == s["passed"] and tiles["Failed"] == s["failed"]
    assert tiles["Unreadable"] == s["errors"] and tiles["Skipped"] == s["skipped"]
    assert tiles["Active findings"] == sum(s["findings_by_severity"].values())
    assert '<span class="n">50.0%</span><span class="l">Pass rate</span>' in page
    assert page.count("<svg") == 2  # severity and rule charts; no trend without history


def test_findings_table_rows_and_filters(page: str, results: dict[str, Any]) -> None:
    rows = re.findall(r'<tr data-severity="(\w+)" data-state="(\w+)"', page)
    want = [(f["severity"], "suppressed" if f["suppressed"] else "baselined" if f["baselined"] else "active")
            for d in results["documents"] for f in d["findings"]]
    assert rows == want
    assert '<div class="filters" id="filters" hidden>' in page  # shown by the script only


def test_evidence_highlighted_in_context(page: str) -> None:
    # the look-alike word is marked inside the detected notice's text
    assert "СООБЩЕНИЕ (МАТЕРИАЛ) <mark>СОЗДAНО</mark> И (ИЛИ)" in page
    # evidence against expected text: only the differing part is marked
    assert "<mark>12 марта 2024, 10:00</mark>" in page


def test_history_shows_trend_and_changes(results: dict[str, Any]) -> None:
    history = {"runs": [{"when": "2024-04-01T10:00:00Z", "findings": 12, "failed": 4},
                        {"when": "2024-05-01T10:00:00Z", "findings": 9, "failed": 3}],
               "new": [{"fingerprint": "f" * 64, "rule_id": "timestamps.iso", "path": "<b>x</b>.md",
                        "severity": "info", "message": "m"}],
               "fixed": [], "previous": "2024-04-01T10:00:00Z"}
    page = _render(results, history=history)
    assert page.count("<svg") == 3 and "Trend (last 2 runs)" in page
    assert "New findings: 1" in page and "&lt;b&gt;x&lt;/b&gt;.md" in page


def test_deterministic(results: dict[str, Any], page: str) -> None:
    assert _render(rf.make_results()) == page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_renders_in_headless_chromium(tmp_path: Path, results: dict[str, Any], page: str) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    src = tmp_path / "report.html"
    src.write_text(page, encoding="utf-8")
    profile = tmp_path / "profile"
    base = [_chromium(), *CHROME_FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run([*base, "--dump-dom", src.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the inline script ran (filters shown, counted) and injected markup did not
    assert "11 of 11 shown" in dom.stdout
    assert "<script>alert" not in dom.stdout
    out = tmp_path / "printed.pdf"
    run = subprocess.run([*base, "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and out.exists(), run.stderr[-2000:]
    with pdfplumber.open(out) as pdf:
        tiles = rf.tile_values(pdf.pages[0])
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert tiles == rf.expected_tiles(results, "50.0%")
    flat = " ".join(text.split())
    assert "Политика" in flat and "<script>alert('xss')</script>" in flat
