"""The history written through sqlite3 (auditor/store/lite.py) equals the one db.Store writes:
the same rows in every table, the same history dict back, and no SQLAlchemy imported."""

from __future__ import annotations

import copy
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import reports_fixtures as rf

from auditor import store
from auditor.store import lite


def _runs() -> list[tuple[dict[str, Any], dict[str, str]]]:
    first = rf.make_results()
    second = copy.deepcopy(first)
    second["documents"][0]["findings"] = []
    second["documents"][2]["findings"].append(
        rf.finding("ru-fa.notice-size", "warning", "Notice is smaller than twice the body text.", evidence="x"))
    second["summary"] = rf.summary_of(second["documents"])
    texts = {d["path"]: f"Текст статьи {d['path']}" for d in first["documents"][:3]}
    return [(first, texts), (second, texts), (first, {})]


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(db.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}


def test_lite_writes_the_rows_and_gives_the_history_db_store_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")
    got: dict[str, list[dict[str, Any]]] = {"lite": [], "store": []}
    used: list[str] = []
    real = lite.record_run

    def spy(*args: Any, **kw: Any) -> Any:
        out = real(*args, **kw)
        used.append("lite" if out is not None else "store")
        return out

    monkeypatch.setattr(lite, "record_run", spy)
    for how in ("lite", "store"):
        where = tmp_path / how / "history.sqlite"
        for results, texts in _runs():
            if how == "store":
                monkeypatch.setattr(lite, "record_run", lambda *a, **k: None)
            got[how].append(store.record_run(results, where, texts=texts, scope={"paths": ["."]}, root="/srv/news")[0])
    assert used == ["store", "lite", "lite"]  # the first run creates the file (migrations): db.Store
    assert got["lite"] == got["store"]
    assert got["lite"][1]["new"] and got["lite"][1]["fixed"]  # the second run was compared with the first
    assert _tables(tmp_path / "lite" / "history.sqlite") == _tables(tmp_path / "store" / "history.sqlite")
    assert store.load(tmp_path / "lite" / "history.sqlite") == got["lite"][-1]


def test_only_a_sqlite_file_at_this_schema_is_written_without_sqlalchemy(tmp_path: Path) -> None:
    where = tmp_path / "history.sqlite"
    assert lite.record_run(rf.make_results(), where) is None and not where.exists()  # a new file: db.Store
    store.record(rf.make_results(), where)
    probe = ("import sys, reports_fixtures as rf\n"
             "from auditor import store\n"
             f"h = store.record(rf.make_results(), {str(where)!r})\n"
             "print(len(h['runs']), 'sqlalchemy' in sys.modules)\n")
    tests = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tests, check=True)
    assert out.stdout.split() == ["2", "False"]
    with sqlite3.connect(where) as db:
        db.execute("UPDATE auditor_schema_version SET version_num = '0099'")
    assert lite.record_run(rf.make_results(), where) is None  # another schema: db.Store says what is wrong
    with pytest.raises(store.StoreError, match="newer than this auditor"):
        store.record(rf.make_results(), where)
