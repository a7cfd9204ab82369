"""History: runs appended to SQLite, trend, new and fixed findings since the last run."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest
import reports_fixtures as rf

from auditor import history


def _drop_finding(results: dict, path: str, rule_id: str) -> dict:
    out = copy.deepcopy(results)
    for d in out["documents"]:
        if d["path"] == path:
            d["findings"] = [f for f in d["findings"] if f["rule_id"] != rule_id]
    out["summary"] = rf.summary_of(out["documents"])
    return out


def test_first_run_has_no_previous(tmp_path: Path) -> None:
    db = tmp_path / "reports" / "history.sqlite"
    h = history.record(rf.make_results(), db)
    assert db.is_file()
    assert h["previous"] is None and h["new"] == [] and h["fixed"] == []
    assert len(h["runs"]) == 1
    run = h["runs"][0]
    assert (run["documents"], run["passed"], run["failed"], run["errors"], run["findings"]) == (9, 4, 3, 1, 9)


def test_new_and_fixed_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    first = rf.make_results()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")  # 2024-05-01
    history.record(first, db)
    second = _drop_finding(first, "news/2024/memo-report.html", "ru-fa.notice-present")
    second["documents"][2]["findings"].append(
        rf.finding("ru-fa.notice-size", "warning", "Notice is smaller than twice the body text.", evidence="x")
    )
    second["summary"] = rf.summary_of(second["documents"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714608000")  # 2024-05-02
    h = history.record(second, db)
    assert h["previous"] == "2024-05-01T00:00:00Z"
    assert [(r["path"], r["rule_id"]) for r in h["fixed"]] == [("news/2024/memo-report.html", "ru-fa.notice-present")]
    assert [(r["path"], r["rule_id"]) for r in h["new"]] == [("en/2024/ok-story.md", "ru-fa.notice-size")]
    assert [r["when"] for r in h["runs"]] == ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"]
    assert [r["findings"] for r in h["runs"]] == [9, 9]
    # load() reads the same without recording
    assert history.load(db) == {k: v for k, v in h.items() if k != "run_id"}  # run_id: for forget()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2


def test_files_not_checked_again_are_not_fixed(tmp_path: Path) -> None:
    """A later run over other files, or one where a file could not be read, fixes nothing."""
    db = tmp_path / "h.sqlite"
    first = rf.make_results()
    history.record(first, db)
    failing = [d for d in first["documents"] if d["status"] == "fail"]
    assert len(failing) >= 2
    # run 2: the second failing document is unreadable this time: its findings are not fixed
    broken = copy.deepcopy(first)
    for d in broken["documents"]:
        if d["path"] == failing[1]["path"]:
            d["status"] = "error"
            d["findings"] = []
    broken["summary"] = rf.summary_of(broken["documents"])
    h = history.record(broken, db)
    assert h["fixed"] == [] and h["new"] == []
    # run 3: only the first failing document, now clean; the others are not looked at
    subset = copy.deepcopy(first)
    subset["documents"] = [copy.deepcopy(failing[0]) | {"status": "pass", "findings": []}]
    subset["summary"] = rf.summary_of(subset["documents"])
    h = history.record(subset, db)
    assert {r["path"] for r in h["fixed"]} == {failing[0]["path"]}
    assert h["new"] == []


def test_suppressed_and_baselined_are_not_tracked(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    results = rf.make_results()
    history.record(results, db)
    with sqlite3.connect(db) as conn:
        paths = {r[0] for r in conn.execute("SELECT path FROM findings")}
    assert "news/2023/archive.txt" not in paths  # its only findings are suppressed / baselined
    assert "broken/bad.pdf" in paths


def test_fingerprint_ignores_case_spacing_and_nfkc() -> None:
    f1 = {"rule_id": "r", "evidence": "Данное  сообщение\u00a0(МАТЕРИАЛ)"}
    f2 = {"rule_id": "r", "evidence": "данное сообщение (материал)"}
    assert history.fingerprint(f1, "a.txt") == history.fingerprint(f2, "a.txt")
    assert history.fingerprint(f1, "a.txt") != history.fingerprint(f1, "b.txt")
    assert history.fingerprint({"rule_id": "s", "evidence": "x"}, "a.txt") != history.fingerprint({"rule_id": "r", "evidence": "x"}, "a.txt")
    assert history.fingerprint({**f1, "fingerprint": "given"}, "a.txt") == "given"


def test_trend_keeps_last_twenty(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    small = rf.make_results(rf._documents()[:2])
    for _ in range(23):
        h = history.record(small, db)
    assert len(h["runs"]) == history.TREND_RUNS


def test_load_missing_file(tmp_path: Path) -> None:
    assert history.load(tmp_path / "none.sqlite") == {"runs": [], "new": [], "fixed": [], "previous": None}
    assert not (tmp_path / "none.sqlite").exists()
