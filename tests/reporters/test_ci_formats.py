"""The CI formats read the JSON results contract: junit, github, gitlab, checkstyle (sarif: tests/cli/test_ci_workflow.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest

from auditor.engine import results_schema
from auditor.reporters import ReportOptions, get_reporter


def _finding(rule: str, sev: str, msg: str, line: int | None = None, **kw: Any) -> dict[str, Any]:
    span = {"start": 10, "end": 18, "line": line, "column": 5, "end_line": line, "end_column": 13} if line else None
    base = {"rule_id": rule, "pack": "fake", "pack_version": "1.0", "severity": sev, "outcome": "invalid",
            "message": msg, "span": span, "evidence": None, "expected": None, "diff": None, "references": [],
            "fix": None, "suppressed": False, "baselined": False}
    base.update(kw)
    return base


def _doc(path: str, status: str, findings: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    d = {"path": path, "format": "text", "status": status,
         "fields": {"title": None, "published": {"raw": None, "iso": None}, "author": [], "source": [], "language": None},
         "notices": [], "unverified": [], "findings": findings}
    d.update(kw)
    return d


@pytest.fixture
def results() -> dict[str, Any]:
    evil = "кликбейт\x07 <script>&\"quote\", 100%\nnext line"
    data = {
        "schema_version": "1.0",
        "tool": {"name": "auditor", "version": "0.1.0"},
        "run": {"as_of": "2026-01-01", "fail_on": "warning", "started": None,
                "packs": [{"id": "fake", "version": "1.0", "sha256": "ab"}],
                "rules": [{"id": "fake/notice", "severity": "error", "title": "Notice"},
                          {"id": "fake/banned", "severity": "warning", "title": "Banned"},
                          {"id": "fake/style", "severity": "info", "title": "Style"}],
                "errors": []},
        "summary": {"documents": 4, "passed": 1, "failed": 1, "errors": 1, "skipped": 1,
                    "findings_by_severity": {"error": 1, "warning": 0, "info": 1}, "suppressed": 1, "baselined": 1},
        "documents": [
            _doc("news/a b.txt", "fail", [
                _finding("fake/notice", "error", "notice missing", expected="ДАННОЕ СООБЩЕНИЕ …", fingerprint="f1"),
                _finding("fake/banned", "warning", "banned word", 3, evidence=evil, suppressed=True,
                         suppression={"reason": "цитата", "by": "directive", "line": 2}, fingerprint="f2"),
                _finding("fake/banned", "warning", "banned word", 7, evidence="кликбейт", baselined=True, fingerprint="f3"),
                _finding("fake/style", "info", "style note", 9, fingerprint="f4"),
            ], unverified=["fake/style"]),
            _doc("news/ok.txt", "pass", []),
            _doc("broken.pdf", "error", [_finding("auditor.read-error", "error", "broken.pdf: not a PDF", pack="auditor")],
                 error="broken.pdf: not a PDF"),
            _doc("image.png", "skipped", [], note="skipped: unknown file type '.png'"),
        ],
    }
    jsonschema.validate(data, results_schema())
    return data


def _render(fmt: str, results: dict[str, Any], **kw: Any) -> str:
    out = get_reporter(fmt).render(results, ReportOptions(**kw))
    assert isinstance(out, str)
    assert out == get_reporter(fmt).render(results, ReportOptions(**kw))  # deterministic
    return out


def test_junit_one_case_per_document_one_failure_per_finding(results: dict[str, Any]) -> None:
    # before (issue 17): one test case per rule per document (4 documents x 3 rules = 8 cases + errors);
    # after: one case per document, a <failure> for each failing finding, honest counts.
    root = ET.fromstring(_render("junit", results).encode("utf-8"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["news/a b.txt", "news/ok.txt", "broken.pdf", "image.png"]
    a, ok, broken, image = cases
    assert a.get("classname") == "news" and a.get("file") == "news/a b.txt"
    (failure,) = a.findall("failure")  # one failing finding; suppressed, baselined and info do not fail
    assert failure.get("type") == "fake/notice" and "ДАННОЕ СООБЩЕНИЕ" in failure.get("message")
    out = a.find("system-out").text
    assert "suppressed by directive: цитата" in out and "baselined" in out and "\x07" not in out
    assert "style note" in out and "not verified (format, or a sample registry): fake/style" in out
    assert ok.find("failure") is None and ok.find("system-out") is None
    assert broken.find("error").get("type") == "auditor.read-error"
    assert image.find("skipped") is not None
    for node in (root, suite):
        assert (node.get("tests"), node.get("failures"), node.get("errors"), node.get("skipped")) == ("4", "1", "1", "1")


def test_junit_several_failures_in_one_document(results: dict[str, Any]) -> None:
    doc = results["documents"][0]
    doc["findings"].append(_finding("fake/notice", "error", "second notice problem", 12))
    root = ET.fromstring(_render("junit", results).encode("utf-8"))
    failures = root.find("testsuite/testcase").findall("failure")
    assert [f.get("type") for f in failures] == ["fake/notice", "fake/notice"]
    assert failures[1].text.startswith("news/a b.txt:12:5: error: fake/notice: second notice problem")
    assert root.get("failures") == "1"  # one failing document


def test_github_annotations_capped_active_first(results: dict[str, Any]) -> None:
    lines = _render("github", results, annotations=2).splitlines()
    assert lines[0].startswith("::error file=news/a b.txt,title=fake/notice::notice missing")
    assert lines[1].startswith("::error file=broken.pdf,title=auditor.read-error::")
    assert lines[-1] == ("auditor: 3 more findings not shown as annotations (1 of them active; cap 2); "
                         "see the full report (--format sarif or json)")
    full = _render("github", results).splitlines()
    suppressed = next(x for x in full if "(suppressed)" in x)
    assert suppressed.startswith("::notice file=news/a b.txt,line=3,endLine=3,col=5,endColumn=13,"
                                 "title=fake/banned (suppressed)::")
    assert "100%25 next line" in suppressed and "\x07" not in suppressed
    assert full[-1] == "auditor: all findings shown as annotations"


def test_gitlab_code_quality(results: dict[str, Any]) -> None:
    issues = json.loads(_render("gitlab", results))
    assert len(issues) == 5
    assert len({i["fingerprint"] for i in issues}) == 5
    first = issues[0]
    assert first["check_name"] == "fake/notice" and first["severity"] == "major"
    assert first["location"] == {"path": "news/a b.txt", "lines": {"begin": 1}}
    suppressed = issues[1]
    assert suppressed["severity"] == "info" and "[suppressed by directive: цитата]" in suppressed["description"]


def test_checkstyle(results: dict[str, Any]) -> None:
    root = ET.fromstring(_render("checkstyle", results).encode("utf-8"))
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["news/a b.txt", "news/ok.txt", "broken.pdf", "image.png"]
    errors = files[0].findall("error")
    assert [(e.get("severity"), e.get("line"), e.get("source")) for e in errors] == [
        ("error", "1", "fake/notice"), ("ignore", "3", "fake/banned"), ("ignore", "7", "fake/banned"),
        ("info", "9", "fake/style")]
    assert "<script>" in errors[1].get("message")  # escaped by the XML writer, read back intact


def test_report_command_rebuilds_ci_formats_from_saved_json(results: dict[str, Any], tmp_path: Any) -> None:
    from auditor.cli import main

    saved = tmp_path / "results.json"
    saved.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    for fmt in ("sarif", "junit", "github", "gitlab", "checkstyle"):
        out = tmp_path / f"r.{fmt}"
        assert main(["report", str(saved), "--format", fmt, "-o", str(out)]) == 0
        assert out.read_text(encoding="utf-8") == _render(fmt, results)
