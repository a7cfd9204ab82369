"""Time `auditor check ONE_FILE` end to end (process start included), and the import cost.

Usage: python bench/bench_startup.py [FILE] [--runs N]
Prints the median and the best wall time over N runs, and which heavy modules got imported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("pdfplumber", "openpyxl", "weasyprint", "pymorphy3", "docx", "reportlab", "rich")


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(root / "examples" / "02-compliant.txt"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--rules", default="caucasian-knot")
    args = ap.parse_args()
    cmd = [sys.executable, "-m", "auditor.cli", "check", args.file, "--rules", args.rules,
           "--as-of", "2026-11-28", "--no-history", "--color", "never"]
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    argv = ["check", args.file, "--rules", args.rules, "--as-of", "2026-11-28", "--no-history"]
    probe = "\n".join([
        "import sys, io, contextlib",
        "import auditor.cli as c",
        "with contextlib.redirect_stdout(io.StringIO()):",
        f"    c.main({argv!r})",
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))",
    ])
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    heavy = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    print(f"auditor check {Path(args.file).name} --rules {args.rules}: "
          f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms over {args.runs} runs")
    print(f"heavy modules imported: {heavy or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
