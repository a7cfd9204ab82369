"""Where a cold audit spends its time: cProfile of one ``auditor check --no-cache --jobs 1`` run.

    .venv/bin/python bench/profile_cold.py bench/out/seed-1000            # any folder of articles
    .venv/bin/python bench/run.py --rounds 0 --profile 1000               # the seed corpus of that size

One untimed run first fills the compiled-pack cache (as on any machine that ran auditor before),
then the profiled run; printed: the top functions by own time and the cumulative time of the
stages of one document (reading, line roles, field extraction, rules, notice and mention
analysis, normalisation) with their share of ``engine.check_source``. The profiler itself
multiplies the time of many small calls, so compare shares and call counts, not seconds.
"""

from __future__ import annotations

import io
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

RULES = "caucasian-knot"
# (file suffix, function, label): the stages of one document, cumulative time
STAGES = (
    ("auditor/engine.py", "check_source", "one document: read, rules, result"),
    ("auditor/readers/__init__.py", "read_bytes", "reading"),
    ("auditor/readers/roles.py", "assign", "  line roles"),
    ("auditor/readers/lines.py", "stamp_line", "    date lines"),
    ("auditor/readers/fields.py", "extract_fields", "  field extraction"),
    ("auditor/packs/runtime.py", "evaluate", "rules"),
    ("auditor/analysis/notice.py", "analyse", "  notice analysis"),
    ("auditor/analysis/mentions.py", "run", "  mention analysis"),
    ("auditor/text.py", "normalize", "text.normalize (reading and rules)"),
)


def profile(corpus: Path, top: int = 15) -> list[str]:
    """The report lines for one profiled cold run over ``corpus``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="auditor-profile-") as work:
        out, prof = Path(work) / "out.json", Path(work) / "run.prof"
        cmd = ["-m", "auditor.cli", "check", str(corpus), "--rules", RULES, "--no-cache", "--no-history",
               "-f", "json", "-o", str(out), "--jobs", "1"]
        subprocess.run([sys.executable, *cmd], cwd=work, env=env, capture_output=True, check=False)
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), *cmd], cwd=work, env=env,
                       capture_output=True, check=False)
        return report(pstats.Stats(str(prof)), top)


def report(stats: pstats.Stats, top: int) -> list[str]:
    cum: dict[str, float] = {}
    for (path, _line, func), row in stats.stats.items():  # type: ignore[attr-defined]
        for suffix, name, label in STAGES:
            if func == name and path.replace(os.sep, "/").endswith(suffix):
                cum[label] = cum.get(label, 0.0) + row[3]
    whole = cum.get(STAGES[0][2]) or float("nan")
    lines = [f"profiled: {stats.total_calls:,} calls, {stats.total_tt:.2f} s"]  # type: ignore[attr-defined]
    lines += [f"  {label:<40} {cum.get(label, 0.0):7.2f} s  {100 * cum.get(label, 0.0) / whole:5.1f}%"
              for _s, _n, label in STAGES]
    buf = io.StringIO()
    stats.stream = buf  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    body = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(body) if line.strip().startswith("ncalls")), 0)
    root = str(Path(__file__).resolve().parent.parent) + os.sep
    lines += [line.replace(root, "") for line in body[start : start + top + 1]]
    return lines


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    for line in profile(Path(sys.argv[1]).resolve()):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
