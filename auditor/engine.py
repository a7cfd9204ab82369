"""The engine: every applicable rule over every document, streaming, optionally in a process pool.

It knows no output format. ``audit`` yields ``DocumentResult``s in input order; ``Results``
folds them into the JSON results contract that every reporter reads.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.config import Policy
from auditor.contracts import RuleSetLike
from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.limits import Limits
from auditor.model import SEVERITY_RANK, DocumentResult, Finding, status_for

RESULTS_SCHEMA_VERSION = "1.0"
READ_ERROR_RULE = "auditor.read-error"
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".auditor_cache", "node_modules", ".venv", "venv"}


@dataclass(slots=True)
class Source:
    """One input: a file on disk or standard input."""

    path: str  # as shown in reports (relative where it was given relative)
    fs_path: str | None  # None for stdin
    data: bytes | None = None  # preloaded (stdin)


@dataclass(slots=True)
class RunOptions:
    as_of: date
    fail_on: str = "error"  # error|warning|info|never
    jobs: int = 1
    rule_specs: list[str] = field(default_factory=list)
    field_map: dict[str, str] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)  # per-path overrides and inline directives
    engine: str = "local"  # local (in process, or a process pool) | dask (auditor/engine_dask.py)
    scheduler: str | None = None  # dask scheduler address; None: a LocalCluster of `jobs` processes
    registries: list[str] = field(default_factory=list)  # --registry / config: replace the packs' registries
    limits: Limits = DEFAULT_LIMITS  # bounded work per input (auditor/limits.py)

    @property
    def fail_rank(self) -> int:
        return 99 if self.fail_on == "never" else SEVERITY_RANK[self.fail_on]


# -- discovery -------------------------------------------------------------------------------
def discover(
    paths: Iterable[str], stdin: Any = None, max_bytes: int = DEFAULT_LIMITS.file_size
) -> Iterator[Source | DocumentResult]:
    """Walk the given paths in a stable order; a missing path becomes an error result.

    Standard input ("-") is read up to ``max_bytes`` + 1 bytes (0: whole): one byte past the
    file-size limit is enough for ``check_source`` to report the limit, and a hostile pipe cannot
    fill the memory first."""
    for raw in paths:
        if "://" in raw:  # object storage or other fsspec URLs (read by Dask workers, or locally)
            from auditor.engine_dask import discover_url

            yield from discover_url(raw)
            continue
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield Source(path="-", fs_path=None, data=stream.read(max_bytes + 1) if max_bytes > 0 else stream.read())
            continue
        p = Path(raw)
        if p.is_symlink() and (problem := _bad_link(p)) is not None:
            yield _error_result(p.as_posix(), None, f"{p.as_posix()}: {problem}")
        elif p.is_dir():
            for sub in _walk(p, p.resolve(), set()):
                if isinstance(sub, DocumentResult):
                    yield sub
                    continue
                if _is_project_doc(sub.name):
                    yield DocumentResult(
                        path=sub.as_posix(),
                        format=None,
                        status="skipped",
                        note="skipped: project documentation, not an article (name the file to audit it)",
                    )
                    continue
                path = sub.as_posix()
                yield Source(path=path, fs_path=path if os.sep == "/" else str(sub))  # one string, not two
        elif p.is_file():
            yield Source(path=p.as_posix(), fs_path=str(p))
        else:
            yield _error_result(p.as_posix(), None, f"{p.as_posix()}: no such file or folder")


# Files that document a content folder rather than publish in it; walked folders list them as
# skipped. Named explicitly on the command line, they are audited like any article.
PROJECT_DOCS = ("readme", "changelog", "license", "licence", "contributing", "code_of_conduct", "security")


def _is_project_doc(name: str) -> bool:
    stem = name.lower().split(".", 1)[0]
    return stem in PROJECT_DOCS


def _bad_link(p: Path) -> str | None:
    """Why a symbolic link cannot be followed (a loop, or pointing nowhere), else None."""
    try:
        p.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return "symbolic link loop: cannot be followed"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: cannot be followed"
        return f"broken symbolic link (points to {os.readlink(p)!r}, which does not exist)"
    return None


def _skipped(path: Path, why: str) -> DocumentResult:
    return DocumentResult(path=path.as_posix(), format=None, status="skipped", note=f"skipped: {why}")


def _walk(folder: Path, top: Path, seen: set[Path]) -> Iterator[Path | DocumentResult]:
    """Files under ``folder`` by name. A symbolic link is followed only when it leads to a place
    inside ``top`` (the folder named on the command line) and not into a folder already walked;
    otherwise it is listed as skipped with the reason, so it is never audited silently or lost."""
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        yield _error_result(folder.as_posix(), None, f"{folder.as_posix()}: cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIP_DIRS:
            continue
        if entry.is_symlink():
            problem = _bad_link(entry)
            if problem is not None:
                yield _skipped(entry, problem)
                continue
            target = entry.resolve()
            if target != top and top not in target.parents:
                yield _skipped(entry, "symbolic link to a place outside the checked folder (name it to audit it)")
                continue
            if target.is_dir() and target in seen:
                yield _skipped(entry, "symbolic link to a folder already checked")
                continue
        if entry.is_dir():
            yield from _walk(entry, top, seen)
        elif entry.is_file():
            yield entry
        else:
            yield _skipped(entry, "not a regular file (a device, socket or pipe)")


# -- one source ------------------------------------------------------------------------------
def _error_result(path: str, fmt: str | None, message: str) -> DocumentResult:
    finding = Finding(
        rule_id=READ_ERROR_RULE,
        severity="error",
        message=message,
        outcome="unreadable",
        pack="auditor",
        pack_version=__version__,
    )
    return DocumentResult(path=path, format=fmt, status="error", findings=[finding], error=message)


def check_size(size: int, limit: int) -> None:
    """Raise LimitExceeded when ``size`` bytes is past the file-size limit (0: no limit)."""
    from auditor.limits import human
    from auditor.readers import LimitExceeded

    if limit > 0 and size > limit:
        raise LimitExceeded(f"file is larger than the {human(limit)} limit (limit: file-size, --max-file-size)")


def read_capped(path: str, limit: int) -> bytes:
    """The file's bytes, reading at most ``limit`` + 1 of them (a file growing under us, /dev/zero)."""
    with open(path, "rb") as fh:
        if limit <= 0:
            return fh.read()
        with contextlib.suppress(OSError):
            check_size(os.fstat(fh.fileno()).st_size, limit)
        return fh.read(limit + 1)


def check_source(src: Source, ruleset: RuleSetLike, opts: RunOptions) -> list[DocumentResult]:
    """Read one source and run the rules on every document in it."""
    from auditor.readers import LimitExceeded, ReadError, UnknownFormat, read_bytes, reader_for

    try:
        data = src.data if src.data is not None else read_capped(src.fs_path or src.path, opts.limits.file_size)
        check_size(len(data), opts.limits.file_size)
    except LimitExceeded as exc:
        return [_error_result(src.path, None, f"{src.path}: {exc}")]
    except OSError as exc:
        return [_error_result(src.path, None, f"{src.path}: cannot read: {exc.strerror or exc}")]
    try:
        fmt = reader_for(src.path, data[:4096])
    except UnknownFormat as exc:
        return [DocumentResult(path=src.path, format=None, status="skipped", note=f"skipped: {exc}")]
    if not data.strip(b" \t\r\n\f\v\x00").removeprefix(b"\xef\xbb\xbf").strip():
        return [_error_result(src.path, fmt, f"{src.path}: empty file: no text to audit")]
    from dataclasses import replace

    options = ruleset.reader_options
    if opts.field_map:
        options = replace(options, field_map={**options.field_map, **opts.field_map})
    if options.limits != opts.limits:
        options = replace(options, limits=opts.limits)
    limit = opts.limits.text_size
    if fmt in ("text", "markdown") and limit > 0 and len(data) > limit:  # the text is the file: measure first
        chars = len(data.decode("utf-8", "replace"))
        if chars > limit:
            return [_error_result(src.path, fmt, _too_long_message(src.path, chars, limit))]
    from auditor.deadline import ReadTimeout, time_limit

    try:
        with time_limit(opts.limits.read_timeout):
            docs = read_bytes(data, src.path, options, fmt=fmt)
    except ReadTimeout:
        msg = f"{src.path}: reading took longer than {opts.limits.read_time:g} s (limit: read-time, --max-read-time)"
        return [_error_result(src.path, fmt, msg)]
    except UnknownFormat as exc:  # readable, but holds no article (e.g. a JSON file that is not an export)
        return [DocumentResult(path=src.path, format=fmt, status="skipped", note=f"skipped: {exc}")]
    except ReadError as exc:
        msg = str(exc)
        if not msg.startswith(src.path):
            msg = f"{src.path}: {msg}"
        return [_error_result(src.path, fmt, msg)]
    except Exception as exc:  # a reader bug must not stop the run; say what happened
        return [_error_result(src.path, fmt, f"{src.path}: reader failed: {type(exc).__name__}: {exc}")]
    out: list[DocumentResult] = []
    too_long = _too_long(docs, opts.limits.text_size)
    if too_long is not None:
        return [_error_result(too_long.path, fmt, _too_long_message(too_long.path, len(too_long.text), limit))]
    for doc in docs:
        findings, unverified = ruleset.evaluate(doc, opts.as_of, opts.limits.regex_timeout)
        guessed = encoding_warning(doc, data)
        if guessed is not None:
            findings.insert(0, guessed)
        _add_context(findings, doc.text)
        res = DocumentResult(
            path=doc.path,
            format=doc.format,
            status=status_for(findings, opts.fail_rank),
            document=doc.to_dict(),
            findings=findings,
            unverified=sorted(set(unverified)),
            metadata=_report_metadata(doc.metadata),
        )
        for hook in _POST_HOOKS:
            hook(res, doc, opts)
        res.status = status_for(res.findings, opts.fail_rank)
        _regex_limit(res)
        out.append(res)
    if not docs:
        out.append(DocumentResult(path=src.path, format=fmt, status="skipped", note="no article found"))
    return out


ENCODING_RULE = "auditor.encoding"
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def encoding_warning(doc: Any, data: bytes) -> Finding | None:
    """A warning when the bytes are not UTF-8 and the encoding was guessed (not declared by the
    page): a wrong guess garbles names, so say so, at the first byte that is not UTF-8."""
    import codecs

    enc = (doc.encoding or "").lower()
    if not enc or enc.startswith(("utf-8", "utf-16", "ascii")) or doc.format in ("pdf", "docx"):
        return None
    declared = _DECLARED.search(data[:4096]) if doc.format == "html" else None
    if declared is not None:
        try:
            if codecs.lookup(declared.group(1).decode("ascii")).name == codecs.lookup(enc).name:
                return None
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        bad = exc.start
    start = 0
    if doc.format in ("text", "markdown"):  # the document text is the file: point at the byte
        try:
            start = min(len(data[:bad].decode(enc, "replace")), len(doc.text))
        except LookupError:
            start = 0
    end = min(len(doc.text), start + 1) if start < len(doc.text) else start
    return Finding(
        rule_id=ENCODING_RULE,
        severity="warning",
        message=(f"not UTF-8 (byte {bad + 1} is not): read as {doc.encoding}, a guess; if names look garbled, "
                 "save the file as UTF-8"),
        outcome="guessed-encoding",
        pack="auditor",
        pack_version=__version__,
        span=doc.span(start, end),
        evidence=doc.text[start:end] or None,
    )


def _too_long_message(path: str, chars: int, limit: int) -> str:
    return f"{path}: {chars:,} characters of text, more than the {limit:,} limit (limit: text-size, --max-text-size)"


def _regex_limit(res: DocumentResult) -> None:
    """A pack regex that ran past the regex-time limit leaves the document unchecked by its rule:
    like any limit hit, that input is an error result naming the rule (its other findings stay)."""
    hit = next((f for f in res.findings if f.outcome == "timeout"), None)
    if hit is not None:
        res.status = "error"
        res.error = f"{res.path}: {hit.rule_id}: {hit.message}"


def _too_long(docs: list[Any], limit: int) -> Any:
    """The first document whose text is past ``limit`` characters (0: no limit), else None."""
    return next((d for d in docs if limit > 0 and len(d.text) > limit), None)


def _suppress_hook(res: DocumentResult, doc: Any, opts: RunOptions) -> None:
    """Per-path overrides and inline directives (auditor/suppress.py); imported here so pool workers have it."""
    from auditor.suppress import post_process

    post_process(res, doc, opts)


CONTEXT_CHARS = 80
MATCH_CHARS = 500


def _add_context(findings: list[Finding], text: str) -> None:
    """Give each finding with a text span the words around it, so reports can show it in place."""
    for f in findings:
        sp = f.span
        if sp is None or f.context is not None or sp.start > len(text) or (sp.start == sp.end == 0 and sp.field):
            continue
        start, end = sp.start, min(sp.end, len(text))
        before = text[max(0, start - CONTEXT_CHARS) : start]
        cut = before.rfind("\n\n")
        if cut != -1:
            before = before[cut + 2 :]
        after = text[end : end + CONTEXT_CHARS]
        cut = after.find("\n\n")
        if cut != -1:
            after = after[:cut]
        match = text[start:end]
        if len(match) > MATCH_CHARS:
            match = match[:MATCH_CHARS] + "…"
        f.context = {"before": before, "match": match, "after": after}


# Post-processing hooks (suppressions, ...) registered by later stages: f(result, document, opts).
def _text_hook(res: DocumentResult, doc: Any, opts: RunOptions) -> None:
    """Keep the text the findings' spans point into, for the history's review desk (auditor/store);
    only on documents with findings. Never part of the JSON results (to_dict leaves it out)."""
    if res.findings and res.document is not None:
        res.document["text"] = doc.text


_POST_HOOKS: list[Callable[[DocumentResult, Any, RunOptions], None]] = [_suppress_hook, _text_hook]


def _report_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """The few metadata keys reports group by; article metadata otherwise stays out of results."""
    keep = {}
    for key in ("section", "category", "publisher", "url", "id"):
        if key in meta and isinstance(meta[key], (str, int, float)):
            keep[key] = meta[key]
    return keep


# -- the run -----------------------------------------------------------------------------------
_worker_ruleset: RuleSetLike | None = None
_worker_opts: RunOptions | None = None

CHUNK = 16  # sources per task sent to a worker
WINDOW = 8  # tasks in flight per worker: bounds the memory held for results not yet written


def _init_worker(opts: RunOptions) -> None:
    """Load the packs once per worker. A forked worker inherits the parent's compiled packs."""
    global _worker_ruleset, _worker_opts
    if _worker_ruleset is not None and _worker_opts is opts:
        return
    _worker_ruleset = worker_ruleset(opts)
    _worker_opts = opts


def worker_ruleset(opts: RunOptions) -> RuleSetLike:
    """The run's compiled packs, as a worker process (pool or Dask) loads them."""
    from auditor.packcache import load

    ruleset = load(opts.rule_specs)
    if opts.registries:
        from auditor.registries.select import apply

        apply(ruleset, opts.registries)
    return ruleset


def _work(src: Source) -> list[DocumentResult]:
    assert _worker_opts is not None
    return check_source(src, _worker_ruleset, _worker_opts)


def _work_chunk(srcs: list[Source]) -> list[list[DocumentResult]]:
    return [_work(s) for s in srcs]


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def audit(
    sources: Iterable[Source | DocumentResult], ruleset: RuleSetLike, opts: RunOptions, cache: Any = None
) -> Iterator[DocumentResult]:
    """Yield results in input order, as they come. With jobs > 1 and enough files, a process pool
    reads and checks, fed in chunks with a bounded number in flight, so memory stays flat.

    ``cache`` (auditor/cache.py) answers unchanged files before any checking and stores the rest.
    """
    if cache is not None:
        sources = cache.resolve(sources)
    if opts.engine == "dask":
        from auditor.engine_dask import audit_dask

        yield from audit_dask(sources, opts, cache)
        return
    items = iter(sources)
    if opts.jobs > 1:
        head: list[Source | DocumentResult] = []
        n_src = 0
        for item in items:  # look ahead: a pool is worth starting only for enough files
            head.append(item)
            n_src += isinstance(item, Source)
            if n_src >= 2 * opts.jobs:
                break
        items = itertools.chain(head, items)
        if n_src >= 2 * opts.jobs:
            yield from _audit_parallel(items, ruleset, opts, cache)
            return
    for item in items:
        if isinstance(item, DocumentResult):
            yield item
        else:
            out = check_source(item, ruleset, opts)
            if cache is not None:
                cache.store(item, out)
            yield from out


def _audit_parallel(
    items: Iterator[Source | DocumentResult], ruleset: RuleSetLike, opts: RunOptions, cache: Any = None
) -> Iterator[DocumentResult]:
    global _worker_ruleset, _worker_opts
    # forked workers inherit the compiled packs (no second load); spawned ones load them once
    _worker_ruleset, _worker_opts = ruleset, opts
    try:
        with WorkerPool(opts) as pool:  # survives a worker dying (auditor hardening)
            yield from in_order(items, pool.submit, CHUNK, WINDOW * opts.jobs, cache)
    finally:
        _worker_ruleset, _worker_opts = None, None


class WorkerPool:
    """A process pool that survives a worker dying (killed for memory, a crash in a C library).

    ``submit(chunk)`` returns a future of one result list per source. When the pool breaks, the
    chunks it held are run again one source at a time, each in a fresh one-worker pool: the
    source that kills its worker again gets an error result saying so, the others their results,
    and later chunks go to a new pool. The run goes on and every input is accounted for.
    """

    def __init__(self, opts: RunOptions) -> None:
        self.opts = opts
        self._pool: Any = None

    def _executor(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.opts.jobs, initializer=_init_worker,
                                             initargs=(self.opts,))  # fmt: skip
        return self._pool

    def submit(self, chunk: list[Source]) -> _Resilient:
        from concurrent.futures.process import BrokenProcessPool

        try:
            fut = self._executor().submit(_work_chunk, chunk)
        except BrokenProcessPool:
            self._replace()
            fut = self._executor().submit(_work_chunk, chunk)
        return _Resilient(self, fut, chunk)

    def _replace(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def isolated(self, src: Source) -> list[DocumentResult]:
        """One source in a fresh one-worker pool; an error result if that worker dies too."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(self.opts,)) as solo:
            try:
                return solo.submit(_work, src).result()
            except BrokenProcessPool:
                msg = (f"{src.path}: the worker process checking this file died (out of memory, or a crash "
                       "in a library); the other files were checked")  # fmt: skip
                return [_error_result(src.path, None, msg)]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=exc[0] is not None)
            self._pool = None


class _Resilient:
    def __init__(self, pool: WorkerPool, fut: Any, chunk: list[Source]) -> None:
        self.pool, self.fut, self.chunk = pool, fut, chunk

    def done(self) -> bool:
        return bool(self.fut.done())

    def result(self) -> list[list[DocumentResult]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.fut.result()
        except BrokenProcessPool:
            self.pool._replace()
            return [self.pool.isolated(src) for src in self.chunk]


def in_order(
    items: Iterable[Source | DocumentResult],
    submit: Callable[[list[Source]], Any],
    chunk_size: int,
    limit: int,
    cache: Any = None,
) -> Iterator[DocumentResult]:
    """Send sources to ``submit`` in chunks (it returns a future of one result list per source),
    keep at most ``limit`` chunks in flight, and yield every result in input order as soon as it
    and everything before it are there. Used by the process pool and by the Dask engine."""
    queue: collections.deque[tuple[DocumentResult | None, Any, list[Source]]] = collections.deque()
    chunk: list[Source] = []
    in_flight = 0

    def drain(block: bool) -> Iterator[DocumentResult]:
        nonlocal in_flight
        while queue:
            ready, fut, srcs = queue[0]
            if ready is not None:
                queue.popleft()
                yield ready
                continue
            if not block and not fut.done():
                return
            queue.popleft()
            in_flight -= 1
            for src, out in zip(srcs, fut.result(), strict=True):
                if cache is not None:
                    cache.store(src, out)
                yield from out

    def send() -> None:
        nonlocal chunk, in_flight
        if chunk:
            queue.append((None, submit(chunk), chunk))
            in_flight += 1
            chunk = []

    for item in items:
        if isinstance(item, DocumentResult):
            send()  # keep input order: what came before goes first
            queue.append((item, None, []))
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            send()
            yield from drain(block=False)
            while in_flight >= limit:  # wait for the oldest chunk in flight
                fut = next(f for r, f, _ in queue if r is None)
                fut.result()
                yield from drain(block=False)
    send()
    yield from drain(block=True)


class Results:
    """Folds streamed DocumentResults into the versioned JSON results contract."""

    def __init__(self, ruleset: RuleSetLike, opts: RunOptions, started: str | None = None, *, spill: bool = False) -> None:
        """``spill``: keep the documents in a temporary file (auditor/spill.py), not in memory."""
        self.opts = opts
        self.ruleset = ruleset
        self.started = started
        self.documents: Any = []
        if spill:
            from auditor.spill import SpilledDocuments

            self.documents = SpilledDocuments()
        self.counts = {"documents": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
        self.by_severity = {"error": 0, "warning": 0, "info": 0}
        self.suppressed = 0
        self.baselined = 0

    def add(self, res: DocumentResult) -> dict[str, Any]:
        d = res.to_dict()
        self.documents.append(d)
        self.counts["documents"] += 1
        key = {"pass": "passed", "fail": "failed", "error": "errors", "skipped": "skipped"}[res.status]
        self.counts[key] += 1
        for f in res.findings:
            if f.suppressed:
                self.suppressed += 1
            elif f.baselined:
                self.baselined += 1
            else:
                self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1
        return d

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
        registries = getattr(self.ruleset, "registries_info", None)
        if registries is not None:
            run["registries"] = registries() if callable(registries) else registries
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
