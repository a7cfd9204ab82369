"""A progress bar (rich, on standard error) for runs longer than a second on a terminal; none in CI logs."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

T = TypeVar("T")
DELAY = 1.0  # seconds before a bar appears: short runs stay quiet


def wanted(stream: TextIO | None = None) -> bool:
    """A bar only for a person at a terminal: not in CI, not when piped, not on a dumb terminal."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("AUDITOR_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return False
    try:
        import rich  # noqa: F401  (an optional extra: no bar without it)
    except ImportError:
        return False
    return True


def track(items: Iterable[T], total: int | None, label: str = "checking", stream: TextIO | None = None,
          enabled: bool | None = None, delay: float = DELAY, size: Callable[[T], int] | None = None) -> Iterator[T]:
    """Yield items unchanged; after `delay` seconds, show a bar of how many of `total` are done
    (``size``: how many of them an item stands for; 1 each by default)."""
    if enabled is None:
        enabled = wanted(stream)
    if not enabled:
        yield from items
        return
    start = time.monotonic()
    bar: Any = None
    task: Any = None
    done = 0
    try:
        for item in items:
            yield item
            done += 1 if size is None else size(item)
            if bar is None and time.monotonic() - start >= delay:
                bar, task = _start(total, label, stream or sys.stderr, done)
            elif bar is not None:
                bar.update(task, completed=done)
    finally:
        if bar is not None:
            bar.update(task, completed=done)
            bar.stop()


def _start(total: int | None, label: str, stream: TextIO, done: int) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    )
    bar.start()
    task = bar.add_task(label, total=total, completed=done)
    return bar, task
