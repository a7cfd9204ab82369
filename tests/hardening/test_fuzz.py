"""Issue 16: a short fuzz run of the readers and the pack loader in the suite (atheris when it is
installed, else Hypothesis); the longer run is documented in docs/robustness.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz_harness.py"


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(HARNESS), *args], capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    return out


@pytest.mark.parametrize(("target", "runs"), [("readers", 200), ("packs", 100)])
def test_short_fuzz_run_finds_no_crash(target: str, runs: int) -> None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        out = _run(target, "--hypothesis", str(runs))
        assert f"fuzz: {target}: " in out and "0 crashes" in out
        return
    out = _run(target, f"-runs={runs}", "-seed=16")
    done = re.search(r"Done (\d+) runs", out)
    # libFuzzer stops once at least -runs inputs ran; one mutation round may run a few more (203 for 200)
    assert done and int(done.group(1)) >= runs, out[-2000:]


def test_hypothesis_fallback_runs_too() -> None:
    out = _run("readers", "--hypothesis", "30")
    m = re.search(r"fuzz: readers: (\d+) executions \(hypothesis\), 0 crashes", out)
    assert m and int(m.group(1)) >= 30
