"""``--engine dask`` on a real 2-worker LocalCluster (processes): the same JSON bytes as the local
engine, and a worker killed mid-run still gives a complete, identical result."""

from __future__ import annotations

import os
import re
import signal
import sys
from datetime import date
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (extra: dask)")

from perf_fixtures import make_corpus as _corpus  # noqa: E402

from auditor import engine, engine_dask  # noqa: E402
from auditor.cli import main  # noqa: E402
from auditor.engine import RunOptions, Source, audit, discover  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            Client(lc) as client:
        yield lc, client


def _json(tmp: Path, tag: str, *argv: str) -> bytes:
    out = tmp / f"{tag}.json"
    rc = main(["check", "corpus", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
               "--no-cache", "-f", "json", "-o", str(out), *argv])
    assert rc in (0, 1)
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', out.read_bytes())


def test_dask_engine_gives_the_same_json_as_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster) -> None:
    lc, _client = cluster
    _corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    local = _json(tmp_path, "local", "--jobs", "1")
    monkeypatch.setattr(engine_dask, "CHUNK", 3)
    dask = _json(tmp_path, "dask", "--engine", "dask", "--scheduler", lc.scheduler_address)
    assert dask == local
    assert b'"status": "error"' in local and b'"status": "fail"' in local and b'"status": "skipped"' in local


def test_fsspec_urls_are_read_by_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster) -> None:
    lc, _client = cluster
    _corpus(tmp_path / "corpus", n=5)
    monkeypatch.chdir(tmp_path)
    url = (tmp_path / "corpus").as_uri()
    items = list(discover([url]))
    assert [i.path for i in items] == sorted(i.path for i in items)
    assert all(i.path.startswith("file://") for i in items)
    assert sum(isinstance(i, Source) for i in items) == 7  # README.md is skipped
    opts = RunOptions(as_of=date(2026, 11, 28), rule_specs=["caucasian-knot"], engine="dask",
                      scheduler=lc.scheduler_address)
    via_url = list(audit(items, None, opts))
    local_opts = RunOptions(as_of=date(2026, 11, 28), rule_specs=["caucasian-knot"])
    from auditor.packs import load_ruleset

    local = list(audit(discover(["corpus"]), load_ruleset(["caucasian-knot"]), local_opts))
    assert len(via_url) == len(local) == 8
    import json

    for a, b in zip(via_url, local, strict=True):
        assert a.path == url + b.path.removeprefix("corpus")
        assert a.status == b.status
        shown = json.dumps([f.to_dict() for f in a.findings], ensure_ascii=False).replace(url, "corpus")
        assert shown == json.dumps([f.to_dict() for f in b.findings], ensure_ascii=False)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_worker_killed_mid_run_still_gives_a_complete_identical_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster
) -> None:
    lc, client = cluster
    _corpus(tmp_path / "corpus", n=40)
    monkeypatch.chdir(tmp_path)
    from auditor.packs import load_ruleset

    opts = RunOptions(as_of=date(2026, 11, 28), rule_specs=["caucasian-knot"])
    local = [r.to_dict() for r in audit(discover(["corpus"]), load_ruleset(["caucasian-knot"]), opts)]
    monkeypatch.setattr(engine_dask, "CHUNK", 2)
    dask_opts = RunOptions(as_of=date(2026, 11, 28), rule_specs=["caucasian-knot"], engine="dask",
                           scheduler=lc.scheduler_address)
    stream = audit(discover(["corpus"]), None, dask_opts)
    got = [next(stream).to_dict()]  # the run is under way: tasks are in flight on both workers
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    os.kill(pids[victim], signal.SIGKILL)
    got += [r.to_dict() for r in stream]
    assert got == local  # complete (nothing lost), in order, nothing counted twice
    assert len(got) == 43
    assert engine.READ_ERROR_RULE in {f["rule_id"] for d in got for f in d["findings"]}
