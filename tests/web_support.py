"""A small content project for the review desk tests: two shipped examples copied to a temp dir,
an auditor.toml naming the waivers file and the history, and helpers to run `auditor check`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditor.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = "2026-11-28"
MISPLACED = "content/01-seed-notice-after-article.txt"  # one error: the notice sits after the article
REMOVED = "content/03-notice-removed.txt"  # one error: no notice at all
COMPLIANT = "content/02-compliant.txt"


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def make_project(root: Path, history: str | None = None, files: tuple[str, ...] = (MISPLACED, REMOVED, COMPLIANT)) -> Path:
    (root / "content").mkdir(parents=True)
    for rel in files:
        shutil.copyfile(EXAMPLES / Path(rel).name, root / rel)
    hist = f'history = "{history}"\n' if history else ""
    (root / "auditor.toml").write_text(
        f'packs = ["caucasian-knot"]\nas-of = {AS_OF}\nwaivers = "waivers.yaml"\n{hist}', encoding="utf-8")
    (root / "waivers.yaml").write_text("# Waivers of the newsroom (kept by hand and by the review desk)\nwaivers: []\n",
                                       encoding="utf-8")
    return root


def check(root: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    """`auditor check content` in root; returns (exit code, JSON results, console text)."""
    out = root / "out.json"
    buf = io.StringIO()
    with chdir(root), contextlib.redirect_stdout(buf):
        code = main(["check", "content", "--jobs", "1", "--no-cache", "-f", "console", "-f", "json", "-o", str(out),
                     "--color", "never", *extra])
    return code, json.loads(out.read_text(encoding="utf-8")), buf.getvalue()


def insert_notice(root: Path, rel: str) -> None:
    """The fix a person makes by hand: the notice of the compliant example, under the headline."""
    notice = (EXAMPLES / Path(COMPLIANT).name).read_text(encoding="utf-8").split("\n")[4]
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    lines[4:4] = [notice, ""]
    (root / rel).write_text("\n".join(lines), encoding="utf-8")


def finding_of(results: dict[str, Any], rel: str) -> dict[str, Any]:
    doc = next(d for d in results["documents"] if d["path"].endswith(Path(rel).name))
    assert len(doc["findings"]) == 1, doc["findings"]
    return doc["findings"][0]
