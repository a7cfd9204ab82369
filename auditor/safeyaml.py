"""YAML with bounded work: alias bombs ("billion laughs") and deep nesting are refused before loading.

ruamel.yaml builds an alias as a shared reference, so loading a bomb is cheap; the blow-up comes
later, when anything walks the data (validation, JSON, ``str``). ``check`` scans the event stream
once (the parser is a state machine, no recursion) and counts each node as often as it would be
visited after alias expansion, plus the nesting depth; past a limit it raises ``YamlLimit`` with
the line. Every YAML reader (rule packs, front matter, waivers, registries, pack cases) calls
``load`` here, or ``check`` before its own loader.
"""

from __future__ import annotations

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


__all__ = ["YamlLimit", "check", "load"]
