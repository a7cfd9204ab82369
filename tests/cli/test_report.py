"""End to end through the CLI: several formats in one run, `auditor report` from saved JSON, history."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import reports_fixtures as rf

from auditor import cli
from auditor.reporters import ReportOptions, get_reporter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FORMATS = ("xlsx", "html", "pdf", "md")


def _check(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "reports"
    argv = ["check", str(EXAMPLES), "--as-of", "2025-01-01", "--jobs", "1", "--quiet", "--color", "never",
            "--format", "json", *[a for f in FORMATS for a in ("--format", f)], "--output-dir", str(out), *extra]
    code = cli.main(argv)
    return code, out


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_rebuilds_from_saved_results(tmp_path: Path, fmt: str) -> None:
    results = rf.make_results()
    saved = tmp_path / "results.json"
    saved.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    dest = tmp_path / f"out.{fmt}"
    assert cli.main(["report", str(saved), "--format", fmt, "-o", str(dest)]) == 0
    expected = get_reporter(fmt).render(results, ReportOptions())
    got = dest.read_bytes()
    assert got == (expected if isinstance(expected, bytes) else expected.encode("utf-8"))


def test_report_reads_each_document_back_and_names_a_broken_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = rf.make_results()
    from auditor.model import DocumentResult

    for doc in results["documents"]:  # the model reads every document of the contract back, unchanged
        back = DocumentResult.from_dict(doc).to_dict()
        assert [f["rule_id"] for f in back["findings"]] == [f["rule_id"] for f in doc["findings"]]
        assert [f["span"] for f in back["findings"]] == [f["span"] for f in doc["findings"]]
    broken = json.loads(json.dumps(results))
    victim = next(i for i, d in enumerate(broken["documents"]) if d["findings"])
    del broken["documents"][victim]["findings"][0]["rule_id"]
    saved = tmp_path / "broken.json"
    saved.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["report", str(saved), "--format", "md", "-o", str(tmp_path / "out.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"auditor: {saved}: not auditor results: documents[{victim}]: missing key 'rule_id'"]
    assert not (tmp_path / "out.md").exists()


@pytest.mark.slow
def test_check_writes_every_format_deterministically(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    code, out = _check(tmp_path, "--no-history")
    assert code in (0, 1)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["audit.html", "audit.json", "audit.md", "audit.pdf", "audit.xlsx"]
    results = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    rf.validate(results)
    wb = openpyxl.load_workbook(io.BytesIO((out / "audit.xlsx").read_bytes()))
    key = {}
    for row in wb["Summary"].iter_rows(values_only=True):
        if row[0] in ("Documents", "Passed", "Failed", "Unreadable") and row[0] not in key:
            key[row[0]] = row[1]
    s = results["summary"]
    assert key == {"Documents": s["documents"], "Passed": s["passed"], "Failed": s["failed"], "Unreadable": s["errors"]}
    findings = sum(len(d["findings"]) for d in results["documents"])
    assert wb["Findings"].max_row == findings + 1
    first = {n: (out / n).read_bytes() for n in names}
    _check(tmp_path, "--no-history")
    for n in names:
        assert (out / n).read_bytes() == first[n], f"{n} differs between two identical runs"


@pytest.mark.slow
def test_history_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "hist.sqlite"
    _check(tmp_path, "--history", str(db))
    _, out = _check(tmp_path, "--history", str(db))
    md = (out / "audit.md").read_text(encoding="utf-8")
    assert "**Since the last run**" in md and ": 0 new, 0 fixed" in md
    assert "Trend (last 2 runs)" in (out / "audit.html").read_text(encoding="utf-8")
    dest = tmp_path / "again.md"
    assert cli.main(["report", str(out / "audit.json"), "--format", "md", "--history", str(db), "-o", str(dest)]) == 0
    assert "Trend of active findings (last 2 runs)" in dest.read_text(encoding="utf-8")
