"""What grows per article in a pool worker: tracemalloc over the per-article work, in one process.

    .venv/bin/python bench/mem_growth.py bench/out/seed-10000 --at 1000,4000,10000

It does a pool worker's work (``engine.check_source`` on each file with the run's compiled packs,
caucasian-knot) and, at each count in ``--at``, prints the traced memory, the RSS, the bytes
traced per article since the previous count, and the 15 source lines whose allocations grew most
since then. Bounded memos show as growth that stops once they are full; a line that keeps
growing between late counts is what to bound. (The client's side is measured by
``bench/run.py --rss``, which prints each process's RSS.)
"""

from __future__ import annotations

import argparse
import linecache
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

RULES = "caucasian-knot"
AS_OF = date(2026, 11, 28)


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss / 2**20)


def _top(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, n: int = 15) -> list[str]:
    out = []
    for stat in after.compare_to(before, "lineno")[:n]:
        frame = stat.traceback[0]
        line = linecache.getline(frame.filename, frame.lineno).strip()
        short = "/".join(Path(frame.filename).parts[-2:])
        out.append(f"    {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+8d} blocks  {short}:{frame.lineno}  {line[:70]}")
    return out


def worker(corpus: Path, at: list[int]) -> None:
    from auditor.engine import RunOptions, check_source, discover
    from auditor.packcache import load

    ruleset = load([RULES])
    opts = RunOptions(as_of=AS_OF, rule_specs=[RULES])
    sources = (s for s in discover([str(corpus)]) if not hasattr(s, "status"))
    tracemalloc.start(1)
    snap = tracemalloc.take_snapshot()
    t0, last = time.perf_counter(), 0
    for done, src in enumerate(sources, 1):
        check_source(src, ruleset, opts)
        if done in at:
            now = tracemalloc.take_snapshot()
            traced = tracemalloc.get_traced_memory()[0] / 2**20
            per = (traced * 2**20 - _traced_at(snap)) / max(1, done - last) if last else 0.0
            print(f"{done:,} articles ({time.perf_counter() - t0:.0f} s): traced {traced:.1f} MB, RSS {_rss_mb():.0f} MB"
                  + (f", {per:,.0f} B an article since {last:,}" if last else ""), flush=True)
            for row in _top(snap, now):
                print(row)
            snap, last = now, done
        if done >= max(at):
            break


def _traced_at(snap: tracemalloc.Snapshot) -> float:
    return float(sum(s.size for s in snap.statistics("filename")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--at", default="1000,4000,10000", help="article counts to take a snapshot at")
    args = ap.parse_args()
    worker(args.corpus, sorted(int(x) for x in args.at.split(",") if x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
