"""One benchmark run: auditor against a plain scan, side by side, alternating, on one machine.

    .venv/bin/python bench/run.py                               # 1k and 10k, 3 rounds
    .venv/bin/python bench/run.py --sizes 10000,100000 --rounds 2
    .venv/bin/python bench/run.py --rss 10000,100000,1000000 --rounds 0   # peak RSS only
    .venv/bin/python bench/run.py --startup                     # import time and one-file wall time
    .venv/bin/python bench/run.py --rounds 0 --profile 1000     # where a cold run spends its time

For each corpus size N (seed-like caucasian-knot pages from ``bench/gen_corpus.py --profile seed``,
written to ``bench/out/seed-N`` and kept; sizes from ``--ephemeral-from`` on are written to a
temporary folder as they are generated and deleted afterwards), every round runs each tool once,
in a rotating order so that load from other users of the machine falls on all of them alike:

- ``auditor-cold``: ``auditor check DIR --rules caucasian-knot --no-cache -f json``
- ``auditor-cached``: the same with the cache, after one untimed run that filled it
- ``auditor-2checks``: cold, with only the two phrase checks of ``bench/packs/two-checks.yaml``
  (what proselint and textlint run here; every document is still read, roles and fields included,
  since the report shows each document's fields)
- ``rg``: ripgrep over the same files for the notice's two literal phrases (``-F``, counts)
- ``py-in``: a plain Python loop reading every file and testing ``phrase in text``
- ``proselint``: proselint's Python API with two existence checks for the same phrases
- ``textlint``: textlint with a two-phrase custom rule (``--setup-textlint`` installs it with npm
  into bench/out/textlint; skipped when absent)

Reported: median wall time, articles/s, ratio to ripgrep, peak RSS of the whole process tree
(sampled every 50 ms with psutil, and the kernel's maximum for the main process). ``--rss``
runs auditor once per size with JSON, SARIF and XLSX out and reports peak RSS. Speed is measured
here and only here; no test asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_corpus import iter_corpus  # noqa: E402

# as users run it: byte-compiled modules are written and reused (a shell that sets
# PYTHONDONTWRITEBYTECODE would make every auditor run compile its ~250 modules again)
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

PHRASES = ("ИНОСТРАННЫМ АГЕНТОМ", "ИНОСТРАННОГО АГЕНТА")
AS_OF = "2026-11-28"
RULES = "caucasian-knot"
TWO_CHECKS = HERE / "packs" / "two-checks.yaml"  # the two phrases required, as proselint and textlint check them

PY_IN = r"""
import os, sys
phrases = {phrases!r}
hits = 0
for dirpath, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        hits += all(p in text for p in phrases)
print(hits)
"""

PROSELINT = r"""
import os, sys
from proselint.registry.checks import Check, types
from proselint.tools import LintFile
checks = [Check(check_type=types.ExistenceSimple(pattern=p), path=f"notice.p{{i}}", message="phrase")
          for i, p in enumerate({phrases!r})]
hits = 0
for dirpath, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as fh:
            lf = LintFile(name, fh.read())
        hits += sum(1 for c in checks for _ in c.check_with_flags(lf.content))
print(hits)
"""

TEXTLINT_RULE = """
"use strict";
const PHRASES = %s;
module.exports = function (context) {
  const { Syntax, report, RuleError, getSource } = context;
  return {
    [Syntax.Document](node) {
      const text = getSource(node);
      for (const p of PHRASES) {
        if (!text.includes(p)) report(node, new RuleError("missing: " + p));
      }
    },
  };
};
"""


# -- measuring ------------------------------------------------------------------------------------
TRACE: list[tuple[float, int, float]] = []  # (seconds, articles done, RSS MB) of the last traced run


def measure(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            limit: float | None = None, done: Any = None, live: bool = False) -> tuple[float, float, int]:
    """Wall seconds, peak RSS of the process tree in MB, exit code (-9: stopped at ``limit`` seconds).
    ``done()``, when given, says how many articles are finished; it is sampled every 10 s into TRACE
    (``live``: and printed to standard error, with each process's RSS: client+workers)."""
    import psutil

    TRACE.clear()
    next_trace = 10.0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**BASE_ENV, "CI": "1", **(env or {})})
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            total = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, total)
            if done is not None and time.perf_counter() - t0 >= next_trace:
                next_trace += 10.0
                TRACE.append((time.perf_counter() - t0, done(), total / 2**20))
                if live:  # one line a sample, as it is taken: a long run can be followed in its log
                    parts = "+".join(f"{p.memory_info().rss / 2**20:.0f}" for p in [ps, *ps.children(recursive=True)])
                    print(f"  {TRACE[-1][0]:7.0f} s {TRACE[-1][1]:>9,} articles {TRACE[-1][2]:6.0f} MB ({parts})",
                          file=sys.stderr, flush=True)
        except psutil.Error:
            pass
        time.sleep(min(0.05, 0.002 + (time.perf_counter() - t0) / 20))  # fine-grained for short runs
        if limit is not None and time.perf_counter() - t0 > limit:
            for c in ps.children(recursive=True):
                c.kill()
            proc.kill()
            proc.wait()
            return time.perf_counter() - t0, peak / 2**20, -9
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[:3])}... exited {proc.returncode}: {err.strip()[-500:]}", file=sys.stderr)
    return wall, peak / 2**20, proc.returncode


def auditor_cmd(corpus: Path, out: Path, jobs: int, *extra: str, formats: tuple[str, ...] = ("json",),
                rules: str = RULES) -> list[str]:
    cmd = [sys.executable, "-m", "auditor.cli", "check", str(corpus), "--rules", rules, "--as-of", AS_OF,
           "--no-history", "--jobs", str(jobs)]
    if len(formats) == 1:
        cmd += ["-f", formats[0], "-o", str(out)]
    else:
        for f in formats:
            cmd += ["-f", f]
        cmd += ["--output-dir", str(out)]
    return cmd + list(extra)


def tools(corpus: Path, work: Path, jobs: int, before: Path | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {
        "auditor-cold": auditor_cmd(corpus, work / "cold.json", jobs, "--no-cache"),
        "auditor-cached": auditor_cmd(corpus, work / "cached.json", jobs),
        # like for like with proselint and textlint: only the two phrase checks (bench/packs/two-checks.yaml)
        "auditor-2checks": auditor_cmd(corpus, work / "two.json", jobs, "--no-cache", rules=str(TWO_CHECKS)),
    }
    if before is not None:  # an older checkout of auditor, run side by side (PYTHONPATH=before)
        (work / "before").mkdir(exist_ok=True)
        out["before-cold"] = auditor_cmd(corpus, work / "before-cold.json", jobs, "--no-cache")
        out["before-cached"] = auditor_cmd(corpus, work / "before-cached.json", jobs)
    if shutil.which("rg"):
        out["rg"] = ["rg", "-j", str(jobs), "-c", "-F", *[a for p in PHRASES for a in ("-e", p)], str(corpus)]
    out["py-in"] = [sys.executable, "-c", PY_IN.format(phrases=PHRASES), str(corpus)]
    try:
        import proselint  # noqa: F401

        out["proselint"] = [sys.executable, "-c", PROSELINT.format(phrases=PHRASES), str(corpus)]
    except ImportError:
        pass
    tl = HERE / "out" / "textlint"
    if (tl / "node_modules" / ".bin" / "textlint").exists():
        out["textlint"] = [str(tl / "node_modules" / ".bin" / "textlint"), "--no-color", "--rulesdir",
                           str(tl / "rules"), "--plugin", "html", str(corpus)]
    return out


def setup_textlint() -> None:
    tl = HERE / "out" / "textlint"
    (tl / "rules").mkdir(parents=True, exist_ok=True)
    import json

    (tl / "rules" / "notice-phrases.js").write_text(TEXTLINT_RULE % json.dumps(PHRASES, ensure_ascii=False))
    (tl / "package.json").write_text('{"private": true}\n')
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "textlint@15",
                    "textlint-plugin-html"], cwd=tl, check=True)


def corpus_for(n: int, ephemeral_from: int, seed: int) -> tuple[Path, bool]:
    """The corpus folder for n articles and whether it is temporary."""
    if n >= ephemeral_from:
        folder = Path(tempfile.mkdtemp(prefix=f"auditor-bench-{n}-"))
        temp = True
    else:
        folder = HERE / "out" / f"seed-{n}"
        temp = False
        stamp = folder / ".generated"
        if stamp.exists() and stamp.read_text() == f"{n} {seed} seed\n":
            return folder, False
        shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    made: set[str] = set()
    for rel, text in iter_corpus(n, seed, "seed"):
        d = rel.rsplit("/", 1)[0]
        if d not in made:
            (folder / d).mkdir(parents=True, exist_ok=True)
            made.add(d)
        (folder / rel).write_text(text, encoding="utf-8")
    if not temp:
        (folder / ".generated").write_text(f"{n} {seed} seed\n")
    print(f"  generated {n} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return folder, temp


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != ".generated")


# -- the run ----------------------------------------------------------------------------------------
def speed(n: int, rounds: int, jobs: int, args: argparse.Namespace) -> list[str]:
    corpus, temp = corpus_for(n, args.ephemeral_from, args.seed)
    work = Path(tempfile.mkdtemp(prefix="auditor-bench-work-"))
    try:
        cmds = tools(corpus, work, jobs, args.before)
        if args.only:
            cmds = {k: v for k, v in cmds.items() if k in args.only.split(",")}
        for name in ("auditor-cached", "before-cached"):  # fill the cache (untimed), where the runs go
            if name in cmds:
                wall, _, _ = measure(cmds[name], cwd=_cwd(name, work), env=_env(name, args))
                print(f"  N={n}: filling the {name} cache took {wall:.1f} s", file=sys.stderr)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        peaks: dict[str, float] = dict.fromkeys(cmds, 0.0)
        names = list(cmds)
        for r in range(rounds):
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                wall, peak, _ = measure(cmds[name], cwd=_cwd(name, work), env=_env(name, args))
                times[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                print(f"  N={n} round {r + 1}: {name} {wall:.2f} s, {peak:.0f} MB", file=sys.stderr)
        outs = [work / f for f in ("cold.json", "cached.json", "before-cold.json", "before-cached.json")]
        outs = [_strip_started(p) for p in outs if p.exists()]
        print(f"  N={n}: {len(outs)} JSON outputs identical (timestamps aside): {len(set(outs)) == 1}",
              file=sys.stderr)
        rg = statistics.median(times["rg"]) if times.get("rg") else None
        mb = size_of(corpus) / 2**20
        rows = [f"| {n:,} ({mb:.0f} MB) | {name} | {statistics.median(ts):.2f} | {n / statistics.median(ts):,.0f} | "
                f"{(statistics.median(ts) / rg) if rg else float('nan'):.1f}x | {peaks[name]:.0f} |"
                for name, ts in times.items() if ts]
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temp:
            shutil.rmtree(corpus, ignore_errors=True)


def _cwd(name: str, work: Path) -> Path:
    return work / "before" if name.startswith("before-") else work


def _env(name: str, args: argparse.Namespace) -> dict[str, str] | None:
    return {"PYTHONPATH": str(args.before)} if name.startswith("before-") and args.before else None


def _strip_started(p: Path) -> str:
    """The documents and the summary (the run section names pack paths, which differ between trees)."""
    import json

    data = json.loads(p.read_bytes())
    return json.dumps([data["summary"], data["documents"]], ensure_ascii=False)


def rss(n: int, jobs: int, args: argparse.Namespace) -> str:
    corpus, temp = corpus_for(n, args.ephemeral_from, args.seed)
    work = Path(tempfile.mkdtemp(prefix="auditor-bench-rss-"))
    try:
        cmd = auditor_cmd(corpus, work / "reports", jobs, "--no-cache", formats=("json", "sarif", "xlsx"))
        # the spill file goes to work/, so a run stopped at --rss-limit still tells how far it got
        seen: dict[Path, tuple[int, int]] = {}  # spill file -> (bytes read, lines): only new bytes are read

        def done() -> int:
            for f in work.glob("auditor-results-*.jsonl"):
                at, lines = seen.get(f, (0, 0))
                with contextlib.suppress(OSError), f.open("rb") as fh:
                    fh.seek(at)
                    while chunk := fh.read(1 << 24):
                        at, lines = at + len(chunk), lines + chunk.count(b"\n")
                seen[f] = (at, lines)
            return sum(lines for _at, lines in seen.values())

        wall, peak, code = measure(cmd, cwd=work, env={"TMPDIR": str(work)}, limit=args.rss_limit, done=done,
                                   live=True)
        trace = ", ".join(f"{k:,}: {mb:.0f}" for _s, k, mb in TRACE[:: max(1, len(TRACE) // 8)])
        print(f"  N={n}: RSS MB by articles done: {trace}", file=sys.stderr)
        if code == -9:
            k = TRACE[-1][1] if TRACE else 0
            return (f"| {n:,} (stopped after {wall:.0f} s at {k:,} articles) | {wall:.0f} | "
                    f"{k / wall:,.0f} | {peak:.0f} | RSS by articles done: {trace} |")
        sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size / 2**20:.0f} MB" for p in sorted((work / "reports").glob("*")))
        return f"| {n:,} | {wall:.0f} | {n / wall:,.0f} | {peak:.0f} | {sizes}; RSS by articles done: {trace} |"
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temp:
            shutil.rmtree(corpus, ignore_errors=True)


def _cpu_of(cmd: list[str], cwd: Path, env: dict[str, str] | None) -> tuple[float, float]:
    """(wall s, user+system CPU s) of one run: the CPU time says what the wall time means under load."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = measure(cmd, cwd=cwd, env=env)[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(runs: int, before: Path | None = None) -> list[str]:
    sample = next(iter_corpus(1, 7, "seed"))[1]
    work = Path(tempfile.mkdtemp(prefix="auditor-bench-one-"))
    try:
        f = work / "article.txt"
        f.write_text(sample, encoding="utf-8")
        cmd = [sys.executable, "-m", "auditor.cli", "check", str(f), "--rules", RULES, "--as-of", AS_OF,
               "--no-history", "--no-cache", "--color", "never"]
        trees: dict[str, dict[str, str] | None] = {"auditor": None}
        if before is not None:
            trees["before"] = {"PYTHONPATH": str(before)}
        for env in trees.values():  # untimed: byte-compiles, fills the compiled-pack cache
            measure(cmd, cwd=work, env=env)
        runs_of: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(runs):  # alternating, so that load falls on both alike
            for name, env in trees.items():
                runs_of[name].append(_cpu_of(cmd, work, env))
        out = []
        for name, got in runs_of.items():
            walls, cpus = [w for w, _ in got], [c for _, c in got]
            out.append(f"`{name} check ONE_FILE --rules {RULES}`: median {statistics.median(walls) * 1000:.0f} ms "
                       f"wall (best {min(walls) * 1000:.0f}), median {statistics.median(cpus) * 1000:.0f} ms CPU, "
                       f"over {runs} runs")
        bare = [measure([sys.executable, "-c", "pass"])[0] for _ in range(runs)]
        out.append(f"`python -c pass` on this machine: median {statistics.median(bare) * 1000:.0f} ms; "
                   f"load average {os.getloadavg()[0]:.1f}")
        for name, env in trees.items():
            prof = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], capture_output=True, text=True,
                                  cwd=work, env={**BASE_ENV, **(env or {})}).stderr
            rows = []
            for line in prof.splitlines():
                m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
                if m:
                    rows.append((int(m.group(2)), len(m.group(3)), m.group(4)))
            total = sum(c for c, depth, _ in rows if depth == 1)
            out.append(f"{name}: `python -X importtime -m auditor.cli check ONE_FILE ...`: {total / 1000:.0f} ms in "
                       "imports; largest:")
            for cum, _depth, mod in sorted(rows, reverse=True)[:12]:
                out.append(f"    {cum / 1000:7.1f} ms  {mod}")
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes for the speed table")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", help="comma-separated tool names")
    ap.add_argument("--rss", default="", help="sizes for the peak-RSS table (JSON, SARIF and XLSX out)")
    ap.add_argument("--rss-limit", type=float, default=None,
                    help="stop an RSS run after this many seconds and report how far it got")
    ap.add_argument("--startup", action="store_true", help="import time and one-file wall time")
    ap.add_argument("--startup-runs", type=int, default=9)
    ap.add_argument("--ephemeral-from", type=int, default=500_000,
                    help="sizes from this on are generated into a temporary folder and deleted after")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--before", type=Path, help="an older source tree of auditor to time side by side "
                    "(e.g. `git worktree add ../before main`): adds before-cold and before-cached")
    ap.add_argument("--setup-textlint", action="store_true", help="npm-install textlint into bench/out/textlint")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="cProfile one cold --jobs 1 run over the N-article corpus (bench/profile_cold.py)")
    args = ap.parse_args()
    if args.setup_textlint:
        setup_textlint()
    import auditor

    head = (f"machine: {platform.machine()}, {os.cpu_count()} cores (shared with other developers' work), "
            f"Python {platform.python_version()}, auditor {auditor.__version__}, --jobs {args.jobs}; "
            f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(head)
    if args.rounds > 0 and args.sizes:
        print("\n| articles | tool | median s | articles/s | vs rg | peak RSS MB |\n|---|---|---|---|---|---|")
        for n in [int(x) for x in args.sizes.split(",") if x]:
            for row in speed(n, args.rounds, args.jobs, args):
                print(row, flush=True)
    if args.rss:
        print("\n| articles | wall s | articles/s | peak RSS MB | reports |\n|---|---|---|---|---|")
        for n in [int(x) for x in args.rss.split(",") if x]:
            print(rss(n, args.jobs, args), flush=True)
    if args.startup:
        print()
        for line in startup(args.startup_runs, args.before):
            print(line)
    if args.profile:
        from profile_cold import profile

        corpus, temp = corpus_for(args.profile, args.ephemeral_from, args.seed)
        print(f"\ncold run profile, {args.profile:,} articles, --jobs 1 (bench/profile_cold.py):")
        try:
            for line in profile(corpus):
                print(line)
        finally:
            if temp:
                shutil.rmtree(corpus, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
