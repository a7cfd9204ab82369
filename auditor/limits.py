"""Bounded work per input: size limits that turn a hostile or runaway file into an ``error`` result.

Every limit has a default, a config key (``[limits]`` in ``auditor.toml``) and a command-line
option; ``0`` switches a limit off. A limit hit raises ``readers.LimitExceeded`` (a ``ReadError``), which
the engine reports as an error result for that input with the reason; the run goes on.

| limit | config key | option | default |
|---|---|---|---|
| file size | ``file-size`` | ``--max-file-size`` | 64 MB |
| characters of one document's text | ``text-size`` | ``--max-text-size`` | 2,000,000 |
| PDF pages | ``pages`` | ``--max-pages`` | 2000 |
| decompressed size (DOCX and other zips) | ``decompressed-size`` | ``--max-decompressed-size`` | 64 MB |
| nesting depth (HTML, JSON, YAML) | ``depth`` | ``--max-depth`` | 256 |
| YAML nodes after alias expansion | ``yaml-nodes`` | ``--max-yaml-nodes`` | 100000 |
| seconds one pack regex may search one document | ``regex-time`` | ``--max-regex-time`` | 0.5 |
| seconds reading one input may take | ``read-time`` | ``--max-read-time`` | 300 |

The regex time reaches the checks on their ``Context`` (``Context.regex_time``), set per run from
``Limits.regex_timeout``; a search past it is a ``timeout`` finding and makes that input an
``error`` result (the run goes on).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_size: int = 64 * MB  # CMS exports hold many articles: the per-document bound is text_size
    text_size: int = 2_000_000  # characters of one document's text: bounds the checks' time and memory
    pages: int = 2000
    decompressed_size: int = 64 * MB
    depth: int = 256
    yaml_nodes: int = 100_000
    regex_time: float = 0.5  # seconds one pack regex may search one document (or one block of it)
    read_time: float = 300.0  # seconds reading one input may take (auditor/deadline.py): parsers can go quadratic

    @property
    def regex_timeout(self) -> float | None:
        """The ``timeout`` for a pack regex search (``regex`` module): None when switched off."""
        return None if off(self.regex_time) else self.regex_time

    @property
    def read_timeout(self) -> float | None:
        """Seconds for ``deadline.time_limit`` around one read: None when switched off."""
        return None if off(self.read_time) else self.read_time

    def merged(self, **changes: Any) -> Limits:
        """A copy with the given limits changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def cache_key(self) -> str:
        return repr(tuple(asdict(self).values()))


DEFAULT = Limits()
# config key (auditor.toml [limits]) -> field
CONFIG_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Limits)}
SIZE_KEYS = {"file_size", "decompressed_size"}
TIME_KEYS = {"regex_time", "read_time"}


def off(value: int | float) -> bool:
    """0 (or less) switches a limit off."""
    return value <= 0


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": MB, "g": 1024 * MB, "t": 1024 * 1024 * MB}


def parse_size(value: str | int) -> int:
    """``"32MB"``, ``"500k"``, ``"1GiB"`` or a number of bytes -> bytes (units are powers of 1024)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a size")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is not a size (0 switches the limit off)")
        return value
    m = _SIZE.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a size (e.g. 32MB, 500KB, 1GB, or bytes; 0 switches it off)")
    unit = (m.group(2) or "").lower()[:1]
    return int(float(m.group(1)) * _UNITS[unit])


_SECONDS = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)?\s*$", re.IGNORECASE)


def parse_seconds(value: str | int | float) -> float:
    """``"0.5"``, ``"2s"``, ``"250ms"`` or a number of seconds -> seconds."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, (int, float)):
        if value < 0 or value != value or value == float("inf"):
            raise ValueError(f"{value} is not a time (0 switches the limit off)")
        return float(value)
    m = _SECONDS.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a time (e.g. 0.5, 2s, 250ms; 0 switches it off)")
    return float(m.group(1)) / (1000 if (m.group(2) or "").lower() == "ms" else 1)


def human(n: int) -> str:
    """Bytes for messages: 33554432 -> '32 MB'."""
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v == int(v) or v >= 10 else f"{v:.1f} {unit}"
    return f"{n} bytes"


def from_config(table: dict[str, Any], base: Limits = DEFAULT) -> Limits:
    """A ``[limits]`` table -> Limits; raises ValueError naming the key for a bad value."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        name = CONFIG_KEYS.get(str(key)) or CONFIG_KEYS.get(str(key).replace("_", "-"))
        if name is None:
            raise ValueError(f"{key}: unknown limit (known: {', '.join(CONFIG_KEYS)})")
        try:
            if name in SIZE_KEYS:
                changes[name] = parse_size(value)
            elif name in TIME_KEYS:
                changes[name] = parse_seconds(value)
            else:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"{value!r} is not a whole number (0 switches it off)")
                changes[name] = value
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return base.merged(**changes)


__all__ = ["DEFAULT", "Limits", "from_config", "human", "off", "parse_seconds", "parse_size"]

