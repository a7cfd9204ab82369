"""The process pool of the local engine: sources sent in chunks, a bounded number in flight,
results yielded in input order; a worker that dies is replaced and its chunk run again one source
at a time. ``in_order`` is shared with the Dask engine (auditor/engine_dask.py)."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from auditor import engine
from auditor.contracts import RuleSetLike
from auditor.discover import Source, error_result
from auditor.engine import RunOptions
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.cache import Answered, CachedEngine
    from auditor.engine import Checked

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
    return engine.check_source(src, _worker_ruleset, _worker_opts)  # looked up here: a test may patch it


def _work_chunk(srcs: list[Source]) -> list[list[DocumentResult]]:
    return [_work(s) for s in srcs]



def audit_parallel(
    items: Iterator[Answered], ruleset: RuleSetLike, opts: RunOptions, cached: CachedEngine | None = None
) -> Iterator[Checked]:
    """``items``: each input with what the cache answered for it (auditor/cache.py ``Answered``);
    ``cached``: the cache around the engine, told what the workers said."""
    global _worker_ruleset, _worker_opts
    # forked workers inherit the compiled packs (no second load); spawned ones load them once
    _worker_ruleset, _worker_opts = ruleset, opts
    try:
        with WorkerPool(opts) as pool:  # survives a worker dying (auditor hardening)
            yield from in_order(items, pool.submit, CHUNK, WINDOW * opts.jobs, cached)
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
                return [error_result(src.path, None, msg)]

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
    items: Iterable[Answered],
    submit: Callable[[list[Source]], Any],
    chunk_size: int,
    limit: int,
    cached: CachedEngine | None = None,
) -> Iterator[Checked]:
    """Send the sources the cache did not answer to ``submit`` in chunks (it returns a future of
    one result list per source), keep at most ``limit`` chunks in flight, and yield every input
    with its results in input order as soon as it and everything before it are there;
    ``cached.store`` is told what each checked source gave. Used by the process pool and by the
    Dask engine."""
    # a chunk: [its future (None while filling), its inputs in order (a Source, or results ready
    # already), how many sources]
    queue: collections.deque[list[Any]] = collections.deque()
    filling: list[Any] | None = None
    in_flight = 0

    def drain(block: bool) -> Iterator[Checked]:
        nonlocal in_flight
        while queue:
            fut, entries, _n = queue[0]
            if fut is None or (not block and not fut.done()):
                return
            queue.popleft()
            in_flight -= 1
            results = iter(fut.result())
            for entry in entries:
                if isinstance(entry, tuple):
                    yield entry
                    continue
                out = next(results)
                if cached is not None:
                    cached.store(entry, out)
                yield entry, out

    def send() -> None:
        nonlocal filling, in_flight
        if filling is not None:
            sources = [e for e in filling[1] if isinstance(e, Source)]
            filling[0] = submit(sources) if sources else _Done([])
            in_flight += 1
            filling = None

    for item, answer in items:
        ready = answer is not None or isinstance(item, DocumentResult)
        if filling is None:
            if not queue and ready:
                yield item, answer if answer is not None else [item]  # nothing before it is pending
                continue
            filling = [None, [], 0]
            queue.append(filling)
        filling[1].append((item, answer if answer is not None else [item]) if ready else item)
        filling[2] += not ready
        if filling[2] >= chunk_size or len(filling[1]) >= 4 * chunk_size:
            send()
            yield from drain(block=False)
            while in_flight >= limit:  # wait for the oldest chunk in flight
                queue[0][0].result()
                yield from drain(block=False)
    send()
    yield from drain(block=True)


class _Done:
    """A future that is already done (a chunk of inputs the cache answered alone)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value
