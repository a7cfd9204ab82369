"""Facts a pack's `when` conditions read (sponsored, ai_generated, ...) come from <meta> tags too."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.cli import main

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="sponsored" content="true"><meta property="article:section" content="Travel">
<title>Ten quiet beaches</title></head><body><article>
<h1>Ten quiet beaches on the Black Sea coast</h1>
<p>From Anapa to Gagra, these are the beaches where you can still find a free spot in August.</p>
<p>Each of them has a café nearby and a bus stop within a short walk of the sand.</p>
</article></body></html>"""


def test_meta_sponsored_switches_on_the_ftc_rule(tmp_path: Path, capsys) -> None:
    page = tmp_path / "beaches.html"
    page.write_text(PAGE, encoding="utf-8")
    code = main(["check", str(page), "--rules", "us-ftc-native-ads", "--as-of", "2026-11-28", "--no-history",
                 "--no-cache", "--format", "json"])
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    assert code == 1
    assert any(f["rule_id"].startswith("us-ftc-native-ads/") and f["severity"] == "error" for f in doc["findings"])
    assert doc["metadata"]["section"] == "Travel"
    labelled = PAGE.replace("<h1>", "<p>Advertisement</p><h1>")
    page.write_text(labelled, encoding="utf-8")
    code = main(["check", str(page), "--rules", "us-ftc-native-ads", "--as-of", "2026-11-28", "--no-history",
                 "--no-cache", "--format", "json"])
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    assert [f["rule_id"] for f in doc["findings"] if f["rule_id"].startswith("us-ftc")] == []
    assert code == 0
