"""Time a first run and a cached re-run of `auditor check` over the generated corpus.

    python bench/gen_corpus.py            # once: 10,000 articles in bench/out/corpus
    python bench/bench_cache.py           # first run (empty cache), cached re-run, one file edited

Runs the installed command line in bench/out (so the cache lands in bench/out/.auditor_cache),
checks that the cached run wrote the same JSON bytes as the first, and prints wall-clock times.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(workdir: Path, corpus: Path, out: Path, jobs: str, extra: list[str]) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "auditor.cli", "check", str(corpus), "--rules", "caucasian-knot",
           "--as-of", "2026-11-28", "--no-history", "--jobs", jobs, "-f", "json", "-o", str(out), *extra]
    env = {**os.environ, "CI": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"auditor failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return elapsed, proc.returncode


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "out" / "corpus")
    ap.add_argument("--jobs", default=str(os.cpu_count() or 1))
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        sys.exit(f"{corpus}: no corpus; run bench/gen_corpus.py first")
    files = sum(1 for p in corpus.rglob("*") if p.is_file())
    work = HERE / "out"
    work.mkdir(exist_ok=True)
    shutil.rmtree(work / ".auditor_cache", ignore_errors=True)

    first, _ = _run(work, corpus, work / "first.json", args.jobs, [])
    cached, _ = _run(work, corpus, work / "cached.json", args.jobs, [])
    same = _digest(work / "first.json") == _digest(work / "cached.json")
    victim = next(p for p in sorted(corpus.rglob("*.txt")))
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + b"\nEdited paragraph.\n")
        edited, _ = _run(work, corpus, work / "edited.json", args.jobs, [])
    finally:
        victim.write_bytes(original)
    nocache, _ = _run(work, corpus, work / "nocache.json", args.jobs, ["--no-cache"])
    print(f"corpus: {files} files, --jobs {args.jobs}")
    print(f"first run (empty cache):   {first:7.2f} s")
    print(f"cached re-run (unchanged): {cached:7.2f} s   same JSON bytes as the first run: {same}")
    print(f"one file edited:           {edited:7.2f} s")
    print(f"--no-cache:                {nocache:7.2f} s")
    if not same:
        sys.exit("the cached run's JSON differs from the first run's")


if __name__ == "__main__":
    main()
