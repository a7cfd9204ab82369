"""[trust] No verdict without an audit: a typo'd pack, a missing or unsupported named path is NOT AUDITED, exit 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COMPLIANT = EXAMPLES / "02-compliant.txt"
AS_OF = "2026-11-28"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv, "--no-history", "--no-cache", "--as-of", AS_OF, "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


def test_pack_typo_is_not_audited_and_never_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(COMPLIANT), "--rules", "caucasian-knt")
    assert code == 2
    assert "PASS" not in out
    assert "NOT AUDITED" in out
    assert "caucasian-knt" in out  # the summary says why
    assert "did you mean" in err


def test_unsupported_named_file_is_not_audited(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.rtf"
    draft.write_text("{\\rtf1 Статья}", encoding="utf-8")
    code, out, _ = run(capsys, str(draft), "--rules", "caucasian-knot")
    assert code == 2
    assert "PASS" not in out
    assert "NOT AUDITED" in out and "draft.rtf" in out


def test_missing_named_path_exits_2_not_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(tmp_path / "nope.txt"), "--rules", "caucasian-knot")
    assert code == 2
    assert "NOT AUDITED" in out and "no such file" in out


def test_empty_folder_is_not_a_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path), "--rules", "caucasian-knot")
    assert code == 2
    assert "PASS" not in out and "NOT AUDITED" in out


def test_unsupported_file_inside_a_folder_is_only_skipped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(COMPLIANT.read_bytes())
    (tmp_path / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path), "--rules", "caucasian-knot")
    assert "NOT AUDITED" not in out
    assert code in (0, 1)


def test_every_report_carries_not_audited(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(
        capsys, str(COMPLIANT), "--rules", "caucasian-knt", "--output-dir", str(tmp_path),
        "-f", "json", "-f", "sarif", "-f", "junit", "-f", "github", "-f", "gitlab", "-f", "checkstyle",
        "-f", "md", "-f", "html",
    )
    assert code == 2
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert data["run"]["status"] == "not-audited"
    assert any("caucasian-knt" in r for r in data["run"]["not_audited"])
    sarif = json.loads((tmp_path / "audit.sarif").read_text(encoding="utf-8"))
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert sarif["runs"][0]["properties"]["status"] == "not-audited"
    junit = ET.parse(tmp_path / "audit.junit.xml").getroot()
    assert int(junit.get("errors", "0")) >= 1
    assert "NOT AUDITED" in ET.tostring(junit, encoding="unicode")
    assert "NOT AUDITED" in (tmp_path / "audit.github.txt").read_text(encoding="utf-8")
    gitlab = json.loads((tmp_path / "audit.gitlab.json").read_text(encoding="utf-8"))
    assert any("NOT AUDITED" in i["description"] for i in gitlab)
    assert "NOT AUDITED" in (tmp_path / "audit.checkstyle.xml").read_text(encoding="utf-8")
    assert "NOT AUDITED" in (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "NOT AUDITED" in (tmp_path / "audit.html").read_text(encoding="utf-8")


def test_audited_run_says_audited(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(COMPLIANT), "--rules", "caucasian-knot", "-f", "json")
    data = json.loads(out)
    assert data["run"]["status"] == "audited"
    assert data["run"]["not_audited"] == []
