"""Pass/fail examples of the packs (``rules/cases/*.yaml``), run by ``auditor rules test``.

A case file names a pack and an as-of date and lists articles (inline text, read by the normal
readers) with the findings they must give, as ``"<rule id> <outcome>"`` strings; ``expect: []``
means the article must pass. Suppressed or baselined findings do not exist at this level.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from auditor.packs.loader import PackLoadError, display_path, plain, read_document, rules_dir


def case_files(pack_ids: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    root = folder or rules_dir() / "cases"
    if not root.is_dir():
        return []
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    if pack_ids:
        files = [p for p in files if p.stem in pack_ids or p.stem.split(".", 1)[0] in pack_ids]
    return files


def _run_file(path: Path) -> tuple[int, int, list[str]]:
    from auditor.packs import load_ruleset
    from auditor.readers import ReadError, UnknownFormat, read_bytes

    shown = display_path(path)
    try:
        data, _ = read_document(path, shown)
    except PackLoadError as exc:
        return 0, 1, [str(e) for e in exc.errors]
    spec: dict[str, Any] = plain(data)
    rs = load_ruleset([str(spec.get("pack", path.stem))])
    if rs.errors:
        return 0, 1, [f"{shown}: pack errors: " + "; ".join(str(e) for e in rs.errors)]
    as_of = spec.get("as_of")
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    passed, failed, lines = 0, 0, []
    for i, case in enumerate(spec.get("cases") or []):
        name = case.get("name", f"case {i + 1}")
        fmt = case.get("format", "text")
        suffix = {"text": ".txt", "markdown": ".md", "html": ".html"}.get(fmt, ".txt")
        try:
            docs = read_bytes(
                str(case["text"]).encode("utf-8"), f"{name}{suffix}", rs.reader_options, fmt=fmt
            )
        except (ReadError, UnknownFormat, KeyError) as exc:
            failed += 1
            lines.append(f"FAIL {shown}: {name}: cannot read the case: {exc}")
            continue
        got: list[str] = []
        for doc in docs:
            findings, _ = rs.evaluate(doc, as_of)
            got.extend(f"{f.rule_id} {f.outcome}" for f in findings)
        want = list(case.get("expect") or [])
        if sorted(got) == sorted(want):
            passed += 1
            lines.append(f"PASS {shown}: {name}")
        else:
            failed += 1
            lines.append(f"FAIL {shown}: {name}: expected {sorted(want)}, got {sorted(got)}")
    return passed, failed, lines


def run_cases(pack_ids: list[str] | None = None, folder: Path | None = None) -> tuple[bool, str]:
    """Run every case (of the given packs); (all passed, report text)."""
    files = case_files(pack_ids, folder)
    if not files:
        return False, "no cases found" + (f" for {', '.join(pack_ids)}" if pack_ids else "")
    total_pass = total_fail = 0
    out: list[str] = []
    for f in files:
        p, n, lines = _run_file(f)
        total_pass += p
        total_fail += n
        out.extend(lines)
    out.append(f"{total_pass} passed, {total_fail} failed")
    return total_fail == 0, "\n".join(out)
