"""Defects 6-7 of issue 16: reports written atomically and as one set, a full disk gives a clear
error and keeps the old reports, SIGINT/SIGTERM leave nothing half-written (exit 130/143), and the
history keeps no run whose reports were not written."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import ARTICLE

from auditor import atomic
from auditor.cli import main


def _content(tmp_path: Path, n: int = 3) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03}.txt").write_text(ARTICLE.replace("погоде", f"погоде {i}"), encoding="utf-8")
    return folder


def _old_reports(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    old = {"audit.json": b'{"old": true}\n', "audit.html": b"<p>old</p>\n"}
    for name, body in old.items():
        (out / name).write_bytes(body)
    return old


def _runs(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]


def _full_disk(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """fsync fails with ENOSPC from the (after+1)-th file on, as a full disk does."""
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.json"
    atomic.write_atomic(target, "первый\n")
    atomic.write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "audit.json"
    target.write_text('{"previous": "good"}', encoding="utf-8")
    _full_disk(monkeypatch)
    with pytest.raises(atomic.WriteError, match="audit.json: cannot write: disk full"):
        atomic.write_atomic(target, "{" + '"x": 1, ' * 10_000)
    assert target.read_text(encoding="utf-8") == '{"previous": "good"}'
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]  # no temporary left


def test_full_disk_during_a_run_replaces_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    folder = _content(tmp_path)
    out = tmp_path / "reports"
    old = _old_reports(out)
    db = tmp_path / "history.sqlite"
    _full_disk(monkeypatch, after=1)  # the first report is written, the second finds the disk full
    code = main(["check", str(folder), "-f", "json", "-f", "html", "--output-dir", str(out),
                 "--history", str(db), "--no-cache"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write: disk full" in err and "no report was replaced" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # both old reports, nothing else
    assert _runs(db) == 0  # the run is not history: its reports were not written


@pytest.mark.parametrize(("how", "code"), [("int", 130), ("term", 143)])
def test_interrupt_while_rendering_leaves_the_old_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str], how: str,
                                                          code: int) -> None:  # fmt: skip
    from auditor.reporters import html as html_reporter

    folder = _content(tmp_path)
    out = tmp_path / "reports"
    old = _old_reports(out)
    db = tmp_path / "history.sqlite"

    def interrupted(*_a: object, **_k: object) -> str:  # Ctrl-C / kill while the second report renders
        os.kill(os.getpid(), signal.SIGINT if how == "int" else signal.SIGTERM)
        return "<p>never</p>"

    monkeypatch.setattr(html_reporter, "render", interrupted)
    before = signal.getsignal(signal.SIGTERM)
    rc = main(["check", str(folder), "-f", "json", "-f", "html", "--output-dir", str(out),
               "--history", str(db), "--no-cache"])  # fmt: skip
    assert rc == code
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # not the new JSON beside the old HTML
    assert _runs(db) == 0
    assert "interrupted" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) == before  # handlers put back


def _start(folder: Path, out: Path, db: Path, cache: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "auditor.cli", "check", str(folder), "-f", "console", "-f", "json", "-f", "xlsx",
         "--output-dir", str(out), "--history", str(db), *([] if cache else ["--no-cache"]), "-j", "1",
         "--color", "never", "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder.parent,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_real_signal_mid_run(tmp_path: Path, sig: int, code: int) -> None:
    pytest.importorskip("openpyxl")
    folder = _content(tmp_path, n=150)
    out = tmp_path / "reports"
    old = _old_reports(out)
    db = tmp_path / "history.sqlite"
    proc = _start(folder, out, db)
    assert proc.stdout is not None
    proc.stdout.readline()  # the first document is done: the run is under way
    proc.send_signal(sig)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old
    assert _runs(db) == 0


@pytest.mark.slow
def test_signal_mid_run_leaves_the_cache_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM while the cache is being filled: no half entry (the SQLite transaction is rolled
    back), and the next run, served partly from that cache, gives what a run without it gives."""
    pytest.importorskip("openpyxl")
    folder = _content(tmp_path, n=150)
    proc = _start(folder, tmp_path / "reports", tmp_path / "history.sqlite", cache=True)
    assert proc.stdout is not None
    for _ in range(20):  # twenty documents done (and cached): the run is well under way
        proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 143, stderr
    cache_db = tmp_path / ".auditor_cache" / "results.sqlite"
    assert cache_db.exists()
    with sqlite3.connect(cache_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    monkeypatch.chdir(tmp_path)
    cached, fresh = tmp_path / "cached.json", tmp_path / "fresh.json"
    main(["check", "content", "--no-history", "-f", "json", "-o", str(cached)])
    main(["check", "content", "--no-history", "--no-cache", "-f", "json", "-o", str(fresh)])
    def docs(p: Path) -> list[dict[str, object]]:
        return json.loads(p.read_text(encoding="utf-8"))["documents"]

    assert len(docs(cached)) == 150 and docs(cached) == docs(fresh)


def test_a_report_failing_without_a_message_names_the_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """openpyxl's write-only sheet raises a bare ``ValueError`` for a value it cannot store: the
    error names the type and the line that raised it, not an empty ": " (the 100k run's message)."""
    pytest.importorskip("openpyxl")
    from auditor.reporters import xlsx as xlsx_reporter
    from auditor.reporters.xlsx_book import Book, Table

    def bad_errors_sheet(book: Book, _results: object) -> None:
        Table(book, "Errors", [("Document", 40)]).append([{"not": "a cell value"}])

    monkeypatch.setattr(xlsx_reporter, "_errors_sheet", bad_errors_sheet)
    out = tmp_path / "reports"
    code = main(["check", str(_content(tmp_path)), "-f", "json", "-f", "xlsx", "--output-dir", str(out),
                 "--no-history", "--no-cache"])  # fmt: skip
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "could not write the xlsx report" in ln)
    assert code == 2
    assert re.search(r"audit\.xlsx: ValueError \(raised at \w+/\w+\.py:\d+\)$", line), line
    assert sorted(p.name for p in out.iterdir()) == ["audit.json"]  # the other report is still written
