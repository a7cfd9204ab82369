"""The engine: the rules chosen for each document's path, over every document, streaming,
optionally in a process pool.

It knows no output format and no suppression: ``Engine.check`` (``check_source``) is pure, a
function of the source and the run's options, with no hooks; the apply stage
(auditor/suppress/apply.py) comes after it (and after the cache), then the reporters.
``audit`` yields the engine's ``DocumentResult``s in input order. Discovery is in
auditor/discover.py, the process pool in auditor/pool.py, and ``Results`` (the JSON results
contract every reporter reads) in auditor/results.py; their names are importable from here too.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.config import Policy
from auditor.contracts import RuleSetLike
from auditor.discover import READ_ERROR_RULE, SKIP_DIRS, Source, discover, error_result  # noqa: F401  (re-exported)
from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.limits import Limits
from auditor.model import SEVERITY_RANK, Document, DocumentResult, Finding
from auditor.results import RESULTS_SCHEMA_VERSION, Results, results_schema, sample_warning  # noqa: F401

if TYPE_CHECKING:
    from auditor.cache import Cache, CachedEngine

_error_result = error_result


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

@dataclass(slots=True, frozen=True)
class Engine:
    """The rules of a run: ``check`` reads one source and runs the rules chosen for each document's
    path on it. Pure: no suppression, no status beyond "checked", no cache, no hooks."""

    ruleset: RuleSetLike
    opts: RunOptions

    def check(self, src: Source) -> list[DocumentResult]:
        """One result per document in the source (a CMS export holds several; an unreadable or
        skipped source gives one)."""
        return check_source(src, self.ruleset, self.opts)


# -- one source ------------------------------------------------------------------------------
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
    too_long = _too_long(docs, opts.limits.text_size)
    if too_long is not None:
        return [_error_result(too_long.path, fmt, _too_long_message(too_long.path, len(too_long.text), limit))]
    out = [check_document(doc, ruleset, opts, data) for doc in docs]
    if not docs:
        out.append(DocumentResult(path=src.path, format=fmt, status="skipped", note="no article found"))
    return out


def check_document(doc: Document, ruleset: RuleSetLike, opts: RunOptions, data: bytes | None = None) -> DocumentResult:
    """The rules chosen for the document's path, run on it: a pure function of the document and
    the run's options (no suppression, no status beyond "checked"). ``data``: the file's bytes,
    to say when their encoding was guessed.

    The status is "pass" for a document that was checked ("error" when a pack regex ran out of
    time): the verdict (pass or fail, after overrides, directives, waivers and the baseline) is the
    apply stage's (auditor/suppress/apply.py), set once.
    """
    from auditor.suppress.directives import find_directives

    skip = opts.policy.skipped_rules(doc.path, ruleset.rules_info)
    findings, unverified = ruleset.evaluate(doc, opts.as_of, opts.limits.regex_timeout, skip=skip)
    guessed = encoding_warning(doc, data) if data is not None else None
    if guessed is not None and ENCODING_RULE not in skip:
        findings.insert(0, guessed)
    _add_context(findings, doc.text)
    directives = find_directives(doc) if opts.policy.directives else []
    res = DocumentResult(
        path=doc.path,
        format=doc.format,
        status="pass",
        document=doc.to_dict(),
        findings=findings,
        unverified=sorted(set(unverified)),
        metadata=_report_metadata(doc.metadata),
        directives=directives,
        text=doc.text if findings or directives else None,  # the apply stage drops it when no finding stays
    )
    _regex_limit(res)
    return res


ENCODING_RULE = "auditor.encoding"
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def encoding_warning(doc: Document, data: bytes) -> Finding | None:
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


def _too_long(docs: list[Document], limit: int) -> Document | None:
    """The first document whose text is past ``limit`` characters (0: no limit), else None."""
    return next((d for d in docs if limit > 0 and len(d.text) > limit), None)


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


def _report_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """The few metadata keys reports group by; article metadata otherwise stays out of results."""
    keep = {}
    for key in ("section", "category", "publisher", "url", "id"):
        if key in meta and isinstance(meta[key], (str, int, float)):
            keep[key] = meta[key]
    return keep


# -- the run -----------------------------------------------------------------------------------
def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def audit(
    sources: Iterable[Source | DocumentResult], ruleset: RuleSetLike, opts: RunOptions, cache: Cache | None = None
) -> Iterator[DocumentResult]:
    """Yield results in input order, as they come. With jobs > 1 and enough files, a process pool
    reads and checks, fed in chunks with a bounded number in flight, so memory stays flat.

    ``cache`` (auditor/cache.py) wraps the per-source check: it answers unchanged files in this
    process, before any checking, and stores what the check said about the others.
    """
    for _item, out in audit_sources(sources, ruleset, opts, cache):
        yield from out


Checked = tuple[Source | DocumentResult, list[Any]]  # an input and its results, in input order


def audit_sources(
    sources: Iterable[Source | DocumentResult], ruleset: RuleSetLike, opts: RunOptions, cache: Cache | None = None
) -> Iterator[Checked]:
    """``audit``, one input at a time: each input with its results (a result from discovery
    stands for itself)."""
    cached = None
    if cache is not None:
        from auditor.cache import CachedEngine

        cached = CachedEngine(cache, Engine(ruleset, opts).check)
    if opts.engine == "dask":
        from auditor.engine_dask import audit_dask

        yield from audit_dask(sources, opts, cached)
        return
    pairs = cached.answered(sources) if cached is not None else ((item, None) for item in sources)
    if opts.jobs <= 1:
        yield from _in_process(pairs, ruleset, opts, cached)
        return
    held: list[tuple[Source | DocumentResult, list[Any] | None]] = []
    to_check = 0
    for pair in pairs:  # look ahead: a pool is worth starting only for enough files to check
        missing = isinstance(pair[0], Source) and pair[1] is None
        if not held and not missing:
            yield from _in_process([pair], ruleset, opts, cached)
            continue
        held.append(pair)
        to_check += missing
        if to_check >= 2 * opts.jobs:
            from auditor.pool import audit_parallel

            yield from audit_parallel(itertools.chain(held, pairs), ruleset, opts, cached)
            return
        if len(held) >= LOOKAHEAD:  # a few changed files among many unchanged ones: memory stays bounded
            yield from _in_process(held, ruleset, opts, cached)
            held, to_check = [], 0
    yield from _in_process(held, ruleset, opts, cached)


LOOKAHEAD = 256  # inputs held while looking for enough files to check to start a process pool


def _in_process(
    pairs: Iterable[tuple[Source | DocumentResult, list[Any] | None]], ruleset: RuleSetLike,
    opts: RunOptions, cached: CachedEngine | None,
) -> Iterator[Checked]:
    for item, ready in pairs:
        if ready is not None:
            yield item, ready
        elif isinstance(item, DocumentResult):
            yield item, [item]
        else:
            out = check_source(item, ruleset, opts)
            if cached is not None:
                cached.store(item, out)
            yield item, out
