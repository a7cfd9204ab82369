"""Same JSON bytes whatever the jobs, the chunking of the process pool, the cache or the engine.

The corpus mixes Russian and English plain text, Markdown and HTML articles, compliant and broken
notices, project files that are skipped, an empty file (an error result) and an unknown format, so
that results of every kind are interleaved with the ones the pool computes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from perf_fixtures import make_corpus as _corpus

from auditor import pool
from auditor.cli import main


def _run(tmp: Path, tag: str, *argv: str) -> bytes:
    out = tmp / f"{tag}.json"
    rc = main(["check", "corpus", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
               "-f", "json", "-o", str(out), *argv])
    assert rc in (0, 1)
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', out.read_bytes())


def test_same_json_bytes_whatever_jobs_chunking_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    one = _run(tmp_path, "one", "--jobs", "1", "--no-cache")
    data = json.loads(one)
    statuses = {d["status"] for d in data["documents"]}
    assert {"pass", "fail", "error", "skipped"} <= statuses  # every kind of result is in the mix
    assert data["summary"]["documents"] == 33
    paths = [d["path"] for d in data["documents"]]
    assert paths == sorted(paths)  # input order
    for chunk, window in ((1, 1), (3, 2), (64, 8)):
        monkeypatch.setattr(pool, "CHUNK", chunk)
        monkeypatch.setattr(pool, "WINDOW", window)
        assert _run(tmp_path, f"two-{chunk}", "--jobs", "2", "--no-cache") == one, (chunk, window)
    assert _run(tmp_path, "fill", "--jobs", "2") == one  # fills the cache
    assert (tmp_path / ".auditor_cache").is_dir()
    assert _run(tmp_path, "cached", "--jobs", "1") == one
    assert _run(tmp_path, "cached-2", "--jobs", "2") == one


def test_a_local_one_file_check_imports_neither_dask_nor_the_process_pool(tmp_path: Path) -> None:
    import subprocess
    import sys

    _corpus(tmp_path / "corpus", n=1)
    probe = "\n".join([
        "import sys, io, contextlib",
        "from auditor.cli import main",
        "with contextlib.redirect_stdout(io.StringIO()):",
        "    main(['check', 'corpus/00/a000.txt', '--rules', 'caucasian-knot', '--as-of', '2026-11-28',",
        "          '--no-history', '--no-cache', '--jobs', '1'])",
        "print(sorted(m for m in ('dask', 'distributed', 'fsspec', 'concurrent.futures.process') if m in sys.modules))",
    ])
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_reports_from_a_spill_file_equal_reports_from_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON and SARIF written one document at a time from the spill file: the same bytes as from
    an in-memory list, and JSON that reads back to the same results."""
    import io

    from auditor.reporters import ReportOptions, get_reporter
    from auditor.spill import SpilledDocuments

    _corpus(tmp_path / "corpus", n=8)
    monkeypatch.chdir(tmp_path)
    data = json.loads(_run(tmp_path, "list", "--jobs", "1", "--no-cache"))
    spilled = SpilledDocuments(str(tmp_path))
    for d in data["documents"]:
        spilled.append(d)
    assert len(spilled) == len(data["documents"]) == 11
    assert list(spilled) == list(spilled) == data["documents"]  # read again on every pass
    for fmt in ("json", "sarif"):
        rep = get_reporter(fmt)
        buf = io.StringIO()
        rep.write({**data, "documents": spilled}, ReportOptions(), buf)
        assert buf.getvalue() == rep.render(data, ReportOptions())
        if fmt == "json":
            assert json.loads(buf.getvalue()) == data
        else:
            assert len(json.loads(buf.getvalue())["runs"][0]["results"]) == sum(len(d["findings"]) for d in data["documents"])
    spilled.close()
    assert not list(tmp_path.glob("auditor-results-*"))


def test_check_writes_the_same_reports_and_history_when_its_results_spill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`auditor check` past SPILL_AFTER documents keeps them in a spill file and streams JSON,
    SARIF and XLSX from it into the staged report files: the same bytes as a run that held them,
    the same history rows, and no spill file left behind."""
    import sqlite3
    import tempfile

    from auditor.cli import check

    _corpus(tmp_path / "corpus", n=12)
    monkeypatch.chdir(tmp_path)
    spills = tmp_path / "tmp"
    spills.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spills))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # the history's run times, in the workbook

    def run(tag: str) -> dict[str, bytes]:
        out = tmp_path / tag
        rc = main(["check", "corpus", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--jobs", "1",
                   "--no-cache", "--history", str(tmp_path / f"{tag}.sqlite"), "-f", "json", "-f", "sarif",
                   "-f", "xlsx", "--output-dir", str(out)])
        assert rc in (0, 1)
        got = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        got["json"] = re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', got.pop("audit.json"))
        db = sqlite3.connect(tmp_path / f"{tag}.sqlite")
        rows = db.execute("SELECT path, status, title, section, text_sha FROM documents ORDER BY path").fetchall()
        rows += db.execute("SELECT fingerprint, rule_id, state FROM findings ORDER BY fingerprint").fetchall()
        db.close()
        got["history"] = repr(rows).encode()
        return got

    held = run("held")
    monkeypatch.setattr(check, "SPILL_AFTER", 5)
    spilled = run("spilled")
    assert sorted(spilled) == ["audit.sarif", "audit.xlsx", "history", "json"]
    assert spilled == held
    assert json.loads(held["json"])["summary"]["documents"] == 15
    assert held["history"].count(b"'fail'") > 0 and re.search(rb"'[0-9a-f]{64}'", held["history"])  # texts kept
    assert not list(spills.glob("auditor-results-*"))  # the spill file is gone
