"""A time limit on reading one input (``read-time``): pure-Python parsers (pdfminer on a damaged
cross-reference table, for one) can take time quadratic in a hostile file's size.

``time_limit`` arms a real-time timer (SIGALRM) around the call; when it fires, the read is
abandoned with ``ReadTimeout``, a BaseException so that no parser's own ``except Exception``
swallows it, and the caller turns it into a LimitExceeded: an error result for that input.
The timer works in the main thread of a process (a run, a pool worker); elsewhere (a thread of
the language server or a Dask worker) the read runs without it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ReadTimeout(BaseException):
    """The read-time limit fired (caught where the read was started)."""


def _fire(_signum: int, _frame: FrameType | None) -> None:
    raise ReadTimeout


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ReadTimeout in this block after ``seconds`` (None or 0: no limit, or not the main thread)."""
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    old = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
