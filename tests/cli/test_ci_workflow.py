"""The whole CI story in a temporary git repository of articles, through the command line.

Baseline, then a new failing file: only it fails. A waiver silences a finding until it expires.
A directive without a reason is reported. --changed-since, the cache, and --jobs 2 == --jobs 1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ci_support
import pytest
from ci_support import article

import auditor.packs
from auditor.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


OUT: dict[str, Path] = {}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(auditor.packs, "load_ruleset", ci_support.load_fake, raising=False)
    OUT["dir"] = tmp_path / "reports"  # outside the audited repository
    tmp_path = tmp_path / "repo"
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "t")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "t")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@example.invalid")
    monkeypatch.setenv("CI", "1")
    files = {
        "content/2024/clean.md": article("# Чистая статья", "Обычный текст без проблем."),
        "content/2024/banned.txt": article("Статья с проблемой", "Здесь есть кликбейт, и это старая находка."),
        "content/2024/no-notice.txt": article("Без пометки", "Текст старой статьи без пометки.", notice=False),
        "content/drafts/wip.txt": article("Черновик", "кликбейт в черновике", notice=False),
        "auditor.toml": 'packs = ["fake"]\nexclude = ["content/drafts/**"]\nfail-on = "warning"\n'
                        'formats = ["console"]\n',
    }
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "articles")
    return tmp_path


def _git(where: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=where, check=True, capture_output=True)


def _check(*argv: str) -> tuple[int, dict[str, Any]]:
    out = OUT["dir"] / "out.json"
    rc = main(["check", "--no-history", "--jobs", "1", *argv, "-f", "json", "-o", str(out)])
    return rc, json.loads(out.read_text(encoding="utf-8"))


def _active(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["path"], f["rule_id"]) for d in data["documents"] for f in d["findings"]
            if not f["suppressed"] and not f["baselined"]]


def test_baseline_then_only_new_findings_fail(repo: Path) -> None:
    rc, data = _check()
    assert rc == 1
    assert [d["path"] for d in data["documents"]] == [
        "content/2024/banned.txt", "content/2024/clean.md", "content/2024/no-notice.txt"]  # drafts excluded
    assert main(["baseline", "create", "--jobs", "1", "-o", ".auditor-baseline.json"]) == 0
    baseline = json.loads((repo / ".auditor-baseline.json").read_text(encoding="utf-8"))
    assert sorted((f["path"], f["rule_id"]) for f in baseline["findings"]) == [
        ("content/2024/banned.txt", "fake/banned"), ("content/2024/no-notice.txt", "fake/notice")]

    rc, data = _check("--baseline", ".auditor-baseline.json")
    assert rc == 0 and data["summary"]["baselined"] == 2 and _active(data) == []
    assert data["run"]["baseline"] == ".auditor-baseline.json"

    # an edit elsewhere in an old article does not bring its finding back
    old = repo / "content/2024/banned.txt"
    old.write_text("Новый вводный абзац.\n\n" + old.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "content/2024/new.txt").write_text(article("Новая", "Свежий кликбейт.", notice=False), encoding="utf-8")
    rc, data = _check("--baseline", ".auditor-baseline.json")
    assert rc == 1
    assert _active(data) == [("content/2024/new.txt", "fake/notice"), ("content/2024/new.txt", "fake/banned")]
    failed = [d["path"] for d in data["documents"] if d["status"] == "fail"]
    assert failed == ["content/2024/new.txt"]
    baselined = [(d["path"], f["rule_id"]) for d in data["documents"] for f in d["findings"] if f["baselined"]]
    assert baselined == [("content/2024/banned.txt", "fake/banned"), ("content/2024/no-notice.txt", "fake/notice")]


def _waive(repo: Path, expires: date) -> None:
    (repo / "waivers.yaml").write_text(
        "waivers:\n"
        "  - rule: fake/old-notice   # an alias of fake/notice\n"
        "    path: content/2024/no-notice.txt\n"
        "    reason: материал опубликован до внесения в реестр\n"
        "    approved_by: legal@example.invalid\n"
        f"    expires: {expires.isoformat()}\n",
        encoding="utf-8",
    )


def test_waiver_silences_until_it_expires(repo: Path) -> None:
    _waive(repo, date.today() + timedelta(days=30))
    rc, data = _check("--waivers", "waivers.yaml")
    notice = next(f for d in data["documents"] for f in d["findings"] if f["rule_id"] == "fake/notice")
    assert notice["suppressed"] is True
    assert notice["suppression"]["reason"] == "материал опубликован до внесения в реестр"
    assert notice["suppression"]["by"] == "waiver" and notice["suppression"]["source"] == "waivers.yaml:2"
    assert _active(data) == [("content/2024/banned.txt", "fake/banned")]

    _waive(repo, date.today() - timedelta(days=1))
    rc, data = _check("--waivers", "waivers.yaml", "--as-of", "2020-01-01")  # expiry ignores --as-of
    assert rc == 1
    assert ("content/2024/no-notice.txt", "fake/notice") in _active(data)
    assert ("waivers.yaml", "auditor.suppression-expired") in _active(data)


def test_directive_without_reason_is_reported(repo: Path) -> None:
    (repo / "content/2024/quote.md").write_text(
        article("# Цитата", "<!-- auditor: ignore fake/banned -->\nОн сказал: «кликбейт».\n\n"
                "<!-- auditor: ignore fake/banned reason=\"прямая цитата\" -->\nОна ответила: «кликбейт»."),
        encoding="utf-8",
    )
    rc, data = _check("content/2024/quote.md")
    assert rc == 1
    (doc,) = data["documents"]
    got = [(f["rule_id"], f["suppressed"], (f["span"] or {}).get("line")) for f in doc["findings"]]
    assert got == [("fake/banned", False, 4), ("fake/banned", True, 7), ("auditor.suppression-invalid", False, 3)]


def test_changed_since_audits_changed_files_or_everything_when_config_changes(repo: Path) -> None:
    (repo / "content/2024/new.txt").write_text(article("Новая", "текст"), encoding="utf-8")
    rc, data = _check("--changed-since", "HEAD")
    assert [d["path"] for d in data["documents"]] == ["content/2024/new.txt"] and rc == 0
    assert data["run"]["changed_since"] == {"rev": "HEAD", "all": False}
    cfg = repo / "auditor.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "jobs = 1\n", encoding="utf-8")
    rc, data = _check("--changed-since", "HEAD")
    assert len(data["documents"]) == 4 and data["run"]["changed_since"]["all"] is True
    assert main(["check", "--changed-since", "no-such-rev", "--no-history"]) == 2


def test_sarif_validates_against_the_official_schema(repo: Path) -> None:
    schema_path = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("SARIF schema not available (../shared/reference/schemas)")
    import jsonschema

    _waive(repo, date.today() + timedelta(days=3))
    assert main(["baseline", "create", "--jobs", "1", "-o", "base.json", "content/2024/banned.txt"]) == 0
    rc = main(["check", "--no-history", "--jobs", "1", "--waivers", "waivers.yaml", "--baseline", "base.json",
               "-f", "sarif", "-o", str(OUT["dir"] / "out.sarif")])
    assert rc == 0
    sarif = json.loads((OUT["dir"] / "out.sarif").read_text(encoding="utf-8"))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=str)
    assert errors == []
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    # issue 17: helpUri is the rule's docs page (absolute: AUDITOR_RULE_DOCS_URL or this release's), never the legal source
    from auditor.ruledocs import default_docs_url

    assert rules["fake/notice"]["helpUri"] == default_docs_url() + "fake/notice.md"
    assert rules["fake/notice"]["properties"]["docs"] == "docs/rules/fake/notice.md"
    assert "Federal Law No. 255-FZ" in rules["fake/notice"]["help"]["text"]
    assert rules["fake/notice"]["deprecatedIds"] == ["fake/old-notice"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["fake/notice"]["suppressions"][0]["kind"] == "external"
    assert by_rule["fake/banned"]["baselineState"] == "unchanged"
    banned = by_rule["fake/banned"]
    assert banned["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 20}
    assert len(banned["partialFingerprints"]["auditorFingerprint/v1"]) == 32
    assert rules[banned["ruleId"]] is run["tool"]["driver"]["rules"][banned["ruleIndex"]]


def _outputs(tag: str, *argv: str) -> dict[str, bytes]:
    out = OUT["dir"] / f"out-{tag}"
    rc = main(["check", "--no-history", *argv, "-f", "json", "-f", "sarif", "-f", "junit", "--output-dir", str(out)])
    assert rc == 1
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_jobs_2_gives_the_same_bytes_as_jobs_1(repo: Path) -> None:
    for i in range(12):  # enough files for the process pool to start
        text = article(f"Статья {i}", "кликбейт " * (i % 3) + "текст", notice=bool(i % 2))
        (repo / f"content/bulk/{i:02d}.txt").parent.mkdir(exist_ok=True)
        (repo / f"content/bulk/{i:02d}.txt").write_text(text, encoding="utf-8")
    one = _outputs("one", "--jobs", "1", "--no-cache")
    two = _outputs("two", "--jobs", "2", "--no-cache")
    assert sorted(one) == ["audit.json", "audit.junit.xml", "audit.sarif"]
    assert one == two
    data = json.loads(one["audit.json"])
    assert data["summary"]["documents"] == 15


def test_cache_unchanged_rerun_does_no_checking_and_prints_the_same(repo: Path) -> None:
    ci_support.CALLS["evaluate"] = 0
    fresh = _outputs("fresh", "--jobs", "1")
    assert ci_support.CALLS["evaluate"] == 3 and (repo / ".auditor_cache").is_dir()
    cached = _outputs("cached", "--jobs", "1")
    assert ci_support.CALLS["evaluate"] == 3  # nothing checked again
    assert cached == fresh
    # one changed file is checked again, the others are not
    p = repo / "content/2024/clean.md"
    p.write_text(p.read_text(encoding="utf-8") + "\nДобавлен абзац.\n", encoding="utf-8")
    _outputs("edited", "--jobs", "1")
    assert ci_support.CALLS["evaluate"] == 4
    # another as-of date re-checks everything; --no-cache neither reads nor writes
    _outputs("asof", "--jobs", "1", "--as-of", "2021-06-01")
    assert ci_support.CALLS["evaluate"] == 7
    _outputs("nocache", "--jobs", "1", "--no-cache")
    assert ci_support.CALLS["evaluate"] == 10


def test_real_packs_jobs_and_cache_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped packs over the examples: --jobs 2, --jobs 1 and a cached re-run print the same bytes."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    if not hasattr(auditor.packs, "load_ruleset") or not any(examples.glob("*.txt")):
        pytest.skip("shipped packs or examples not available")
    work = tmp_path / "w"
    shutil.copytree(examples, work)
    monkeypatch.chdir(work)
    monkeypatch.setenv("CI", "1")
    outs = {}
    for tag, argv in {"one": ["-j", "1", "--no-cache"], "two": ["-j", "2", "--no-cache"],
                      "fresh": ["-j", "2"], "cached": ["-j", "1"]}.items():
        out = tmp_path / tag
        main(["check", ".", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", *argv,
              "-f", "json", "-f", "sarif", "-f", "junit", "-f", "checkstyle", "-f", "gitlab", "--output-dir", str(out)])
        outs[tag] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert len(outs["one"]) == 5
    assert outs["one"] == outs["two"] == outs["fresh"] == outs["cached"]
    data = json.loads(outs["one"]["audit.json"])
    assert data["summary"]["documents"] >= 10 and data["summary"]["failed"] >= 1


def test_baseline_survives_a_rule_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule renamed with its old id kept as an alias still finds its findings in an older baseline."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "1")
    pack = tmp_path / "house.yaml"
    rule = "  - id: {id}\n    title: No clickbait\n{aliases}    scope: [body]\n    check: {{kind: pattern, forbid: 'кликбейт'}}\n"
    head = 'id: house\ntitle: House\nversion: "1"\nrules:\n'
    pack.write_text(head + rule.format(id="clickbait", aliases=""), encoding="utf-8")
    (tmp_path / "a.txt").write_text(article("Заголовок", "Здесь кликбейт."), encoding="utf-8")
    common = ["--rules", str(pack), "--no-cache", "--jobs", "1"]
    assert main(["baseline", "create", "a.txt", *common, "-o", "base.json"]) == 0
    base = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert [f["rule_id"] for f in base["findings"]] == ["house/clickbait"]

    def run() -> tuple[int, dict[str, Any]]:
        rc = main(["check", "a.txt", *common, "--no-history", "--baseline", "base.json", "-f", "json", "-o", "out.json"])
        return rc, json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))

    # renamed, old id kept as an alias: still baselined, reported under the new id
    pack.write_text(head + rule.format(id="no-clickbait", aliases="    aliases: [clickbait]\n"), encoding="utf-8")
    rc, data = run()
    findings = data["documents"][0]["findings"]
    assert rc == 0
    assert [(f["rule_id"], f["baselined"]) for f in findings] == [("house/no-clickbait", True)]
    # renamed without the alias: the old baseline no longer covers it
    pack.write_text(head + rule.format(id="no-clickbait", aliases=""), encoding="utf-8")
    rc, data = run()
    assert rc == 1
    assert [f["baselined"] for f in data["documents"][0]["findings"]] == [False]
