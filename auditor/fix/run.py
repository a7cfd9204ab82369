"""`auditor fix`: read -> audit -> apply the chosen fixes -> again until nothing changes -> write.

Each pass applies the fixes of one audit that do not overlap (the others wait for the next pass,
audited afresh on the changed text), so a notice that is both altered and misplaced is first
replaced, then moved. A file is written once, atomically (temp file + rename), and only when it
has not changed on disk since it was read. Nothing here prints: the CLI reports the outcome.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.contracts import RuleSetLike
from auditor.fix.apply import NOT_EDITABLE, CannotApply, NotEditable, apply_fixes
from auditor.model import Finding, Fix

if TYPE_CHECKING:
    from auditor.engine import RunOptions

MAX_PASSES = 6


@dataclass(slots=True)
class Applied:
    rule_id: str
    description: str
    safety: str


@dataclass(slots=True)
class Held:
    """A fix not applied, and why (needs review, not applicable, format not edited)."""

    rule_id: str
    description: str
    reason: str


@dataclass(slots=True)
class FileFix:
    path: str
    original: bytes
    fixed: bytes
    format: str | None = None
    applied: list[Applied] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    note: str | None = None  # e.g. "a PDF is never edited in place ..."
    error: str | None = None
    text_before: str | None = None  # the audited text, for a DOCX diff
    text_after: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def _wanted(f: Finding, rules: set[str] | None) -> bool:
    if not rules:
        return True
    local = f.rule_id.split("/", 1)[-1]
    return f.rule_id in rules or local in rules


def _disjoint(chosen: list[Fix], fix: Fix) -> bool:
    for other in chosen:
        for a in fix.edits:
            for b in other.edits:
                if a.start < b.end and b.start < a.end:
                    return False
                if (a.start == a.end or b.start == b.end) and (a.start == b.start or a.end == b.end):
                    return False  # two insertions (or an insertion at an edge) at one place
    return True


def _audit(data: bytes, path: str, ruleset: RuleSetLike, opts: RunOptions) -> tuple[Any, list[Finding]]:
    from auditor.readers import read_bytes

    docs = read_bytes(data, path, ruleset.reader_options)
    if len(docs) != 1 or docs[0].format in NOT_EDITABLE:
        fmt = docs[0].format if docs else "records"
        n = sum(1 for d in docs for f in ruleset.evaluate(d, opts.as_of, opts.limits.regex_timeout)[0] if f.autofix is not None)
        raise NotEditable(NOT_EDITABLE.get(fmt, NOT_EDITABLE["records"]) + (f" ({n} fix(es) to make there)" if n else ""))
    doc = docs[0]
    from auditor.engine import check_document
    from auditor.suppress import Suppressor

    # the rules chosen for the path, then the apply stage (overrides, inline directives): a suppressed finding is not fixed
    res = Suppressor(opts.policy, fail_rank=opts.fail_rank).apply(check_document(doc, ruleset, opts))
    return doc, [f for f in res.findings if not f.suppressed and not f.baselined]


def fix_file(path: str, fs_path: str, ruleset: RuleSetLike, opts: RunOptions, *, unsafe: bool = False,
             rules: set[str] | None = None, data: bytes | None = None) -> FileFix:
    original = Path(fs_path).read_bytes() if data is None else data
    out = FileFix(path, original, original)
    current = original
    seen: set[bytes] = {original}
    for _ in range(MAX_PASSES):
        try:
            doc, findings = _audit(current, path, ruleset, opts)
        except NotEditable as exc:
            out.note = str(exc)
            return out
        except Exception as exc:
            out.error = f"{path}: cannot read: {exc}"
            return out
        out.format = doc.format
        if out.text_before is None:
            out.text_before = doc.text
        out.text_after = doc.text
        chosen: list[Fix] = []
        owners: list[Finding] = []
        held: list[Held] = []
        for f in findings:
            fix = f.autofix
            if fix is None or not fix.edits or not _wanted(f, rules):
                continue
            if fix.safety != "safe" and not unsafe:
                held.append(Held(f.rule_id, fix.description, "needs review: apply with --unsafe"))
                continue
            if _disjoint(chosen, fix):
                chosen.append(fix)
                owners.append(f)
        if not chosen:
            out.held = held
            break
        settings = dict(ruleset.settings) if getattr(ruleset, "settings", None) else {}
        try:
            new = apply_fixes(doc, current, chosen, settings)
        except NotEditable as exc:
            out.note = str(exc)
            out.held = [Held(f.rule_id, f.autofix.description, "not edited in place") for f in owners if f.autofix]
            return out
        except CannotApply:  # one at a time, to keep the ones that do apply
            new = current
            for f, fix in zip(owners, chosen, strict=True):
                try:
                    new = apply_fixes(doc, current, [fix], settings)
                except (CannotApply, NotEditable) as one:
                    held.append(Held(f.rule_id, fix.description, f"not applied: {one}"))
                    continue
                owners, chosen = [f], [fix]
                break
            else:
                owners, chosen = [], []
        if new in seen:  # no progress, or a fix undone by another: stop here
            held += [Held(f.rule_id, x.description, "no effect: the file already reads so; a human should look at "
                          "how the page is laid out") for f, x in zip(owners, chosen, strict=True) if new == current]
            out.held = held
            break
        out.applied += [Applied(f.rule_id, x.description, x.safety) for f, x in zip(owners, chosen, strict=True)]
        out.held = held
        seen.add(new)
        current = new
    out.fixed = current
    if out.changed and out.text_after is not None:
        with contextlib.suppress(Exception):
            out.text_after = _audit(current, path, ruleset, opts)[0].text
    return out


class StaleFile(Exception):
    """The file changed on disk after it was read: not overwritten."""


def write_atomic(fs_path: str, data: bytes, expected: bytes) -> None:
    """Replace the file's content by ``data`` through a temp file in its folder and a rename,
    unless its content is no longer ``expected`` (someone changed it meanwhile)."""
    target = Path(os.path.realpath(fs_path))
    if target.read_bytes() != expected:
        raise StaleFile(f"{fs_path}: changed on disk since it was read; not overwritten (run fix again)")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o7777)
        if target.read_bytes() != expected:  # the last moment we can still refuse
            raise StaleFile(f"{fs_path}: changed on disk since it was read; not overwritten (run fix again)")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unified_diff(ff: FileFix) -> str:
    """A unified diff of the change (of the extracted text for a DOCX)."""
    import difflib

    if ff.format == "docx":
        before, after = ff.text_before or "", ff.text_after or ""
        label = " (paragraph text)"
    else:
        from auditor.readers.common import decode

        before = decode(ff.original, ff.path)[0]
        after = decode(ff.fixed, ff.path)[0]
        label = ""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{ff.path}{label}", tofile=f"b/{ff.path}{label}",
    )
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return out
