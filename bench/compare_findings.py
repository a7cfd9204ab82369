"""Before/after comparison of what users see: findings, statuses, exit codes and JSON results.

Runs ``auditor check`` in-process over examples/ and the shared corpora (../shared/corpus,
../shared/corpus-ru, ../shared/seeds, when present) once per shipped pack, with a fixed
``--as-of``, plus one run through a config with per-path overrides, waivers and inline
directives. Writes a normalised dump (one line per finding: run, path, rule id, span
start/end/line/column, severity, outcome, status) and the JSON results of every run with the
volatile keys removed.

    python bench/compare_findings.py --save bench/out/before       # before a change
    python bench/compare_findings.py --against bench/out/before    # after: prints the verdict
    git archive main | tar -x -C ../main-copy                      # "before" = main, any time:
    python bench/compare_findings.py --root ../main-copy --save bench/out/before

The verdict line is ``compare: identical (N findings over M documents)`` or the first
differences. Exit status 1 when anything differs. Intended differences are listed apart, never
hidden: outcome ids renamed by the code's migration map (``auditor.model.OUTCOME_ALIASES``: the
saved "before" is read through it), the kind a rule names, the hash of an edited pack.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # --root picks another checkout (e.g. of main)
SHARED = ROOT.parent / "shared"
AS_OF = "2025-06-01"
CORPORA = ["corpus", "corpus-ru", "seeds"]


def _inputs() -> list[str]:
    paths = [str(ROOT / "examples")]
    paths += [str(SHARED / c) for c in CORPORA if (SHARED / c).is_dir()]
    return paths


def _packs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))


def _run(argv: list[str], cwd: Path) -> tuple[int, dict[str, Any], str]:
    from auditor.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(old)
    text = out.getvalue()
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        data = {"raw": text}
    return code, data, err.getvalue()


def _scrub(data: dict[str, Any], base: str) -> dict[str, Any]:
    """Drop what differs between runs on the same input (timestamps, temporary folders)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace(base, "<ROOT>")
    out = json.loads(text)
    out.get("run", {}).pop("started", None)
    return out


def _rel(path: str) -> str:
    for prefix, label in ((str(SHARED) + "/", "shared/"), (str(ROOT) + "/", "")):
        if path.startswith(prefix):
            return label + path[len(prefix) :]
    return path


def _finding_lines(run: str, data: dict[str, Any]) -> list[str]:
    lines = []
    for d in data.get("documents", []):
        path = _rel(d.get("path", ""))
        if not d.get("findings"):
            lines.append(f"{run}\t{path}\t-\t-\t-\t{d.get('status')}")
        for f in d.get("findings", []):
            sp = f.get("span") or {}
            where = f"{sp.get('start')}-{sp.get('end')}@{sp.get('line')}:{sp.get('column')}"
            state = "suppressed" if f.get("suppressed") else "baselined" if f.get("baselined") else "active"
            lines.append(
                f"{run}\t{path}\t{f.get('rule_id')}\t{where}\t{f.get('severity')}/{f.get('outcome')}/{state}"
                f"\t{d.get('status')}"
            )
    return lines


def _config_scenario(tmp: Path) -> Path:
    """A content folder with a config: overrides, waivers, an inline directive, a baseline."""
    site = tmp / "site"
    ex = ROOT / "examples"
    for sub in ("content/opinion", "content/wire", "content/archive/2019", "content/news"):
        (site / sub).mkdir(parents=True)
        for f in sorted(ex.glob("0*")):
            shutil.copy(f, site / sub / f.name)
    (site / "content/news/11-directive.txt").write_text(
        "Заголовок\n\nТекст статьи без пометки.\n<!-- auditor: disable attribution/author -->\n",
        encoding="utf-8",
    )
    (site / "content/news/13-ignore.txt").write_text(
        "Заголовок\n\n<!-- auditor: ignore attribution/author reason=\"wire copy\" -->\nТекст статьи без автора.\n\n"
        "auditor: ignore timestamps/published-format\n\n"
        "auditor: ignore-file timestamps/published-present reason=\"wire copy carries no date\"\n",
        encoding="utf-8",
    )
    for sub in ("opinion", "news"):  # opinion-label is asked for under content/opinion only
        (site / f"content/{sub}/14-column.md").write_text(
            "---\ntitle: Колонка\nopinion: true\n---\n\nАвтор рассуждает о городском транспорте.\n", encoding="utf-8"
        )
    (site / "auditor.toml").write_text(
        'packs = ["caucasian-knot"]\ninclude = ["content/**"]\nwaivers = "waivers.yaml"\n'
        '[[overrides]]\npaths = ["content/opinion/**"]\ndisable = ["attribution/source"]\n'
        'severity = { "timestamps/published-format" = "warning" }\n'
        '[[overrides]]\npaths = ["content/wire/**"]\nseverity = { "attribution/author" = "info" }\n'
        '[[overrides]]\npaths = ["content/opinion/**"]\npacks = ["opinion-label", "ru-advertising"]\n',
        encoding="utf-8",
    )
    (site / "waivers.yaml").write_text(
        "waivers:\n  - rule: ru-foreign-agent/notice-required\n    path: \"content/archive/2019/**\"\n"
        "    reason: archive\n    approved_by: a@example.org\n    expires: 2099-12-31\n"
        "  - rule: timestamps/published-format\n    document: \"nothing-matches\"\n"
        "    reason: unused\n    approved_by: a@example.org\n    expires: 2099-12-31\n",
        encoding="utf-8",
    )
    return site


def collect() -> tuple[dict[str, Any], list[str]]:
    common = ["--as-of", AS_OF, "--no-cache", "--no-history", "-j", "1", "-f", "json"]
    runs: dict[str, Any] = {}
    lines: list[str] = []
    inputs = _inputs()
    for pack in _packs():
        code, data, err = _run(["check", *inputs, "-r", pack, *common], ROOT / "examples")
        runs[f"pack:{pack}"] = {"exit": code, "stderr": err.replace(str(ROOT), "<ROOT>"), "json": _scrub(data, str(ROOT))}
        lines += _finding_lines(f"pack:{pack}", data)
    with tempfile.TemporaryDirectory() as tmp:
        site = _config_scenario(Path(tmp))
        base = str(Path(tmp).resolve())
        code, data, err = _run(["check", *common], site)
        runs["config"] = {"exit": code, "stderr": err.replace(base, "<ROOT>"), "json": _scrub(data, base)}
        lines += _finding_lines("config", data)
        bl = site / "baseline.json"
        code, _d, err = _run(["baseline", "create", "--as-of", AS_OF, "--no-cache", "-j", "1", "-o", str(bl)], site)
        runs["baseline-create"] = {"exit": code, "baseline": json.loads(bl.read_text(encoding="utf-8"))}
        (site / "content/news/12-new.txt").write_text("Новая статья без автора.\n", encoding="utf-8")
        code, data, err = _run(["check", *common, "--baseline", str(bl)], site)
        runs["config+baseline"] = {"exit": code, "stderr": err.replace(base, "<ROOT>"), "json": _scrub(data, base)}
        lines += _finding_lines("config+baseline", data)
    return runs, lines


# Differences a change may make on purpose, listed (never hidden) apart from the verdict:
# the kind a rule names (pack format: `required_text` -> `notice.*`), the hash of an edited pack.
INTENDED = {
    r"\.run\.rules\[\d+\]\.kind$": "run.rules[].kind",
    r"\.run\.packs\[\d+\]\.sha256$": "run.packs[].sha256",
}


def _intended(line: str) -> str | None:
    import re

    where = line.split(": ", 1)[0]
    return next((label for rx, label in INTENDED.items() if re.search(rx, where)), None)


def _renamed_outcomes(before: Any, lines: list[str]) -> tuple[list[str], dict[str, int]]:
    """The before snapshot with outcome ids renamed as the code under test's migration map says
    (``model.OUTCOME_ALIASES``, issue 11), and how many of each were renamed; nothing without one."""
    try:
        from auditor.model import OUTCOME_ALIASES
    except ImportError:
        return lines, {}
    counts: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            old = node.get("outcome")
            if isinstance(old, str) and old in OUTCOME_ALIASES and "rule_id" in node:
                node["outcome"] = OUTCOME_ALIASES[old]
                key = f"{old} -> {OUTCOME_ALIASES[old]}"
                counts[key] = counts.get(key, 0) + 1
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(before)
    out = []
    for ln in lines:
        cols = ln.split("\t")
        if len(cols) > 4 and cols[4].count("/") == 2:
            sev, outcome, state = cols[4].split("/")
            cols[4] = f"{sev}/{OUTCOME_ALIASES.get(outcome, outcome)}/{state}"
        out.append("\t".join(cols))
    return out, counts


def _diff(a: Any, b: Any, where: str, out: list[str], limit: int = 2000) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{where}.{k}: only in {'after' if k not in a else 'before'}")
            else:
                _diff(a[k], b[k], f"{where}.{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{where}[{i}]", out, limit)
    elif a != b:
        out.append(f"{where}: {str(a)[:160]!r} -> {str(b)[:160]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", metavar="DIR", help="write findings.tsv and results.json to DIR")
    ap.add_argument("--against", metavar="DIR", help="compare with a saved DIR")
    ap.add_argument("--root", metavar="CHECKOUT", help="run the code and packs of this checkout (default: this one)")
    args = ap.parse_args(argv)
    global ROOT
    if args.root:
        ROOT = Path(args.root).resolve()
    sys.path.insert(0, str(ROOT))
    runs, lines = collect()
    import auditor

    code_dir = Path(auditor.__file__).resolve().parent.parent
    if code_dir != ROOT:
        print(f"compare: the code ran from {code_dir}, not {ROOT}", file=sys.stderr)
        return 2
    n_findings = sum(1 for ln in lines if ln.split("\t")[2] != "-")
    n_docs = sum(len(r["json"].get("documents", [])) for r in runs.values() if "json" in r)
    blob = json.dumps(runs, ensure_ascii=False, sort_keys=True, indent=1)
    digest = hashlib.sha256(blob.encode()).hexdigest()[:16]
    if args.save:
        d = Path(args.save)
        d.mkdir(parents=True, exist_ok=True)
        (d / "findings.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (d / "results.json").write_text(blob, encoding="utf-8")
        print(f"saved {n_findings} findings over {n_docs} documents ({len(runs)} runs, digest {digest}) to {d}")
    if args.against:
        d = Path(args.against)
        before_lines = (d / "findings.tsv").read_text(encoding="utf-8").splitlines()
        before = json.loads((d / "results.json").read_text(encoding="utf-8"))
        before_lines, renamed = _renamed_outcomes(before, before_lines)
        problems: list[str] = []
        if before_lines != lines:
            gone = [x for x in before_lines if x not in set(lines)][:10]
            new = [x for x in lines if x not in set(before_lines)][:10]
            problems += [f"- {x}" for x in gone] + [f"+ {x}" for x in new] or ["finding order differs"]
        _diff(before, json.loads(blob), "runs", problems)
        intended: dict[str, list[str]] = {}
        for p in list(problems):
            label = _intended(p)
            if label is not None:
                intended.setdefault(label, []).append(p)
                problems.remove(p)
        if problems:
            print("compare: DIFFERENT")
            print("\n".join(problems[:40]))
            return 1
        print(f"compare: identical ({n_findings} findings over {n_docs} documents)")
        for key, n in sorted(renamed.items()):
            print(f"  intended: {n} finding outcome(s) renamed by model.OUTCOME_ALIASES: {key}")
        for label, lines in sorted(intended.items()):
            shown = sorted({ln.split(": ", 1)[1] for ln in lines})
            print(f"  intended: {len(lines)} change(s) in {label}: {'; '.join(shown[:4])}")
    if not args.save and not args.against:
        print(f"{n_findings} findings over {n_docs} documents, digest {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
