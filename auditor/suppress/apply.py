"""The apply stage: one step per document after the engine (and the cache), before the reporters.

``Suppressor.apply`` takes the engine's pure ``DocumentResult`` and, in this order: the per-path
severity overrides of the config, the inline directives the document carries (``suppressed``),
fingerprints, waivers (``suppressed``), the baseline (``baselined``), the ``--select``/``--ignore``
filter; then it sets the document's status, once. It runs in the main process, once per document,
on fresh and cached results alike. ``Suppressor.finish`` reports on the waivers file.

Which rules run on a path (per-path ``disable``, packs only some paths ask for) is decided before
the rules run (``Policy.skipped_rules``, used by the engine), not here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.config import Policy, apply_severity, glob_match, relative_to
from auditor.model import DocumentResult, Finding, Span, status_for
from auditor.suppress.base import (
    SUPPRESSION_EXPIRED,
    SUPPRESSION_INVALID,
    SUPPRESSION_UNUSED,
    auditor_finding,
)
from auditor.suppress.directives import apply_directives
from auditor.suppress.fingerprints import assign_fingerprints, former_ids
from auditor.suppress.waivers import Waiver, load_waivers

if TYPE_CHECKING:
    from auditor.selection import Selection


class Suppressor:
    """The apply stage of a run: overrides, directives, fingerprints, waivers, baseline, status."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        fail_rank: int,
        waivers: Path | None = None,
        baseline: set[str] | None = None,
        today: date | None = None,
        report_unused: bool = True,
        waivers_label: str | None = None,
        selection: Selection | None = None,
    ) -> None:
        self.policy = policy = policy or Policy()
        self.fail_rank = fail_rank
        self.aliases = policy.rule_aliases
        self.former = former_ids(self.aliases)
        self.root = policy.root
        # directives check their names against every known name; waivers only when there are any
        self.known_names = set(policy.known_rules) if policy.known_rules is not None else None
        known = self.known_names or None
        self.baseline = baseline
        self.report_unused = report_unused
        self.selection = selection if selection is not None and selection.active else None
        self.waivers_path = waivers
        self.waivers_label = waivers_label or (waivers.as_posix() if waivers else None)
        self.waivers: list[Waiver] = []
        self.file_problems: list[str] = []
        if waivers is not None:
            self.waivers, self.file_problems = load_waivers(waivers, today or date.today(), known)

    def _canon(self, rule: str) -> str:
        return self.aliases.get(rule, rule)

    def _waiver_for(self, res: DocumentResult, f: Finding) -> Waiver | None:
        rid = self._canon(f.rule_id)
        rel = relative_to(res.path, self.root)
        doc_id = str(res.metadata.get("id")) if res.metadata and res.metadata.get("id") is not None else None
        for w in self.waivers:
            if w.problem or w.expired or self._canon(w.rule or "") != rid:
                continue
            if w.path and (glob_match(w.path, rel) or glob_match(w.path, res.path)):
                return w
            if w.document and w.document in (doc_id, res.path, rel):
                return w
        return None

    def apply(self, res: DocumentResult) -> DocumentResult:
        """The one step between the engine and the reporters; sets the document's status once."""
        if res.document is not None:  # a document was read and checked (not: unreadable, skipped)
            apply_severity(res, self.policy)
            if self.policy.directives:
                apply_directives(res, res.directives, self.known_names, self.aliases)
        self._fingerprinted(res)
        if res.status not in ("pass", "fail"):  # an error stays an error (a limit hit while checking too)
            return res
        if not res.findings:
            res.text = None  # the history keeps the texts of documents with findings only
        if self.selection is not None:
            self.selection.filter(res)
        res.status = status_for(res.findings, self.fail_rank)
        return res

    def _fingerprinted(self, res: DocumentResult) -> DocumentResult:
        """Fingerprints, then waivers (``suppressed``) and the baseline (``baselined``) on each finding."""
        former = assign_fingerprints(res, self.aliases, self.root, self.former)
        for f, old_fps in zip(res.findings, former, strict=True):
            if not f.suppressed and self.waivers:
                w = self._waiver_for(res, f)
                if w is not None:
                    w.used += 1
                    f.suppressed = True
                    f.suppression = {
                        "reason": w.reason,
                        "by": "waiver",
                        "approved_by": w.approved_by,
                        "expires": w.expires.isoformat() if w.expires else None,
                        "source": f"{self.waivers_label}:{w.line}",
                    }
            if self.baseline is not None and not f.suppressed and (
                f.fingerprint in self.baseline or any(fp in self.baseline for fp in old_fps)
            ):
                f.baselined = True
        return res

    def finish(self) -> list[DocumentResult]:
        """One result for the waivers file when it has problems (invalid, expired, unused waivers)."""
        if self.waivers_path is None:
            return []
        findings: list[Finding] = []
        for msg in self.file_problems:
            findings.append(auditor_finding(SUPPRESSION_INVALID, msg, "invalid", None, None))
        for w in self.waivers:
            span = Span(0, 0, line=w.line, column=w.column)
            if w.problem:
                findings.append(auditor_finding(SUPPRESSION_INVALID, f"waiver {w.label()} {w.problem}", "invalid",
                                                 span, w.label()))
            elif w.expired:
                assert w.expires is not None
                findings.append(
                    auditor_finding(
                        SUPPRESSION_EXPIRED,
                        f"waiver {w.label()} expired on {w.expires.isoformat()} (approved by {w.approved_by})",
                        "expired",
                        span,
                        w.label(),
                    )
                )
            elif not w.used and self.report_unused:
                findings.append(auditor_finding(SUPPRESSION_UNUSED, f"waiver {w.label()} suppresses nothing",
                                                 "unused", span, w.label()))
        if not findings:
            return []
        res = DocumentResult(path=self.waivers_label or "waivers", format="waivers", status="pass", findings=findings)
        assign_fingerprints(res, self.aliases, self.root)
        if self.baseline is not None:
            for f in findings:
                f.baselined = f.fingerprint in self.baseline
        res.status = status_for(findings, self.fail_rank)
        return [res]
