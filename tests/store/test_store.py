"""The history store (auditor/store): one suite, run on SQLite and on a real PostgreSQL server.

PostgreSQL: a throwaway cluster (initdb + pg_ctl from the system package) on a loopback port,
one fresh database per test. Skipped, with the reason, only when no server can be started here.
"""

from __future__ import annotations

import copy
import multiprocessing
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import reports_fixtures as rf

from auditor import store
from auditor.store import StoreError, open_store

_PG: Any = None
_PG_ERROR: str | None = None


@pytest.fixture(scope="session")
def pg_cluster() -> Any:
    global _PG, _PG_ERROR
    if _PG is None and _PG_ERROR is None:
        from pg_support import Cluster, PostgresUnavailable

        try:
            _PG = Cluster()
        except (PostgresUnavailable, OSError) as exc:
            _PG_ERROR = str(exc)
    if _PG is None:
        pytest.skip(f"PostgreSQL server could not start: {_PG_ERROR}")
    yield _PG


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "reports" / "history.sqlite")
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture(scope="session", autouse=True)
def _stop_cluster() -> Any:
    yield
    if _PG is not None:
        _PG.stop()


def _drop_finding(results: dict, path: str, rule_id: str) -> dict:
    out = copy.deepcopy(results)
    for d in out["documents"]:
        if d["path"] == path:
            d["findings"] = [f for f in d["findings"] if f["rule_id"] != rule_id]
    out["summary"] = rf.summary_of(out["documents"])
    return out


def _count_runs(where: str) -> int:
    s = open_store(where)
    try:
        return len(s.run_ids(None))
    finally:
        s.close()


def test_first_run_has_no_previous(where: str) -> None:
    h = store.record(rf.make_results(), where)
    assert h["previous"] is None and h["new"] == [] and h["fixed"] == []
    assert len(h["runs"]) == 1
    run = h["runs"][0]
    assert (run["documents"], run["passed"], run["failed"], run["errors"], run["findings"]) == (9, 4, 3, 1, 9)


def test_new_and_fixed_between_runs(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = rf.make_results()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")  # 2024-05-01
    store.record(first, where)
    second = _drop_finding(first, "news/2024/memo-report.html", "ru-fa.notice-present")
    second["documents"][2]["findings"].append(
        rf.finding("ru-fa.notice-size", "warning", "Notice is smaller than twice the body text.", evidence="x")
    )
    second["summary"] = rf.summary_of(second["documents"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714608000")  # 2024-05-02
    h = store.record(second, where)
    assert h["previous"] == "2024-05-01T00:00:00Z"
    assert [(r["path"], r["rule_id"]) for r in h["fixed"]] == [("news/2024/memo-report.html", "ru-fa.notice-present")]
    assert [(r["path"], r["rule_id"]) for r in h["new"]] == [("en/2024/ok-story.md", "ru-fa.notice-size")]
    assert [r["when"] for r in h["runs"]] == ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"]
    assert [(r["new"], r["fixed"]) for r in h["runs"]] == [(None, None), (1, 1)]
    assert store.load(where) == h  # load() reads the same without recording
    assert _count_runs(where) == 2


def test_files_not_checked_again_are_not_fixed(where: str) -> None:
    """A later run over other files, or one where a file could not be read, fixes nothing."""
    first = rf.make_results()
    store.record(first, where)
    failing = [d for d in first["documents"] if d["status"] == "fail"]
    assert len(failing) >= 2
    broken = copy.deepcopy(first)
    for d in broken["documents"]:
        if d["path"] == failing[1]["path"]:
            d["status"] = "error"
            d["findings"] = []
    broken["summary"] = rf.summary_of(broken["documents"])
    h = store.record(broken, where)
    assert h["fixed"] == [] and h["new"] == []
    subset = copy.deepcopy(first)
    subset["documents"] = [copy.deepcopy(failing[0]) | {"status": "pass", "findings": []}]
    subset["summary"] = rf.summary_of(subset["documents"])
    h = store.record(subset, where)
    assert {r["path"] for r in h["fixed"]} == {failing[0]["path"]}
    assert h["new"] == []


def test_a_wider_scope_reports_nothing_new_outside_the_old_one(where: str) -> None:
    """Issue 17: one folder first, then the whole repository: the rest is not 'new', it was not compared."""
    everything = rf.make_results()
    one = copy.deepcopy(everything)
    one["documents"] = [d for d in one["documents"] if d["path"].startswith("news/2024/")]
    one["summary"] = rf.summary_of(one["documents"])
    store.record(one, where, scope={"paths": ["news/2024"]})
    h = store.record(everything, where, scope={"paths": ["."]})
    assert h["new"] == [] and h["fixed"] == []
    outside = sum(1 for d in everything["documents"] if not d["path"].startswith("news/2024/")
                  for f in d["findings"] if not f.get("suppressed") and not f.get("baselined"))
    assert outside > 0 and h["not_compared"] == outside
    s = open_store(where)
    try:
        assert [r["scope"]["paths"] for r in s.runs()] == [["news/2024"], ["."]]
        assert s.runs()[-1]["scope"]["packs"] == ["attribution", "ru-foreign-agent", "timestamps"]
    finally:
        s.close()


def test_a_pack_the_previous_run_did_not_have_adds_nothing_new(where: str) -> None:
    full = rf.make_results()
    fewer = copy.deepcopy(full)
    fewer["run"]["packs"] = [p for p in fewer["run"]["packs"] if p["id"] != "attribution"]
    for d in fewer["documents"]:
        d["findings"] = [f for f in d["findings"] if not f["rule_id"].startswith("attribution")]
    fewer["summary"] = rf.summary_of(fewer["documents"])
    store.record(fewer, where)
    h = store.record(full, where)
    assert h["new"] == []
    # not compared: the new pack's findings, and findings on documents that could not be read
    assert h["not_compared"] == sum(
        1 for d in full["documents"] for f in d["findings"]
        if (f["rule_id"].startswith("attribution") or d["status"] not in ("pass", "fail"))
        and not f.get("suppressed") and not f.get("baselined"))
    assert any(f["rule_id"].startswith("attribution") for d in full["documents"] for f in d["findings"]
               if d["status"] == "fail" and not f.get("suppressed") and not f.get("baselined"))


def test_waived_and_baselined_are_their_own_states_never_fixed(where: str) -> None:
    first = rf.make_results()
    store.record(first, where)
    second = copy.deepcopy(first)
    target = next(d for d in second["documents"] if d["path"] == "news/2024/memo-report.html")
    active = [f for f in target["findings"] if not f.get("suppressed") and not f.get("baselined")]
    assert len(active) >= 2
    active[0]["suppressed"] = True
    active[0]["suppression"] = {"by": "waiver", "reason": "agreed with counsel", "approved_by": "legal"}
    active[1]["baselined"] = True
    second["summary"] = rf.summary_of(second["documents"])
    h = store.record(second, where)
    assert h["fixed"] == []
    assert [r["rule_id"] for r in h["waived"]] == [active[0]["rule_id"]]
    assert [r["rule_id"] for r in h["baselined"]] == [active[1]["rule_id"]]
    s = open_store(where)
    try:
        states = {(f["path"], f["rule_id"]): f["state"] for f in s.run_findings(h["run_id"])}
    finally:
        s.close()
    assert states[("news/2024/memo-report.html", active[0]["rule_id"])] == "waived"
    assert states[("news/2024/memo-report.html", active[1]["rule_id"])] == "baselined"
    assert "news/2023/archive.txt" in {p for p, _ in states}  # suppressed findings are kept, as such


def test_fingerprint_ignores_case_spacing_and_nfkc() -> None:
    f1 = {"rule_id": "r", "evidence": "Данное  сообщение\u00a0(МАТЕРИАЛ)"}
    f2 = {"rule_id": "r", "evidence": "данное сообщение (материал)"}
    assert store.fingerprint(f1, "a.txt") == store.fingerprint(f2, "a.txt")
    assert store.fingerprint(f1, "a.txt") != store.fingerprint(f1, "b.txt")
    assert store.fingerprint({"rule_id": "s", "evidence": "x"}, "a.txt") != store.fingerprint(
        {"rule_id": "r", "evidence": "x"}, "a.txt")
    assert store.fingerprint({**f1, "fingerprint": "given"}, "a.txt") == "given"


def test_trend_keeps_last_twenty(where: str) -> None:
    small = rf.make_results(rf._documents()[:2])
    s = open_store(where)
    try:
        for _ in range(store.TREND_RUNS + 3):
            s.record(small)
        h = s.history()
    finally:
        s.close()
    assert len(h["runs"]) == store.TREND_RUNS
    assert _count_runs(where) == store.TREND_RUNS + 3


def test_load_missing_file(tmp_path: Path) -> None:
    assert store.load(tmp_path / "none.sqlite") == {"runs": [], "new": [], "fixed": [], "previous": None}
    assert not (tmp_path / "none.sqlite").exists()


def _writer(where: str, n: int, tag: str) -> None:
    results = rf.make_results(rf._documents()[:3])
    results["documents"][0]["findings"].append(rf.finding("ru-fa.notice-size", "warning", f"writer {tag}", evidence=tag))
    results["summary"] = rf.summary_of(results["documents"])
    for _ in range(n):
        store.record(results, where)


def test_concurrent_writers_never_lose_a_run(where: str) -> None:
    store.record(rf.make_results(rf._documents()[:1]), where)  # the schema exists before the race
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(where, 8, f"w{i}")) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    s = open_store(where)
    try:
        ids = s.run_ids(None)
        assert len(ids) == 1 + 3 * 8
        for rid in ids[1:]:
            assert len(s.run_findings(rid)) == len(s.run_findings(ids[1]))  # each run is whole
    finally:
        s.close()


def test_fresh_databases_migrate_concurrently(where: str) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(where, 2, f"m{i}")) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert _count_runs(where) == 6


def test_decisions_and_sign_off(where: str) -> None:
    h = store.record(rf.make_results(), where)
    s = open_store(where)
    try:
        run_id = h["run_id"]
        blocking = s.blocking(run_id)
        assert blocking and all(f["severity"] == "error" for f in blocking)
        with pytest.raises(StoreError, match="cannot be signed off"):
            s.sign_off(run_id, "anna")
        with pytest.raises(StoreError, match="needs a reason"):
            s.decide(run_id, [blocking[0]["fingerprint"]], "waive", "anna", reason=" ", expires="2999-01-01")
        with pytest.raises(StoreError, match="expiry"):
            s.decide(run_id, [blocking[0]["fingerprint"]], "waive", "anna", reason="ok",
                     expires=(date.today() - timedelta(days=1)).isoformat())
        s.decide(run_id, [blocking[0]["fingerprint"]], "waive", "anna", reason="court ruling pending",
                 expires="2999-01-01")
        s.decide(run_id, [f["fingerprint"] for f in blocking[1:]], "false-positive", "anna", reason="quoted law text")
        status = {f["fingerprint"]: f["status"] for f in s.run_findings(run_id)}
        assert status[blocking[0]["fingerprint"]] == "waived"
        assert {status[f["fingerprint"]] for f in blocking[1:]} <= {"false-positive"}
        s.decide(run_id, [blocking[0]["fingerprint"]], "reopen", "boris")
        assert s.blocking(run_id)[0]["fingerprint"] == blocking[0]["fingerprint"]
        s.decide(run_id, [blocking[0]["fingerprint"]], "fix-needed", "boris")
        s.sign_off(run_id, "anna", note="ready to publish")
        assert [(x["who"], x["note"]) for x in s.signoffs(run_id)] == [("anna", "ready to publish")]
        assert s.runs()[-1]["signed_off"]["who"] == "anna"
        who = [d["who"] for d in s.decisions(blocking[0]["fingerprint"])]
        assert who == ["boris", "boris", "anna"]
    finally:
        s.close()


def test_users_are_unique(where: str) -> None:
    s = open_store(where)
    try:
        s.add_user("anna", "reviewer", "$argon2id$x", None)
        with pytest.raises(StoreError, match="already exists"):
            s.add_user("anna", "manager", None, "$argon2id$y")
        assert s.user("anna")["role"] == "reviewer" and s.count_users() == 1
    finally:
        s.close()


def test_results_kept_for_export(where: str) -> None:
    results = rf.make_results()
    h = store.record(results, where)
    s = open_store(where)
    try:
        assert s.results_json(h["run_id"]) == results
    finally:
        s.close()


def test_newer_schema_is_refused_with_a_clear_message(where: str) -> None:
    store.record(rf.make_results(), where)
    s = open_store(where)
    try:
        with s.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("UPDATE auditor_schema_version SET version_num = '0099'"))
    finally:
        s.close()
    with pytest.raises(StoreError, match=r"schema revision 0099 is newer than this auditor understands \(it knows up to 0002\)"):
        open_store(where)


def test_not_a_history(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"these are notes, not a database" * 50)
    with pytest.raises(StoreError, match="notes.sqlite: cannot open the history"):
        open_store(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE runs (x)")
    with pytest.raises(StoreError, match="not an auditor history"):
        open_store(other)


def test_unsupported_url() -> None:
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        open_store("mysql://db/x")


def test_history_of_the_current_release_migrates_in_place_with_every_run(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """reports/history.sqlite as auditor 0.1.0 writes it (its own history.py, frozen in the tests),
    opened by the store: upgraded in place, every run, document and finding kept, new/fixed still right."""
    import legacy_history_v0_1_0 as legacy

    db = tmp_path / "reports" / "history.sqlite"
    first = rf.make_results()
    second = _drop_finding(first, "news/2024/memo-report.html", "ru-fa.notice-present")
    runs = [first, second, second]
    for i, results in enumerate(runs):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1714521600 + 86400 * i))
        old = legacy.record(results, db)
    with sqlite3.connect(db) as conn:
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("runs", "findings", "documents")}
        assert "auditor_schema_version" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert len(before["runs"]) == 3

    h = store.load(db)  # opening migrates
    s = open_store(db)
    try:
        assert s.revision() == "0002"
    finally:
        s.close()
    with sqlite3.connect(db) as conn:
        for table, rows in before.items():
            width = len(rows[0])
            after = [r[:width] for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()]
            assert after == rows, table
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    assert [r["when"] for r in h["runs"]] == [r["when"] for r in old["runs"]]
    assert [r["findings"] for r in h["runs"]] == [r["findings"] for r in old["runs"]]
    assert h["new"] == old["new"] == [] and h["fixed"] == old["fixed"] == []
    s = open_store(db)
    try:
        assert [(r["new"], r["fixed"]) for r in s.runs()] == [(None, None), (0, 1), (0, 0)]
    finally:
        s.close()
    # and the migrated file takes new runs
    h = store.record(first, db)
    assert len(h["runs"]) == 4 and [r["rule_id"] for r in h["new"]] == ["ru-fa.notice-present"]


def test_check_twice_then_the_desk_on_either_database(where: str, tmp_path: Path) -> None:
    """`auditor check --history WHERE` twice with a fix by hand in between, then the review desk
    over the same history: both runs with their new/fixed counts, the article's span marked."""
    import re
    import warnings

    import web_support as ws

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from auditor.web.app import Settings, create_app

    root = ws.make_project(tmp_path / "newsroom", history=where)
    ws.check(root)
    ws.insert_notice(root, ws.REMOVED)
    _code, second, console = ws.check(root)
    assert "0 new, 1 fixed" in console
    assert not (root / "reports" / "history.sqlite").exists() or where.endswith("history.sqlite")
    c = TestClient(create_app(Settings(history=where, allowed_hosts=("testserver",))))
    rows = re.findall(r'<tr data-run="(\d+)">(.*?)</tr>', c.get("/").text, re.S)
    assert [r[0] for r in rows] == ["2", "1"]
    assert '<td class="new">0</td><td class="fixed">1</td>' in rows[0][1]
    f = ws.finding_of(second, ws.MISPLACED)
    doc = next(d for d in second["documents"] if d["path"].endswith("01-seed-notice-after-article.txt"))
    page = c.get("/runs/2/article", params={"path": doc["path"]}).text
    assert f'<mark class="sev-error" id="f-{f["fingerprint"][:12]}"' in page


def test_one_folder_then_everything_through_the_cli(tmp_path: Path) -> None:
    """Issue 17: `check` on one folder, then on the whole repository: nothing of the rest is 'new',
    and a clean content repository stays clean (the history and the cache ignore themselves)."""
    import contextlib
    import io
    import shutil
    import subprocess

    import web_support as ws

    from auditor.cli import main

    root = ws.make_project(tmp_path / "newsroom")
    (root / "content" / "desk").mkdir()
    shutil.move(root / ws.MISPLACED, root / "content" / "desk")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    outs = []
    for paths in (["content/desk"], ["content"]):
        buf = io.StringIO()
        with ws.chdir(root), contextlib.redirect_stdout(buf):
            assert main(["check", *paths, "--jobs", "1", "--color", "never"]) == 1
        outs.append(buf.getvalue())
    assert "since the last run" in outs[1]
    line = next(x for x in outs[1].splitlines() if x.startswith("since the last run"))
    assert line.endswith("0 new, 0 fixed; 1 not compared (outside the last run's scope)"), line
    s = open_store(root / "reports" / "history.sqlite")
    try:  # the second run took the desk article from the cache: its text still reached the history
        doc = s.document(2, "content/desk/01-seed-notice-after-article.txt")
        assert doc is not None and doc["text"] is not None
        assert doc["findings"][0]["evidence"] in doc["text"]
    finally:
        s.close()
    if shutil.which("git"):
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        assert [x for x in status.splitlines() if x.startswith("??")] == [], status
        assert (root / "reports" / "history.sqlite").is_file() and (root / ".auditor_cache").is_dir()
