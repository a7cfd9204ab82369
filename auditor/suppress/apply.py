"""Applying suppressions to results, in two steps that each set a finding's state once:

- ``post_process`` (per document, where it is read, so cached results carry it): per-path config
  overrides, then inline directives (``suppressed``);
- ``Suppressor.apply`` (per run, in the main process, because they change without the article
  changing): fingerprints, waivers (``suppressed``), the baseline (``baselined``), the status;
  ``Suppressor.finish`` reports on the waivers file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.config import glob_match, relative_to
from auditor.model import Document, DocumentResult, Finding, Span, status_for
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
    from auditor.engine import RunOptions


def post_process(res: DocumentResult, doc: Document, opts: RunOptions) -> None:
    """Engine post-hook: per-path overrides, then inline directives."""
    from auditor.config import apply_overrides

    policy = opts.policy
    apply_overrides(res, policy)
    if not policy.directives:
        return
    known = set(policy.known_rules) if policy.known_rules is not None else None
    apply_directives(res, doc, known, policy.rule_aliases)


class Suppressor:
    """Applies fingerprints, waivers and the baseline to each result, then reports on the waivers."""

    def __init__(
        self,
        *,
        fail_rank: int,
        aliases: dict[str, str] | None = None,
        known: set[str] | None = None,
        root: str | None = None,
        waivers: Path | None = None,
        baseline: set[str] | None = None,
        today: date | None = None,
        report_unused: bool = True,
        waivers_label: str | None = None,
    ) -> None:
        self.fail_rank = fail_rank
        self.aliases = aliases or {}
        self.former = former_ids(self.aliases)
        self.root = root
        self.baseline = baseline
        self.report_unused = report_unused
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
        if res.status in ("pass", "fail"):
            res.status = status_for(res.findings, self.fail_rank)
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
