"""[trust] Generated per-rule docs (docs/rules/<pack>/<rule>.md), `auditor explain`, SARIF helpUri."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "01-seed-notice-after-article.txt"


def test_committed_rule_docs_are_current() -> None:
    from auditor.ruledocs import generate

    pages = generate()
    folder = ROOT / "docs" / "rules"
    stale = [rel for rel, text in pages.items()
             if not (folder / rel).is_file() or (folder / rel).read_text(encoding="utf-8") != text]
    extra = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")
                   if p.relative_to(folder).as_posix() not in pages)
    assert stale == [] and extra == [], "run: python -m auditor.ruledocs docs/rules"
    assert "ru-foreign-agent/notice-placement.md" in pages
    page = pages["ru-foreign-agent/notice-placement.md"]
    assert "## Basis" in page and "**regulation**" in page and "## Examples" in page and "## How to fix" in page
    assert "## Internals" not in page and "pattern" not in page


def test_explain_is_for_a_lawyer_internals_only_with_v(capsys: pytest.CaptureFixture[str]) -> None:
    # before: `rules explain` printed ~60 lines of check options (regex flags) to a lawyer
    assert main(["explain", "ru-foreign-agent/notice-form"]) == 0
    plain = capsys.readouterr().out
    assert "## Basis" in plain and "Internals" not in plain and '"kind"' not in plain
    assert main(["explain", "ru-foreign-agent/notice-form", "-v"]) == 0
    verbose = capsys.readouterr().out
    assert "## Internals" in verbose and len(verbose) > len(plain)
    assert main(["rules", "explain", "ru-foreign-agent/notice-form"]) == 0
    assert capsys.readouterr().out == plain
    assert main(["explain", "no-such/rule"]) == 2


def test_sarif_help_uri_is_the_rule_page_not_a_legal_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDITOR_RULE_DOCS_URL", "https://example.org/auditor/blob/v0.2.0/docs/rules/")
    out = tmp_path / "a.sarif"
    main(["check", str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
          "--jobs", "1", "-f", "sarif", "-o", str(out)])
    capsys.readouterr()
    rules = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    r = rules["ru-foreign-agent/notice-placement"]
    assert r["helpUri"] == "https://example.org/auditor/blob/v0.2.0/docs/rules/ru-foreign-agent/notice-placement.md"
    assert r["properties"]["docs"] == "docs/rules/ru-foreign-agent/notice-placement.md"
    monkeypatch.delenv("AUDITOR_RULE_DOCS_URL")
    main(["check", str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
          "--jobs", "1", "-f", "sarif", "-o", str(out)])
    capsys.readouterr()
    rules = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    # no docs URL known: no helpUri at all rather than a legal source dressed up as the rule's help
    assert "helpUri" not in rules["ru-foreign-agent/notice-placement"]
