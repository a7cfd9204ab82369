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


def test_a_run_that_audited_nothing_counts_no_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Before: 'NOT AUDITED  1 document: 1 passed' and a JSON/XLSX/HTML/Markdown 'Passed 1'."""
    pytest.importorskip("openpyxl")
    pytest.importorskip("weasyprint")
    code, out, _ = run(
        capsys, str(COMPLIANT), str(EXAMPLES / "07-author-missing.txt"), "--rules", "caucasian-knt",
        "-f", "console", "--output-dir", str(tmp_path),
        "-f", "json", "-f", "sarif", "-f", "junit", "-f", "xlsx", "-f", "html", "-f", "pdf", "-f", "md",
    )
    assert code == 2
    summary = next(ln for ln in out.splitlines() if ln.startswith("NOT AUDITED  "))
    assert "0 passed" in summary and "2 skipped" in summary, summary
    assert "PASS" not in out
    assert out.count("NOT AUDITED ") >= 3  # each document's line too
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert data["summary"]["passed"] == 0 and data["summary"]["skipped"] == 2
    assert data["run"]["not_audited"] == ["rule pack 'caucasian-knt' did not load (see the errors above)",
                                          "no rule pack loaded: no rule was checked"]
    assert all(d["status"] == "skipped" and d["note"].startswith("not audited: ") for d in data["documents"])
    sarif = json.loads((tmp_path / "audit.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["properties"]["summary"]["passed"] == 0
    junit = ET.parse(tmp_path / "audit.junit.xml").getroot()
    cases = junit.findall(".//testcase")
    assert len(cases) == 3 and all(c.find("skipped") is not None or c.find("error") is not None for c in cases)
    assert junit.get("skipped") == "2" and junit.get("failures") == "0"
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "audit.xlsx", read_only=True)["Summary"]
    figures = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if len(r) > 1 and r[0]}
    assert figures["Passed"] == 0 and figures["Skipped"] == 2 and figures.get("Pass rate") is None
    assert str(figures["Status"]).startswith("NOT AUDITED")
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert '<span class="n">0</span><span class="l">Passed</span>' in html and ">PASS<" not in html
    md = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "| 2 | 0 | 0 | 0 | 2 |" in md and "pass." not in md and "PASS" not in md
    import subprocess

    pdf_text = subprocess.run(["pdftotext", str(tmp_path / "audit.pdf"), "-"], capture_output=True, text=True)
    if pdf_text.returncode == 0:
        lines = [ln.strip() for ln in pdf_text.stdout.splitlines()]
        assert "NOT AUDITED" in lines and "PASS" not in lines  # the verdict (tile labels print in capitals)
