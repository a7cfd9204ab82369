"""[trust] CI like ruff: concise/full output, --select/--ignore, --statistics, "wrote PATH", a
quiet --quiet, --stdin-filename with per-path config, shell completion."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "01-seed-notice-after-article.txt"
AUTHOR_MISSING = ROOT / "examples" / "07-author-missing.txt"
COMPLIANT = ROOT / "examples" / "02-compliant.txt"
BASE = ["--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache", "--jobs", "1"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv, *BASE])
    out, err = capsys.readouterr()
    return code, out, err


def test_concise_is_one_line_per_finding(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(SEED), str(AUTHOR_MISSING), "--output-format", "concise")
    lines = out.splitlines()
    findings = [ln for ln in lines if re.match(r"^\S+:\d+:\d+: \S+ \[(error|warning|info)\] ", ln)]
    assert f"{SEED.as_posix()}:22:1: ru-foreign-agent/notice-placement [error] notice misplaced" in lines[0]
    assert len(findings) == len(lines) - 1  # and one summary line
    assert lines[-1].startswith("Found ") and "in 2 of 2 documents" in lines[-1]
    assert code == 1
    _, full, _ = run(capsys, str(SEED), "--output-format", "full")
    assert "found:" in full and "basis:" in full


def test_quiet_prints_only_failing_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # before: ~8 lines per finding plus the summary and a "wrote" line
    code, out, err = run(capsys, str(SEED), str(COMPLIANT), "-q", "-f", "console", "-f", "json",
                         "--output-dir", str(tmp_path))
    assert code == 1
    assert out.splitlines() == [out.splitlines()[0]] and "notice-placement" in out
    assert err == ""
    code, out, err = run(capsys, str(COMPLIANT), "-q")
    assert (code, out, err) == (0, "", "")


def test_select_and_ignore_with_ids_and_globs(capsys: pytest.CaptureFixture[str]) -> None:
    def rules(*flags: str) -> set[str]:
        _, out, _ = run(capsys, str(SEED), str(AUTHOR_MISSING), "-f", "json", *flags)
        data = json.loads(out)
        return {f["rule_id"] for d in data["documents"] for f in d["findings"]}

    everything = rules()
    assert {"ru-foreign-agent/notice-placement", "attribution/author"} <= everything
    assert rules("--select", "ru-foreign-agent/*") == {"ru-foreign-agent/notice-placement"}
    assert rules("--ignore", "notice-placement") == everything - {"ru-foreign-agent/notice-placement"}
    assert rules("--select", "attribution/author,ru-foreign-agent/notice-placement", "--ignore", "*/author") == {
        "ru-foreign-agent/notice-placement"}
    code, out, err = run(capsys, str(SEED), "--select", "ru-foreign-agent/notice-placment")
    assert code == 2 and "did you mean 'ru-foreign-agent/notice-placement'" in err


def test_select_changes_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, str(SEED), "--ignore", "ru-foreign-agent/notice-placement")
    assert code == 0


def test_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(SEED), str(AUTHOR_MISSING), "--statistics")
    rows = [ln.split() for ln in out.splitlines() if ln and ln[0].isspace() is False and ln.split()[0].isdigit()]
    by_rule = {r[1]: int(r[0]) for r in rows}
    assert by_rule["ru-foreign-agent/notice-placement"] == 1
    assert "attribution/author" in by_rule
    assert "found:" not in out  # counts instead of findings


def test_wrote_line_per_report_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # before: writing only report files printed nothing at all
    run(capsys, str(SEED), "-f", "sarif", "-f", "junit", "--output-dir", str(tmp_path))
    _, out, err = run(capsys, str(SEED), "-f", "sarif", "-f", "junit", "--output-dir", str(tmp_path))
    assert out == ""
    assert err.splitlines() == [f"wrote {(tmp_path / 'audit.sarif').as_posix()}",
                                f"wrote {(tmp_path / 'audit.junit.xml').as_posix()}"]


def test_stdin_filename_applies_per_path_config(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "auditor.toml").write_text(
        '[[overrides]]\npaths = ["opinion/**"]\ndisable = ["ru-foreign-agent/notice-placement"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    class Stdin:
        buffer = io.BytesIO(SEED.read_bytes())

    monkeypatch.setattr("sys.stdin", Stdin)
    code, out, _ = run(capsys, "-", "--stdin-filename", "opinion/column.txt", "-f", "json")
    data = json.loads(out)
    (doc,) = data["documents"]
    assert doc["path"] == "opinion/column.txt"
    assert "ru-foreign-agent/notice-placement" not in {f["rule_id"] for f in doc["findings"] if not f["suppressed"]}
    assert code == 0
    Stdin.buffer = io.BytesIO(SEED.read_bytes())
    code, out, _ = run(capsys, "-", "--stdin-filename", "news/story.txt", "-f", "json")
    assert code == 1  # the override does not cover news/


def test_shell_completion(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("shtab")
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "complete" in script and "--output-format" in script and "caucasian-knot" in script
    assert "explain" in script


def test_action_caches_pip_and_results_and_links_rule_docs() -> None:
    from ruamel.yaml import YAML

    action = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    cached = {s["with"]["path"]: s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")}
    assert set(cached) == {"~/.cache/pip", ".auditor_cache"}  # before: no cache at all
    assert all(s["if"] == "inputs.cache == 'true'" for s in cached.values())
    assert "github.action_ref" in cached["~/.cache/pip"]["with"]["key"]
    assert "github.sha" in cached[".auditor_cache"]["with"]["key"]
    audit = next(s for s in steps if s.get("id") == "audit")
    assert "docs/rules/" in audit["env"]["AUDITOR_RULE_DOCS_URL"]
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "rev: v" in hooks and "rev: v" in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def test_the_release_is_one_version_everywhere() -> None:
    """pyproject, the package, the CHANGELOG's latest release and the tag the action and the
    pre-commit hook are pinned to in the docs (before: no tag to pin to)."""
    import re
    import tomllib

    from auditor import __version__
    from auditor.ruledocs import REPOSITORY

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    releases = re.findall(r"^## (\d+\.\d+\.\d+) ", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert releases[0] == __version__
    tag = f"v{__version__}"
    slug = REPOSITORY.removeprefix("https://github.com/")
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"uses: {slug}@{tag}" in ci and f"repo: {REPOSITORY}\n    rev: {tag}" in ci
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"rev: {tag}" in hooks and REPOSITORY in hooks
