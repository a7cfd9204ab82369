"""Atomic file writes and clean interruption: every file auditor writes goes through here.

``write_atomic(path, payload)`` writes a temporary file beside ``path``, flushes it to disk and
renames it over ``path``: a reader sees the old file or the new one, never half of one, and a
write that fails half way (a full disk) leaves the old file as it was and no temporary behind.

``Staged`` does the same for several files that belong together (the reports of one run): each
is written to its temporary first, and only when all are written are they renamed into place,
with SIGINT/SIGTERM held back for those few renames. Interrupted or failed before that, the
temporaries are removed and the old reports stay, all of them.

``handle_signals()`` makes SIGTERM raise ``Terminated`` (exit 143) as SIGINT raises
``KeyboardInterrupt`` (exit 130), so ``finally`` blocks run and nothing is left half-written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM


class WriteError(OSError):
    """A file could not be written; the message names the file and says the old one is kept."""


class Terminated(BaseException):
    """SIGTERM arrived: unwind like KeyboardInterrupt, exit 143."""


def _explain(path: Path, exc: OSError) -> WriteError:
    if exc.errno == errno.ENOSPC:
        why = "disk full"
    elif exc.errno == errno.EDQUOT:
        why = "disk quota exceeded"
    else:
        why = exc.strerror or str(exc)
    return WriteError(exc.errno or 0, f"{path.as_posix()}: cannot write: {why} (any previous file is kept)")


def _temp_for(path: Path) -> tuple[int, Path]:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return fd, Path(name)


def _write_temp(path: Path, payload: str | bytes | Callable[[IO[bytes]], None]) -> Path:
    """The payload in a flushed temporary beside ``path``; removed again if anything fails. A
    callable payload writes into the open file itself (a report streamed, never held whole)."""
    fd, tmp = _temp_for(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(payload):
                payload(fh)
            else:
                fh.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
            fh.flush()
            os.fsync(fh.fileno())
        _copy_mode(path, tmp)
        return tmp
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _explain(path, exc) from None
        raise


def _copy_mode(path: Path, tmp: Path) -> None:
    """Keep the permissions of the file replaced (mkstemp creates 0600); a new file gets 0644 less umask."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def write_atomic(path: str | os.PathLike[str], payload: str | bytes) -> None:
    """Write ``payload`` (str as UTF-8) to ``path`` atomically; raise WriteError with a clear reason."""
    p = Path(path)
    tmp = _write_temp(p, payload)
    try:
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _explain(p, exc) from None


class Staged:
    """Files written together: ``add`` each, then ``commit`` renames them all into place.

    Use as a context manager: leaving it without ``commit`` (an error, Ctrl-C, SIGTERM) removes
    every temporary and leaves the old files untouched.
    """

    def __init__(self) -> None:
        self._temps: list[tuple[Path, Path]] = []

    def add(self, path: str | os.PathLike[str], payload: str | bytes | Callable[[IO[bytes]], None]) -> None:
        """Stage ``payload`` for ``path``: text (as UTF-8), bytes, or a function writing to a binary file."""
        p = Path(path)
        self._temps.append((p, _write_temp(p, payload)))

    def commit(self) -> list[Path]:
        with held_signals():
            done: list[Path] = []
            for final, tmp in self._temps:
                try:
                    os.replace(tmp, final)
                except OSError as exc:
                    raise _explain(final, exc) from None
                done.append(final)
            self._temps = []
            return done

    def abort(self) -> None:
        for _final, tmp in self._temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._temps = []

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.abort()


# -- signals --------------------------------------------------------------------------------------
_held: list[int] = []
_holding = 0


def _on_term(signum: int, frame: FrameType | None) -> None:
    if _holding:
        _held.append(signum)
        return
    raise Terminated()


def _on_int(signum: int, frame: FrameType | None) -> None:
    if _holding:
        _held.append(signum)
        return
    raise KeyboardInterrupt()


def handle_signals() -> Callable[[], None]:
    """SIGINT -> KeyboardInterrupt, SIGTERM -> Terminated (main thread only; a no-op elsewhere).
    Returns a function that puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None}
    signal.signal(signal.SIGINT, _on_int)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_term)

    def restore() -> None:
        for s, h in before.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)

    return restore


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back for a short critical section (the renames of a commit); they
    take effect right after it."""
    global _holding
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        if not _holding and _held:
            signum = _held[0]
            _held.clear()
            if signum == getattr(signal, "SIGTERM", None):
                raise Terminated()
            raise KeyboardInterrupt()


def quiet_shutdown() -> None:
    """After an interrupt: no "Exception ignored in ..." noise from libraries' half-finished
    generators and files (openpyxl's streaming writer) as the interpreter tears them down."""
    sys.unraisablehook = lambda _unraisable: None


__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "Staged",
    "Terminated",
    "WriteError",
    "handle_signals",
    "held_signals",
    "quiet_shutdown",
    "write_atomic",
]
