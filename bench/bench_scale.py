"""Peak RSS while filling the cache, then the cached re-run, at one corpus size.

1. ``auditor check CORPUS -f json -f sarif -f xlsx --output-dir DIR`` with the result cache on, in
   an empty working folder: the cold run that fills ``.auditor_cache/``; peak RSS of the whole
   process tree (client and pool workers) sampled every 50 ms, and RSS against articles done
   every 10 s (counted in the spill file).
2. ``auditor check CORPUS -f json -o FILE`` three times with the cache filled: the cached re-run of
   an unchanged corpus (wall and CPU seconds; median); its JSON must equal the first run's.

    python bench/bench_scale.py --n 100000 [--limit 1800] [--fill-formats json] [--keep]   # corpus: bench/out/seed-100000
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, RULES, TRACE, corpus_for, measure  # noqa: E402


def _cmd(corpus: Path, jobs: int, *out: str) -> list[str]:
    return [sys.executable, "-m", "auditor.cli", "check", str(corpus), "--rules", RULES, "--as-of", AS_OF,
            "--no-history", "--jobs", str(jobs), *out]


def _body(p: Path) -> bytes:
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', p.read_bytes())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=float, default=None, help="stop the filling run after this many seconds")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--ephemeral-from", type=int, default=500_000)
    ap.add_argument("--fill-formats", default="json,sarif,xlsx",
                    help="the filling run's reports (json is needed: the re-runs are compared with it)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the working folder (its cache and reports) for more re-runs; its path is printed")
    args = ap.parse_args()
    corpus, temp = corpus_for(args.n, args.ephemeral_from, args.seed)
    work = Path(tempfile.mkdtemp(prefix="auditor-bench-scale-"))
    try:
        def done() -> int:
            return sum(f.read_bytes().count(b"\n") for f in work.glob("auditor-results-*.jsonl"))

        formats = [a for f in args.fill_formats.split(",") for a in ("-f", f)]
        cmd = _cmd(corpus, args.jobs, *formats, "--output-dir", str(work / "reports"))
        wall, peak, code = measure(cmd, cwd=work, env={"TMPDIR": str(work)}, limit=args.limit, done=done)
        trace = ", ".join(f"{k:,}: {mb:.0f}" for _s, k, mb in TRACE[:: max(1, len(TRACE) // 12)])
        if code == -9:
            k = TRACE[-1][1] if TRACE else 0
            print(f"filling run, N={args.n:,}: stopped after {wall:.0f} s at {k:,} articles; peak RSS {peak:.0f} MB; "
                  f"RSS MB by articles done: {trace}")
            return
        sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size / 2**20:.0f} MB" for p in sorted((work / "reports").glob("*")))
        print(f"filling run, N={args.n:,}: {wall:.0f} s ({args.n / wall:,.0f} articles/s), peak RSS {peak:.0f} MB, "
              f"exit {code}; {sizes}; RSS MB by articles done: {trace}", flush=True)
        walls, cpus = [], []
        for i in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            w, p, _code = measure(_cmd(corpus, args.jobs, "-f", "json", "-o", str(work / f"cached-{i}.json")), cwd=work)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(w)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(f"  cached re-run {i + 1}: {w:.2f} s wall, {cpus[-1]:.2f} s CPU, peak RSS {p:.0f} MB", flush=True)
        same = all(_body(work / f"cached-{i}.json") == _body(work / "reports" / "audit.json") for i in range(args.runs))
        print(f"cached re-run, N={args.n:,}: median {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU ({args.n / statistics.median(walls):,.0f} articles/s); "
              f"JSON identical to the filling run: {same}; load average {os.getloadavg()[0]:.1f}")
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        if temp:
            shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
