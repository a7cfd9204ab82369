"""Pass/fail examples of the packs (``rules/cases/*.yaml``), run by ``auditor rules test``.

A case file names a pack and an as-of date and lists articles (inline text, read by the normal
readers) with the findings they must give, as ``"<rule id> <outcome>"`` strings; ``expect: []``
means the article must pass. A case may set its own ``as_of``. Suppressed or baselined findings do
not exist at this level.

Every rule a tested pack defines needs examples of both kinds, or the run fails:

* a **fail** example of a rule is a (passing) case that expects one of its findings;
* a **pass** example is a (passing) case in which the rule ran - its ``when`` held and the format
  could carry what it checks - and gave no finding.

``explain`` reuses the same collection to show a rule's examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor.model import canonical_outcome
from auditor.packs.loader import (
    PackLoadError,
    display_path,
    plain,
    read_document,
    rules_dir,
    shipped_packs,
)


@dataclass(frozen=True, slots=True)
class Example:
    file: str  # case file as shown
    name: str
    text: str
    outcomes: tuple[str, ...] = ()  # the rule's expected outcomes (fail examples)


@dataclass(slots=True)
class RuleExamples:
    passes: list[Example] = field(default_factory=list)
    fails: list[Example] = field(default_factory=list)


@dataclass(slots=True)
class CaseRun:
    passed: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)
    examples: dict[str, RuleExamples] = field(default_factory=dict)

    def add(self, rule_id: str, ex: Example, fail: bool) -> None:
        bucket = self.examples.setdefault(rule_id, RuleExamples())
        (bucket.fails if fail else bucket.passes).append(ex)


def case_files(pack_ids: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    root = folder or rules_dir() / "cases"
    if not root.is_dir():
        return []
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    if pack_ids:
        files = [p for p in files if p.stem in pack_ids or p.stem.split(".", 1)[0] in pack_ids]
    return files


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _run_file(path: Path, run: CaseRun) -> str | None:
    """Run one case file into ``run``; the id of its pack (None when the file cannot be used)."""
    from auditor.packs import load_ruleset
    from auditor.readers import ReadError, UnknownFormat, read_bytes

    shown = display_path(path)
    try:
        data, _ = read_document(path, shown)
    except PackLoadError as exc:
        run.failed += 1
        run.lines.extend(f"FAIL {e}" for e in exc.errors)
        return None
    spec: dict[str, Any] = plain(data)
    pack = str(spec.get("pack", path.stem))
    rs = load_ruleset([pack])
    if rs.errors:
        run.failed += 1
        run.lines.append(f"FAIL {shown}: pack errors: " + "; ".join(str(e) for e in rs.errors))
        return None
    try:
        file_as_of = _as_date(spec.get("as_of"))
    except ValueError:
        run.failed += 1
        run.lines.append(f"FAIL {shown}: as_of: not a YYYY-MM-DD date: {spec.get('as_of')!r}")
        return None
    for i, case in enumerate(spec.get("cases") or []):
        name = str(case.get("name", f"case {i + 1}"))
        fmt = case.get("format", "text")
        suffix = {"text": ".txt", "markdown": ".md", "html": ".html"}.get(fmt, ".txt")
        try:
            as_of = _as_date(case["as_of"]) if "as_of" in case else file_as_of
            docs = read_bytes(str(case["text"]).encode("utf-8"), f"{name}{suffix}", rs.reader_options, fmt=fmt)
        except (ReadError, UnknownFormat, KeyError, ValueError) as exc:
            run.failed += 1
            run.lines.append(f"FAIL {shown}: {name}: cannot read the case: {exc}")
            continue
        got: list[str] = []
        ran: set[str] = set()
        for doc in docs:
            findings, unverified = rs.evaluate(doc, as_of)
            got.extend(f"{f.rule_id} {f.outcome}" for f in findings)
            ran.update(r.id for r in rs.rules if r.enabled and r.id not in unverified and rs.applies(r, doc, as_of))
        want = [_expected(str(w)) for w in case.get("expect") or []]
        if sorted(got) != sorted(want):
            run.failed += 1
            run.lines.append(f"FAIL {shown}: {name}: expected {sorted(want)}, got {sorted(got)}")
            continue
        run.passed += 1
        run.lines.append(f"PASS {shown}: {name}")
        text = str(case["text"])
        hit: dict[str, list[str]] = {}
        for w in want:
            rid, _, outcome = w.partition(" ")
            hit.setdefault(rid, []).append(outcome)
        for rid in sorted(ran | set(hit)):
            run.add(rid, Example(shown, name, text, tuple(hit.get(rid, ()))), fail=rid in hit)
    return pack


def _expected(item: str) -> str:
    """``"<rule id> <outcome>"``, a former outcome spelling read as the current one (``age_mark``)."""
    rid, sep, outcome = item.partition(" ")
    return f"{rid}{sep}{canonical_outcome(outcome)}" if sep else item


def own_rules(pack_ids: list[str]) -> tuple[list[str], list[str]]:
    """Full ids of the enabled rules the given packs define themselves (not those they extend), and
    the errors of packs that do not load."""
    from auditor.packs import load_ruleset

    out: list[str] = []
    errors: list[str] = []
    for pid in pack_ids:
        rs = load_ruleset([pid])
        errors.extend(str(e) for e in rs.errors)
        out.extend(r.id for r in rs.rules if r.info.pack == pid and r.enabled and r.id not in out)
    return out, errors


def collect(pack_ids: list[str] | None = None, folder: Path | None = None) -> tuple[CaseRun, list[str]]:
    """Run the case files (of the given packs); the run and the packs whose cases ran."""
    run = CaseRun()
    packs: list[str] = []
    for f in case_files(pack_ids, folder):
        pid = _run_file(f, run)
        if pid is not None and pid not in packs:
            packs.append(pid)
    for rid, bucket in run.examples.items():  # the rule's own pack's examples first, then profiles'
        own = rid.split("/", 1)[0]
        for items in (bucket.passes, bucket.fails):
            items.sort(key=lambda ex: Path(ex.file).stem.split(".", 1)[0] != own)
    return run, packs


def run_cases(pack_ids: list[str] | None = None, folder: Path | None = None) -> tuple[bool, str]:
    """Run every case (of the given packs) and check that each rule has a pass and a fail example.

    The rules held to that are those the tested packs define: every shipped pack when neither
    ``pack_ids`` nor ``folder`` is given, else the given packs, else the packs the case files name.
    Returns (all good, report text ending with a one-line summary).
    """
    files = case_files(pack_ids, folder)
    if not files:
        return False, "no cases found" + (f" for {', '.join(pack_ids)}" if pack_ids else "")
    run, ran_packs = collect(pack_ids, folder)
    if pack_ids:
        tested = list(pack_ids)
    elif folder is None:
        tested = [pid for pid, _ in shipped_packs()]
    else:
        tested = ran_packs
    rules, errors = own_rules(tested)
    for e in dict.fromkeys(errors):
        run.failed += 1
        run.lines.append(f"FAIL pack error: {e}")
    lacking: list[str] = []
    for rid in rules:
        ex = run.examples.get(rid, RuleExamples())
        missing = [kind for kind, have in (("pass", ex.passes), ("fail", ex.fails)) if not have]
        if missing:
            lacking.append(rid)
            run.lines.append(f"NO EXAMPLE {rid}: no {' and no '.join(missing)} example")
    total = run.passed + run.failed
    ok = run.failed == 0 and not lacking
    if ok:
        summary = f"{len(rules)} rules, {total} examples, all pass"
    else:
        parts = [f"{run.failed} failed"] if run.failed else []
        if lacking:
            parts.append(f"{len(lacking)} rule(s) without a pass and a fail example")
        summary = f"{len(rules)} rules, {total} examples: {run.passed} passed, " + ", ".join(parts)
    return ok, "\n".join([*run.lines, summary])


def examples_for(rule_id: str) -> RuleExamples:
    """The pass and fail examples of one rule (full id) among the shipped case files."""
    run, _ = collect(None)
    return run.examples.get(rule_id, RuleExamples())


def _excerpt(text: str, lines: int = 14, width: int = 100) -> list[str]:
    """The case text as shown by ``explain``: its first lines, long lines cut."""
    rows = [ln if len(ln) <= width else ln[: width - 1] + "…" for ln in text.rstrip("\n").split("\n")]
    if len(rows) > lines:
        rows = [*rows[:lines], f"… ({len(rows) - lines} more lines)"]
    return rows


def explain_examples(rule_id: str, limit: int = 3) -> list[str]:
    """Lines for ``auditor rules explain``: the rule's pass and fail examples from the case files."""
    ex = examples_for(rule_id)
    out = [f"  examples ({len(ex.passes)} pass, {len(ex.fails)} fail, from rules/cases/):"]
    if not ex.passes and not ex.fails:
        out.append("    none - `auditor rules test` fails until the rule has a pass and a fail example")
    for mark, items in (("pass (no finding)", ex.passes), ("fail", ex.fails)):
        for e in items[:limit]:
            tail = f" -> {', '.join(e.outcomes)}" if e.outcomes else ""
            out.append(f"    {mark}{tail}: {e.name} [{e.file}]")
            out.extend(f"        | {ln}" for ln in _excerpt(e.text))
        if len(items) > limit:
            out.append(f"    ... and {len(items) - limit} more {mark.split()[0]} example(s)")
    return out
