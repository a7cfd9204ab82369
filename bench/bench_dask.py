"""`--engine dask` on a 2-worker LocalCluster against the local engine, on a generated corpus.

Three runs of ``auditor check CORPUS --rules caucasian-knot --no-cache -f json`` (as subprocesses,
so each is a real command line): the local engine with ``--jobs 2``; ``--engine dask`` against a
LocalCluster of two worker processes (one thread each); and the same Dask run with one worker
killed (SIGKILL) part-way through, after ``--kill-at`` of the local run's wall time. Prints the
wall times, the per-worker throughput and whether the three JSON results are identical (the
``started`` timestamp aside).

    python bench/bench_dask.py --n 10000            # corpus: bench/out/seed-10000 (generated once)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, BASE_ENV, RULES, corpus_for  # noqa: E402


def _check(corpus: Path, out: Path, *extra: str) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "auditor.cli", "check", str(corpus), "--rules", RULES, "--as-of", AS_OF,
           "--no-history", "--no-cache", "-f", "json", "-o", str(out), *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=out.parent, env=BASE_ENV, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return time.perf_counter() - t0, proc.returncode


def _body(p: Path) -> bytes:
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', p.read_bytes())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kill-at", type=float, default=0.4, help="kill a worker after this share of the local wall time")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    corpus, _temp = corpus_for(args.n, 10**9, args.seed)
    work = Path(tempfile.mkdtemp(prefix="auditor-bench-dask-"))
    try:
        local_s, _ = _check(corpus, work / "local.json", "--jobs", str(args.workers))
        print(f"local --jobs {args.workers}: {local_s:.1f} s ({args.n / local_s:,.0f} articles/s)", flush=True)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
                Client(lc) as client:
            address = lc.scheduler_address
            dask_s, _ = _check(corpus, work / "dask.json", "--engine", "dask", "--scheduler", address)
            per_worker = args.n / dask_s / args.workers
            print(f"dask {args.workers} workers: {dask_s:.1f} s ({args.n / dask_s:,.0f} articles/s, "
                  f"{per_worker:,.0f} per worker)", flush=True)
            killed: list[str] = []

            def kill() -> None:
                time.sleep(local_s * args.kill_at)
                pids = client.run(os.getpid)
                victim = sorted(pids)[0]
                os.kill(pids[victim], signal.SIGKILL)
                killed.append(f"killed worker {victim} (pid {pids[victim]}) after {local_s * args.kill_at:.0f} s")

            t = threading.Thread(target=kill, daemon=True)
            t.start()
            kill_s, _ = _check(corpus, work / "dask-killed.json", "--engine", "dask", "--scheduler", address)
            t.join(timeout=5)
            print(f"dask, one worker killed: {kill_s:.1f} s; {'; '.join(killed) or 'the run ended before the kill'}",
                  flush=True)
        local, dask, after_kill = (_body(work / f) for f in ("local.json", "dask.json", "dask-killed.json"))
        import json

        docs = len(json.loads(local)["documents"])
        print(f"documents: {docs:,}; dask JSON == local JSON: {dask == local}; "
              f"after the kill == local: {after_kill == local}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
