"""Results held on disk, not in memory: a spill file of one JSON document per line.

``SpilledDocuments`` stands where the results dict has its ``documents`` list. It can be iterated
any number of times (each pass reads the file again), has a length, and keeps nothing but the file
and a count in memory, so a run over a million articles holds one document at a time. Reporters
that need totals first (summaries, rule lists) take one pass for those and another to write.

``write_spliced`` writes ``obj`` as ``json.dumps(obj, ensure_ascii=False, indent=2)`` would, except
that one list inside it is produced item by item and each item is written on one line (the C
encoder: Python's ``indent`` encoder is pure Python and was a quarter of a cached run). The JSON
and SARIF reporters use it for their documents and results.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

_MARK = "\x00auditor-splice\x00"
_MARK_JSON = json.dumps(_MARK)


class SpilledDocuments:
    """An append-only list of JSON-able dicts kept in a temporary file."""

    def __init__(self, folder: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="auditor-results-", suffix=".jsonl", dir=folder)
        self._out: IO[bytes] | None = os.fdopen(fd, "wb")
        self._count = 0

    def append(self, item: dict[str, Any]) -> None:
        assert self._out is not None, "spill file closed"
        self._out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        self._out.write(b"\n")
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._out is not None:
            self._out.flush()
        with open(self.path, "rb") as fh:
            for _i, line in zip(range(self._count), fh, strict=False):
                yield json.loads(line)

    def to_list(self) -> list[dict[str, Any]]:
        return list(self)

    def close(self) -> None:
        """Delete the file; the documents are gone after this."""
        if self._out is not None:
            self._out.close()
            self._out = None
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def __del__(self) -> None:  # a run that ends early still removes its spill file
        with contextlib.suppress(Exception):
            self.close()


def materialise(obj: Any) -> Any:
    """A copy of a results dict with any spilled list read back into memory (for code that needs a list)."""
    if isinstance(obj, dict):
        return {k: materialise(v) for k, v in obj.items()}
    if isinstance(obj, SpilledDocuments):
        return obj.to_list()
    return obj


def write_spliced(stream: IO[str], obj: Any, path: tuple[Any, ...], items: Iterable[Any]) -> None:
    """Write ``json.dumps(obj with obj[path...] = list(items), ensure_ascii=False, indent=2) + "\\n"``
    to ``stream`` without holding the list: the items are dumped one at a time."""
    it = iter(items)
    first = next(it, _MARK)
    if first is _MARK:  # an empty list: nothing to stream
        stream.write(json.dumps(_set(obj, path, []), ensure_ascii=False, indent=2) + "\n")
        return
    text = json.dumps(_set(obj, path, [_MARK]), ensure_ascii=False, indent=2)
    at = text.index(_MARK_JSON)
    line_start = text.rindex("\n", 0, at) + 1
    indent = text[line_start:at]
    stream.write(text[:line_start])
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder, ", " and ": " separators
    stream.write(indent + dumps(first))
    sep = ",\n" + indent
    for item in it:
        stream.write(sep + dumps(item))
    stream.write(text[at + len(_MARK_JSON):] + "\n")


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A shallow copy of obj along path with the last step replaced by value."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(obj, dict):
        return {**obj, head: _set(obj[head], rest, value)}
    out = list(obj)
    out[head] = _set(obj[head], rest, value)
    return out
