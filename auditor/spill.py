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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

_MARK = "\x00auditor-splice\x00"
_MARK_JSON = json.dumps(_MARK)
# one document as the JSON report writes it (the C encoder; ", " and ": " separators): the spill file
# and the cache keep documents in exactly these bytes, so the report can copy them without parsing
encode_line = json.JSONEncoder(ensure_ascii=False).encode


class Line(str):
    """A document already encoded as its line of the JSON report; ``write_spliced`` copies it."""

    __slots__ = ()


@dataclass(slots=True)
class RenderedResult:
    """A document's result as its line of the JSON report, with what the run's summary counts:
    what the cache answers for an unchanged file when nothing after the engine can change it
    (no waivers, no baseline, no --select/--ignore). ``to_dict`` parses it (console, SARIF ...)."""

    path: str
    status: str
    line: str
    by_severity: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    baselined: int = 0
    document: dict[str, Any] | None = None  # never a text: it is not a DocumentResult

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = json.loads(self.line)
        return out

    @classmethod
    def of(cls, d: dict[str, Any]) -> RenderedResult:
        """From a document of the JSON results contract (``DocumentResult.to_dict()``)."""
        by_severity: dict[str, int] = {}
        suppressed = baselined = 0
        for f in d.get("findings") or []:
            if f.get("suppressed"):
                suppressed += 1
            elif f.get("baselined"):
                baselined += 1
            else:
                by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
        return cls(d["path"], d["status"], encode_line(d), by_severity, suppressed, baselined)


@dataclass(slots=True)
class RenderedBlock:
    """The documents of consecutive unchanged files, answered together by the cache
    (``cache.CachedEngine``): their lines of the JSON report as UTF-8 bytes, and what the run's
    summary counts of them. A 100k-file re-run moves ~400 of these, not 100k objects."""

    lines: list[bytes] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # errors, warnings, infos, suppressed, baselined

    def add(self, path: str, line: bytes, status: str, counts: list[int]) -> None:
        self.lines.append(line)
        self.paths.append(path)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        total = self.counts
        for i, n in enumerate(counts):
            total[i] += n

    def __len__(self) -> int:
        return len(self.paths)

    def documents(self) -> Iterator[tuple[str, bytes]]:
        """(path, JSON line) of each document, in order."""
        return zip(self.paths, self.lines, strict=True)


class SpilledDocuments:
    """An append-only list of JSON-able dicts kept in a temporary file."""

    def __init__(self, folder: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="auditor-results-", suffix=".jsonl", dir=folder)
        self._out: IO[bytes] | None = os.fdopen(fd, "wb")
        self._count = 0

    def append(self, item: dict[str, Any] | str) -> None:
        """Add a document: a dict, or its line already encoded (``encode_line``)."""
        assert self._out is not None, "spill file closed"
        self._out.write((item if isinstance(item, str) else encode_line(item)).encode("utf-8"))
        self._out.write(b"\n")
        self._count += 1

    def extend(self, block: RenderedBlock) -> None:
        """Add a block of documents already encoded as their lines (UTF-8), in one write."""
        assert self._out is not None, "spill file closed"
        block.lines.append(b"")  # the last line's newline, without copying the joined lines again
        self._out.write(b"\n".join(block.lines))
        block.lines.pop()
        self._count += len(block.lines)

    def copy_lines(self, out: IO[bytes], sep: bytes) -> None:
        """Every document's line, joined by ``sep``: the JSON report's list, copied in blocks of
        bytes (no line is decoded, split or encoded again)."""
        if self._out is not None:
            self._out.flush()
        with open(self.path, "rb") as fh:
            left = os.fstat(fh.fileno()).st_size - 1  # the last line's newline ends the list, no separator
            while left > 0:
                chunk = fh.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
                out.write(chunk.replace(b"\n", sep))

    def lines(self) -> Iterator[Line]:
        """The documents as their lines of the JSON report, not parsed."""
        if self._out is not None:
            self._out.flush()
        with open(self.path, encoding="utf-8", newline="\n") as fh:
            for _i, line in zip(range(self._count), fh, strict=False):
                yield Line(line[:-1])

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


class SpilledTexts(Mapping[str, str]):
    """path -> text, kept in a temporary SQLite file, not in memory: the texts of the documents
    with findings, which the history keeps for the review desk (5-20 KB each; a million-article
    run would hold gigabytes). Read back one at a time by path."""

    def __init__(self, folder: str | None = None) -> None:
        import sqlite3

        fd, self.path = tempfile.mkstemp(prefix="auditor-texts-", suffix=".sqlite", dir=folder)
        os.close(fd)
        self._db: Any = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE texts (path TEXT PRIMARY KEY, body TEXT NOT NULL)")

    def __setitem__(self, path: str, body: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (path, body))

    def update(self, items: Mapping[str, str]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", items.items())

    def __getitem__(self, path: str) -> str:
        row = self._db.execute("SELECT body FROM texts WHERE path = ?", (path,)).fetchone()
        if row is None:
            raise KeyError(path)
        return str(row[0])

    def __contains__(self, path: object) -> bool:
        return self._db.execute("SELECT 1 FROM texts WHERE path = ?", (path,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (str(r[0]) for r in self._db.execute("SELECT path FROM texts ORDER BY path"))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM texts").fetchone()[0])

    def close(self) -> None:
        """Delete the file; the texts are gone after this."""
        if self._db is not None:
            self._db.close()
            self._db = None
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def materialise(obj: Any) -> Any:
    """A copy of a results dict with any spilled list read back into memory (for code that needs a list)."""
    if isinstance(obj, dict):
        return {k: materialise(v) for k, v in obj.items()}
    if isinstance(obj, SpilledDocuments):
        return obj.to_list()
    return obj


def write_spliced(stream: IO[str], obj: Any, path: tuple[Any, ...], items: Iterable[Any],
                  indented: tuple[tuple[Any, ...], Iterable[Any]] | None = None) -> None:
    """Write ``json.dumps(obj with obj[path...] = list(items), ensure_ascii=False, indent=2) + "\\n"``
    to ``stream`` without holding the list: the items are dumped one at a time.

    ``indented``: one more (path, items) list, streamed the same way but each item laid out as
    ``indent=2`` lays it out (over several lines), so the bytes are those of the whole dump."""
    if isinstance(items, SpilledDocuments):  # their lines are already this report's: copied, not parsed
        if indented is None and items and _copy_spilled(stream, obj, path, items):
            return
        items = items.lines()
    splices = [(path, iter(items), False)]
    if indented is not None:
        splices.append((indented[0], iter(indented[1]), True))
    marked, firsts = obj, []
    for n, (where, it, _multi) in enumerate(splices):
        first = next(it, _MARK)
        firsts.append(first)
        marked = _set(marked, where, [] if first is _MARK else [f"{_MARK}{n}"])
    text = json.dumps(marked, ensure_ascii=False, indent=2)
    order = sorted((text.index(json.dumps(f"{_MARK}{n}")), n) for n, f in enumerate(firsts) if f is not _MARK)
    done = 0
    for at, n in order:
        line_start = text.rindex("\n", 0, at) + 1
        indent = text[line_start:at]
        stream.write(text[done:line_start])
        _, it, multi = splices[n]
        if multi:
            def dumps(item: Any, indent: str = indent) -> str:
                return json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
        else:
            def dumps(item: Any, indent: str = indent) -> str:
                return item if isinstance(item, Line) else encode_line(item)
        stream.write(indent + dumps(firsts[n]))
        sep = ",\n" + indent
        for item in it:
            stream.write(sep + dumps(item))
        done = at + len(json.dumps(f"{_MARK}{n}"))
    stream.write(text[done:] + "\n")


def _copy_spilled(stream: IO[str], obj: Any, path: tuple[Any, ...], items: SpilledDocuments) -> bool:
    """``write_spliced`` of a spill file's lines into a UTF-8 text stream over a binary file: the
    lines are copied as bytes beneath the text layer. False (nothing written) for other streams."""
    raw = getattr(stream, "buffer", None)
    if raw is None or str(getattr(stream, "encoding", "")).lower().replace("-", "") != "utf8":
        return False
    text = json.dumps(_set(obj, path, [_MARK]), ensure_ascii=False, indent=2)
    at = text.index(_MARK_JSON)
    indent = text[text.rindex("\n", 0, at) + 1:at]
    stream.write(text[:at])
    stream.flush()  # what the text layer holds goes first; the lines are copied below it
    items.copy_lines(raw, ("," + "\n" + indent).encode("utf-8"))
    stream.write(text[at + len(_MARK_JSON):] + "\n")
    return True


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
