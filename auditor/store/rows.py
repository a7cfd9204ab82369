"""The rows a recorded run adds to the history: the run's own row, one per document, one per
finding, and the texts of documents with findings (for the review desk).

The documents are read twice (the folder they share, then the rows) and written in batches, so a
run whose documents are spilled to disk (auditor/spill.py) is recorded without holding them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from auditor.store import fingerprint

MAX_TEXT = 5_000_000  # characters of one article's text kept for the review desk
BATCH = 500  # rows per INSERT


def now_iso() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def recorded(results: dict[str, Any]) -> str:
    """When a run is recorded: when it started, else now."""
    started = (results.get("run") or {}).get("started")
    return started if isinstance(started, str) and started else now_iso()


class Writer(Protocol):
    """Where the rows go: SQLAlchemy (auditor/store/db.py) or sqlite3 (auditor/store/lite.py)."""

    def stored_texts(self, shas: list[str]) -> set[str]:
        """Which of these text hashes the history holds already."""

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """INSERT the rows (every row has the same keys) into the table."""


def finding_state(f: dict[str, Any]) -> str:
    if f.get("suppressed"):
        return "waived" if (f.get("suppression") or {}).get("by") == "waiver" else "suppressed"
    if f.get("baselined"):
        return "baselined"
    return "open"


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(value: str | None, default: Any = None) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def pack_of(rule_id: str, pack: str | None) -> str:
    return pack or rule_id.split("/", 1)[0]


def relative(path: str, root: str | None) -> str:
    from auditor.config import relative_to

    return relative_to(path, root)


def run_values(results: dict[str, Any], scope: dict[str, Any] | None) -> dict[str, Any]:
    """The columns of the run's row (all but when, root and the results blob)."""
    run = results.get("run") or {}
    summary = results.get("summary") or {}
    by_sev = summary.get("findings_by_severity") or {}
    packs = [{"id": p.get("id"), "version": p.get("version")} for p in run.get("packs", [])]
    scope = dict(scope or {})
    scope.setdefault("packs", sorted({str(p["id"]) for p in packs if p.get("id")}))
    scope.setdefault("as_of", str(run.get("as_of", "")))
    scope.setdefault("paths", [])
    return {
        "as_of": str(run.get("as_of", "")),
        "tool_version": str((results.get("tool") or {}).get("version", "")),
        "packs": json.dumps(packs, ensure_ascii=False, sort_keys=True),
        "documents": int(summary.get("documents", 0)),
        "passed": int(summary.get("passed", 0)),
        "failed": int(summary.get("failed", 0)),
        "errors": int(summary.get("errors", 0)),
        "skipped": int(summary.get("skipped", 0)),
        "findings": sum(int(v) for v in by_sev.values()),
        "by_severity": json.dumps(by_sev, sort_keys=True),
        "scope": dumps(scope),
    }


def results_blob(results: dict[str, Any]) -> bytes:
    """The results JSON, gzipped. A list of documents is dumped whole (as before); a spilled one
    is written one document at a time into the compressor."""
    docs = results.get("documents")
    if docs is None or isinstance(docs, list):
        return gzip.compress(json.dumps(results, ensure_ascii=False, sort_keys=True).encode("utf-8"), mtime=0)
    from auditor.spill import write_spliced

    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8")
        write_spliced(text, results, ("documents",), docs)
        text.flush()
        text.detach()
    return buf.getvalue()


def document_row(doc: dict[str, Any], path: str, root: str | None, croot: tuple[str, ...], sha: str | None) -> dict[str, Any]:
    from auditor.reporters.toolkit import authors_of, section_of

    fields = doc.get("fields") or {}
    published = fields.get("published") or {}
    return {
        "path": path,
        "status": str(doc.get("status", "")),
        "rel_path": relative(path, root),
        "format": doc.get("format"),
        "title": fields.get("title"),
        "authors": dumps(authors_of(doc)),
        "section": section_of(doc, croot),
        "published": published.get("raw") if isinstance(published, dict) else None,
        "error": doc.get("error"),
        "text_sha": sha,
    }


def finding_row(f: dict[str, Any], path: str, fp: str) -> dict[str, Any]:
    rid = str(f.get("rule_id", ""))
    return {
        "fingerprint": fp,
        "rule_id": rid,
        "path": path,
        "severity": str(f.get("severity", "")),
        "message": str(f.get("message", "")),
        "state": finding_state(f),
        "pack": pack_of(rid, f.get("pack")),
        "outcome": f.get("outcome"),
        "evidence": f.get("evidence"),
        "expected": f.get("expected"),
        "diff": f.get("diff"),
        "span": dumps(f.get("span")),
        "refs": dumps(f.get("references") or []),
        "fix": f.get("fix"),
        "suppression": dumps(f.get("suppression")),
    }


class _Batches:
    """Rows waiting for their INSERT: documents, findings and texts, each written BATCH at a time."""

    def __init__(self, out: Writer, run_id: int) -> None:
        self.out, self.run_id = out, run_id
        self.docs: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []
        self.texts: dict[str, str] = {}

    def flush(self, force: bool = False) -> None:
        """Write everything held once any kind reaches BATCH (texts first: documents point at them)."""
        if not force and max(len(self.docs), len(self.findings), len(self.texts)) < BATCH:
            return
        if self.texts:
            have = self.out.stored_texts(list(self.texts))
            new = [{"sha256": k, "body": v} for k, v in sorted(self.texts.items()) if k not in have]
            if new:
                self.out.insert("texts", new)
            self.texts = {}
        if self.docs:
            self.out.insert("documents", [{"run_id": self.run_id, **r} for r in self.docs])
            self.docs = []
        if self.findings:
            self.out.insert("findings", [{"run_id": self.run_id, **r} for r in self.findings])
            self.findings = []


def insert_rows(out: Writer, run_id: int, docs: Iterable[dict[str, Any]], texts: Mapping[str, str] | None,
                root: str | None) -> None:
    """The run's document, finding and text rows; the first of a path or fingerprint wins."""
    from auditor.reporters.toolkit import common_root

    croot = common_root(docs)
    seen_paths: set[str] = set()
    seen_fps: set[str] = set()
    batches = _Batches(out, run_id)
    for doc in docs:
        path = str(doc.get("path", ""))
        if path not in seen_paths:
            seen_paths.add(path)
            body = (texts or {}).get(path)
            sha = None
            if body is not None and len(body) <= MAX_TEXT:
                sha = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
                batches.texts[sha] = body
            batches.docs.append(document_row(doc, path, root, croot, sha))
        for f in doc.get("findings", []):
            fp = fingerprint(f, path)
            if fp not in seen_fps:
                seen_fps.add(fp)
                batches.findings.append(finding_row(f, path, fp))
        batches.flush()
    batches.flush(force=True)
