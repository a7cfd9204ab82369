"""Suppressions: inline directives, the waivers file, the baseline and the fingerprints they rely on.

One module per job: ``fingerprints`` (what a finding is matched by), ``directives`` (inline
``auditor: ignore``), ``waivers`` (the waivers file), ``baseline`` (the accepted findings),
``apply`` (the apply stage, ``Suppressor``: once per document after the engine, it does overrides,
directives, waivers and the baseline and sets the status), ``base`` (the ``auditor.`` findings
about suppressions). Nothing is ever dropped: a suppressed or baselined finding stays in
the results, marked, with its reason. A suppression that is wrong (no reason, an unknown rule,
expired) or unused is itself a finding in the ``auditor.`` namespace.
"""

from __future__ import annotations

from auditor.suppress.apply import Suppressor
from auditor.suppress.base import AUDITOR_RULES, SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED
from auditor.suppress.baseline import BASELINE_FORMAT, BaselineError, load_baseline, render_baseline
from auditor.suppress.directives import Directive, apply_directives, find_directives
from auditor.suppress.fingerprints import assign_fingerprints, document_key, former_ids, normalise_evidence
from auditor.suppress.waivers import Waiver, load_waivers

__all__ = [
    "AUDITOR_RULES",
    "BASELINE_FORMAT",
    "SUPPRESSION_EXPIRED",
    "SUPPRESSION_INVALID",
    "SUPPRESSION_UNUSED",
    "BaselineError",
    "Directive",
    "Suppressor",
    "Waiver",
    "apply_directives",
    "assign_fingerprints",
    "document_key",
    "find_directives",
    "former_ids",
    "load_baseline",
    "load_waivers",
    "normalise_evidence",
    "render_baseline",
]
