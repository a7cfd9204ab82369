"""Results: streamed DocumentResults folded into the versioned JSON results contract that every
reporter reads (auditor/schemas/results.schema.json)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.contracts import RuleSetLike
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.engine import RunOptions
    from auditor.spill import RenderedBlock, RenderedResult

RESULTS_SCHEMA_VERSION = "1.0"
_COUNTED = {"pass": "passed", "fail": "failed", "error": "errors", "skipped": "skipped"}  # status -> summary key


class Results:
    """Folds streamed DocumentResults into the versioned JSON results contract."""

    def __init__(self, ruleset: RuleSetLike, opts: RunOptions, started: str | None = None, *, spill: bool = False,
                 spill_after: int | None = None, named: set[str] | None = None) -> None:
        """``spill``: keep the documents in a temporary file (auditor/spill.py), not in memory;
        ``spill_after``: keep the first N in memory, then move them all to a spill file (a small
        run stays fast, a large one flat); ``named``: the paths named on the command line, whose
        documents are also kept aside for the run's verdict (``named_documents``)."""
        self.named = named or set()
        self.named_documents: list[dict[str, Any]] = []
        self.opts = opts
        self.ruleset = ruleset
        self.started = started
        self.documents: Any = []
        self.spill_after = 0 if spill else spill_after  # documents held in memory before a spill file
        self.counts = {"documents": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
        self.by_severity = {"error": 0, "warning": 0, "info": 0}
        self.suppressed = 0
        self.baselined = 0

    def add(self, res: DocumentResult | RenderedResult | RenderedBlock) -> dict[str, Any] | None:
        """Count and keep one document (or a block of them); its JSON dict, or None for a rendered
        one (not parsed)."""
        from auditor.spill import RenderedBlock, RenderedResult

        if isinstance(res, RenderedResult):
            return self._add_rendered(res)
        if isinstance(res, RenderedBlock):
            return self._add_block(res)
        d = res.to_dict()
        self._keep(d)
        self._count(res.path, res.status, d)
        for f in res.findings:
            if f.suppressed:
                self.suppressed += 1
            elif f.baselined:
                self.baselined += 1
            else:
                self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1
        return d

    def _add_rendered(self, res: RenderedResult) -> None:
        """A document as its JSON line (auditor/spill.py): the documents go to a spill file at once,
        so the JSON report copies the line and nothing parses it."""
        if isinstance(self.documents, list):
            self._spill()
        self.documents.append(res.line)
        self._count(res.path, res.status, None, res)
        self.suppressed += res.suppressed
        self.baselined += res.baselined
        for sev, n in res.by_severity.items():
            self.by_severity[sev] = self.by_severity.get(sev, 0) + n
        return None

    def _add_block(self, block: RenderedBlock) -> None:
        """Documents of unchanged files as their JSON lines (bytes): written to the spill file in one
        go and counted from the cache's summaries."""
        if isinstance(self.documents, list):
            self._spill()
        self.documents.extend(block)
        self.counts["documents"] += len(block)
        for status, n in block.statuses.items():
            self.counts[_COUNTED[status]] += n
        errors, warnings, infos, suppressed, baselined = block.counts
        for sev, n in (("error", errors), ("warning", warnings), ("info", infos)):
            if n:
                self.by_severity[sev] = self.by_severity.get(sev, 0) + n
        self.suppressed += suppressed
        self.baselined += baselined
        if self.named and not self.named.isdisjoint(block.paths):
            import json

            self.named_documents += [json.loads(line) for path, line in block.documents() if path in self.named]
        return None

    def _spill(self) -> None:
        from auditor.spill import SpilledDocuments

        spilled = SpilledDocuments()
        for held in self.documents:
            spilled.append(held)
        self.documents = spilled

    def _keep(self, d: dict[str, Any]) -> None:
        if self.spill_after is not None and isinstance(self.documents, list) and len(self.documents) >= self.spill_after:
            self._spill()
        self.documents.append(d)

    def _count(self, path: str, status: str, d: dict[str, Any] | None, rendered: RenderedResult | None = None) -> None:
        self.counts["documents"] += 1
        key = _COUNTED[status]
        self.counts[key] += 1
        if path in self.named:  # the documents the run's verdict looks at (auditor/verdict.py)
            self.named_documents.append(d if d is not None else rendered.to_dict())  # type: ignore[union-attr]

    def exit_code(self) -> int:
        """1 when any active finding is at or above fail-on (read errors count as errors)."""
        if self.opts.fail_on == "never":
            return 0
        return 1 if (self.counts["failed"] or self.counts["errors"]) else 0

    def to_dict(self) -> dict[str, Any]:
        run: dict[str, Any] = {
            "as_of": self.opts.as_of.isoformat(),
            "fail_on": self.opts.fail_on,
            "started": self.started,
            "packs": list(self.ruleset.packs),
            "rules": self.ruleset.rules_info(),
            "errors": [str(e) for e in self.ruleset.errors],
        }
        run["registries"] = self.ruleset.registries_info()
        samples = [r for r in run["registries"] if isinstance(r, dict) and r.get("sample")]
        if samples:
            run["warnings"] = [sample_warning(r) for r in samples]
        return {
            "schema_version": RESULTS_SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": __version__},
            "run": run,
            "summary": {
                **self.counts,
                "findings_by_severity": dict(self.by_severity),
                "suppressed": self.suppressed,
                "baselined": self.baselined,
            },
            "documents": self.documents,
        }


def sample_warning(reg: dict[str, Any]) -> str:
    """The line every output carries when a run used a sample registry."""
    return (
        f"SAMPLE REGISTRY: {reg.get('id')} ({reg.get('entries')} entries) is a sample, not the official list; "
        "designated-entity mentions were checked against it only, so the mention rules are listed as "
        "unverified (load the official lists: docs/registries.md)"
    )


def results_schema() -> dict[str, Any]:
    import json

    return json.loads((Path(__file__).parent / "schemas" / "results.schema.json").read_text(encoding="utf-8"))
