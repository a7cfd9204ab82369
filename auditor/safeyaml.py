"""YAML with bounded work: alias bombs ("billion laughs") and deep nesting are refused before loading.

ruamel.yaml builds an alias as a shared reference, so loading a bomb is cheap; the blow-up comes
later, when anything walks the data (validation, JSON, ``str``). ``check`` scans the event stream
once (the parser is a state machine, no recursion) and counts each node as often as it would be
visited after alias expansion, plus the nesting depth; past a limit it raises ``YamlLimit`` with
the line. Every YAML reader (rule packs, front matter, waivers, registries, pack cases) calls
``load`` here, or ``check`` before its own loader.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.limits import DEFAULT, Limits, off


class YamlLimit(ValueError):
    """The YAML text goes past a limit; ``line`` is 1-based (None when unknown)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def check(text: str, limits: Limits = DEFAULT) -> None:
    """Raise YamlLimit when ``text`` nests deeper than ``limits.depth`` or expands past
    ``limits.yaml_nodes`` nodes (aliases counted as the nodes they stand for). Syntax errors are
    left to the loader that follows."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        ScalarEvent,
    )

    max_nodes = limits.yaml_nodes
    max_depth = limits.depth
    sizes: dict[str, int] = {}  # anchor -> expanded node count of the node it names
    stack: list[list[Any]] = []  # [count so far, anchor] per open collection
    seen = 0  # nodes visited so far, aliases expanded
    try:
        for ev in YAML(typ="safe", pure=True).parse(text):
            if isinstance(ev, DocumentStartEvent):
                seen = 0
                continue
            if isinstance(ev, CollectionStartEvent):
                seen += 1
                stack.append([1, ev.anchor])
                if not off(max_depth) and len(stack) > max_depth:
                    raise YamlLimit(f"nesting deeper than {max_depth} levels (limit: depth)", _line(ev))
                continue
            if isinstance(ev, CollectionEndEvent):
                size, anchor = stack.pop()
            elif isinstance(ev, ScalarEvent):
                size, anchor = 1, ev.anchor
                seen += 1
            elif isinstance(ev, AliasEvent):
                size, anchor = sizes.get(ev.anchor, 1), None
                seen += size
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            if stack:
                stack[-1][0] += size
            if not off(max_nodes) and seen > max_nodes:
                raise YamlLimit(
                    f"expands to more than {max_nodes} nodes through aliases (limit: yaml-nodes; "
                    "an alias bomb?)",
                    _line(ev),
                )
    except YAMLError:
        return  # the loader reports the syntax error with its own message


def _line(ev: Any) -> int | None:
    mark = getattr(ev, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def load(text: str, typ: str = "safe", limits: Limits = DEFAULT, **settings: Any) -> Any:
    """``check`` then load with ruamel (``typ`` "safe" or "rt"; settings such as
    ``allow_duplicate_keys`` are set on the loader)."""
    from ruamel.yaml import YAML

    check(text, limits)
    yaml = YAML(typ=typ, pure=True) if typ == "safe" else YAML(typ=typ)
    for key, value in settings.items():
        setattr(yaml, key, value)
    return yaml.load(text)


# -- flat mappings without a parser -------------------------------------------------------------------
# Front matter is mostly `key: value` lines. Parsing them with ruamel (pure Python, and ``check``
# first) cost ~5 ms per Markdown file, more than checking the article. ``flat_mapping`` reads only
# lines whose meaning is beyond doubt - a plain key, then a quoted string with no escapes or a plain
# scalar that starts with a letter and is no YAML keyword - and gives None for anything else, so the
# caller falls back to ruamel: the result is always what ruamel's safe loader would give
# (tests/test_safeyaml.py compares them). It has no anchors, aliases or nesting to bound.
_NOT_PRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
_FLAT_LINE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*):[ ]+"
    r"""(?:"(?P<dq>[^"\\]*)"|'(?P<sq>[^']*)'|(?P<plain>[^\W\d_][^#:\[\]{}|>&*!%@`"'\\]*?))[ ]*"""
)
# any case: booleans and null in YAML 1.1 or 1.2
_KEYWORDS = frozenset(["true", "false", "yes", "no", "on", "off", "y", "n", "null"])
FLAT_MAX_LINES = 500


def flat_mapping(text: str) -> dict[str, str] | None:
    """The mapping of a YAML text made only of ``key: value`` lines (values: quoted strings with no
    escapes, or plain words starting with a letter), blank lines and ``#`` comment lines; None for
    any other YAML (the caller parses it)."""
    out: dict[str, str] = {}
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if len(lines) > FLAT_MAX_LINES or _NOT_PRINTABLE.search(text):
        return None
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        m = _FLAT_LINE.fullmatch(line)
        if m is None:
            return None
        key = m.group("key")
        plain = m.group("plain")
        if key in out or key.lower() in _KEYWORDS or (plain is not None and plain.lower() in _KEYWORDS):
            return None
        value = m.group("dq") if m.group("dq") is not None else m.group("sq") if m.group("sq") is not None else plain
        if value is None or "\t" in value:
            return None
        out[key] = value
    return out


__all__ = ["YamlLimit", "check", "flat_mapping", "load"]
