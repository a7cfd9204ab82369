"""``--engine dask``: the same per-file function as the local engine, mapped over a Dask cluster.

Sources go to the workers in chunks (paths, or the bytes already read for a cache miss); each
worker loads the packs once and runs ``engine.check_source`` on them, reading files itself, so the
paths must be visible to the workers (a shared filesystem, or object storage URLs through fsspec,
e.g. ``s3://bucket/articles/``). Results come back in input order with a bounded number of chunks
in flight. When a worker dies, the scheduler runs its tasks again on another worker; each chunk's
result is taken once, from its future, so nothing is lost or counted twice.

Imported only when ``--engine dask`` is asked for: a local run never imports Dask.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from auditor.engine import Checked, DocumentResult, RunOptions, Source, check_source
from auditor.pool import in_order

if TYPE_CHECKING:
    from auditor.cache import CachedEngine

CHUNK = 32  # sources per task
WINDOW = 4  # tasks in flight per worker thread

_rulesets: dict[tuple[tuple[str, ...], tuple[str, ...]], Any] = {}  # per worker process: packs loaded once


class DaskUnavailable(RuntimeError):
    pass


def _ruleset(opts: RunOptions) -> Any:
    from auditor.pool import worker_ruleset

    key = (tuple(opts.rule_specs), tuple(opts.registries))
    rs = _rulesets.get(key)
    if rs is None:
        rs = _rulesets[key] = worker_ruleset(opts)
    return rs


def check_chunk(srcs: list[Source], opts: RunOptions) -> list[list[DocumentResult]]:
    """Runs on a worker: read (locally or through fsspec) and check each source."""
    rs = _ruleset(opts)
    out = []
    for src in srcs:
        if src.data is None and src.fs_path is not None and "://" in src.fs_path:
            src = _fetch(src)
        out.append(check_source(src, rs, opts))
    return out


def _fetch(src: Source) -> Source:
    import fsspec

    try:
        with fsspec.open(src.fs_path, "rb") as fh:
            data = fh.read()
    except OSError:
        return src  # check_source reports the read error
    return Source(path=src.path, fs_path=src.fs_path, data=data)


def connect(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client for the scheduler at ``scheduler``, or for a new local cluster of ``jobs`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable("--engine dask needs dask.distributed: pip install 'auditor[dask]'") from None
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def audit_dask(
    items: Iterable[Source | DocumentResult], opts: RunOptions, cached: CachedEngine | None = None, client: Any = None
) -> Iterator[Checked]:
    """Yield results in input order; ``client`` defaults to one made from ``opts.scheduler``.
    ``cached`` (auditor/cache.py ``CachedEngine``) answers unchanged files here, on the client."""
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(opts.scheduler, opts.jobs)
    try:
        threads = max(1, sum((client.nthreads() or {}).values()))
        # the options travel with each task (a few hundred bytes), not as scattered data: a scattered
        # value lives only on the workers it was sent to, and losing them cancels every task needing it
        pairs = cached.answered(items) if cached is not None else ((i, None) for i in items)
        sources = ((i if isinstance(i, DocumentResult) or ready is not None else _absolute(i), ready)
                   for i, ready in pairs)  # fmt: skip
        yield from in_order(sources, lambda chunk: client.submit(check_chunk, chunk, opts, pure=False),
                            CHUNK, WINDOW * threads, cached)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def _absolute(src: Source) -> Source:
    """Workers have their own working folder: send them absolute paths (the shown path stays)."""
    if src.data is None and src.fs_path and "://" not in src.fs_path and not os.path.isabs(src.fs_path):
        return Source(path=src.path, fs_path=os.path.abspath(src.fs_path))
    return src


def discover_url(url: str) -> Iterator[Source | DocumentResult]:
    """Files under an fsspec URL (``s3://bucket/prefix``, ``file:///srv/articles``), in a stable order."""
    from auditor.discover import SKIP_DIRS, _is_project_doc
    from auditor.discover import error_result as _error_result

    try:
        import fsspec
    except ImportError:
        yield _error_result(url, None, f"{url}: reading URLs needs fsspec (pip install 'auditor[dask]')")
        return
    try:
        fs, root = fsspec.core.url_to_fs(url)
        if fs.isfile(root):
            yield Source(path=url, fs_path=url)
            return
        found = sorted(fs.find(root))
    except (OSError, ValueError) as exc:
        yield _error_result(url, None, f"{url}: {exc}")
        return
    if not found:
        yield _error_result(url, None, f"{url}: no such file or folder")
        return
    protocol = url.split("://", 1)[0]
    for p in found:
        rel = p[len(root.rstrip("/")) + 1:] if p.startswith(root.rstrip("/") + "/") else p
        parts = rel.split("/")
        if any(x.startswith(".") or x in SKIP_DIRS for x in parts):
            continue
        full = f"{protocol}://{p}" if protocol != "file" else f"file://{p}"
        if _is_project_doc(parts[-1]):
            yield DocumentResult(path=full, format=None, status="skipped",
                                 note="skipped: project documentation, not an article (name the file to audit it)")
            continue
        yield Source(path=full, fs_path=full)
