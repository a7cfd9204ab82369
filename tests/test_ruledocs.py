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
    # no docs URL set: this release's page in the project repository (before: no helpUri at all)
    from auditor import __version__
    from auditor.ruledocs import repository

    want = f"{repository()}/blob/v{__version__}/docs/rules/ru-foreign-agent/notice-placement.md"
    assert rules["ru-foreign-agent/notice-placement"]["helpUri"] == want
    # a relative base is no SARIF helpUri (the spec wants an absolute URI): the default stands
    monkeypatch.setenv("AUDITOR_RULE_DOCS_URL", "docs/rules/")
    main(["check", str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
          "--jobs", "1", "-f", "sarif", "-o", str(out)])
    capsys.readouterr()
    rules = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    assert all(r["helpUri"].startswith("https://") for r in rules.values() if "/" in r["id"])


def test_rule_docs_url_from_the_config(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_RULE_DOCS_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text('packs = ["caucasian-knot"]\nrule-docs-url = "https://docs.example.org/rules/"\n',
                                          encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    main(["check", "a.txt", "--as-of", "2026-11-28", "--no-history", "--no-cache", "--jobs", "1", "-f", "sarif",
          "-o", "a.sarif"])
    capsys.readouterr()
    rules = {r["id"]: r for r in json.loads((tmp_path / "a.sarif").read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ru-foreign-agent/notice-placement"]["helpUri"] == \
        "https://docs.example.org/rules/ru-foreign-agent/notice-placement.md"


def test_the_repository_url_is_the_one_in_pyproject() -> None:
    import tomllib

    from auditor.ruledocs import REPOSITORY

    urls = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert urls["project"]["urls"]["Repository"] == REPOSITORY
