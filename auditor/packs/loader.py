"""Read rule packs (YAML or JSON) with positions, validate them, and report errors as one line each:
``file:line:col: key.path: message`` (with did-you-mean for misspelt keys).
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import auditor

PACK_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(slots=True)
class PackError:
    """One problem in one pack file. ``str()`` is the one-line form the CLI prints."""

    file: str
    line: int | None = None
    col: int | None = None
    key: str | None = None
    message: str = ""
    level: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class PackLoadError(Exception):
    def __init__(self, errors: list[PackError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


# -- where packs live ------------------------------------------------------------------------------
def rules_dir() -> Path:
    """The shipped packs: rules/ next to the package in a checkout, auditor/_rules in a wheel."""
    pkg = Path(auditor.__file__).resolve().parent
    checkout = pkg.parent / "rules"
    if checkout.is_dir():
        return checkout
    return pkg / "_rules"


def shipped_packs() -> list[tuple[str, Path]]:
    """(id, path) of every shipped pack, sorted by id."""
    root = rules_dir()
    if not root.is_dir():
        return []
    out = [(p.stem, p) for p in root.iterdir() if p.suffix in PACK_SUFFIXES and p.stem != "schema"]
    return sorted(out)


def display_path(path: Path) -> str:
    """A path for messages and results: relative to the working folder, or rules/<name> when shipped."""
    try:
        return (
            Path(os.path.relpath(path)).as_posix()
            if not os.path.relpath(path).startswith("..")
            else _shipped(path)
        )
    except ValueError:  # another drive on Windows
        return _shipped(path)


def _shipped(path: Path) -> str:
    root = rules_dir().resolve()
    try:
        return "rules/" + path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def looks_like_path(spec: str) -> bool:
    return "/" in spec or os.sep in spec or spec.endswith(PACK_SUFFIXES) or spec.startswith(".")


def resolve_spec(spec: str, base: Path | None = None) -> Path | PackError:
    """A pack id (shipped) or a path (relative to ``base``, the extending pack's folder)."""
    if looks_like_path(spec):
        p = Path(spec)
        if base is not None and not p.is_absolute():
            p = base / p
        if p.is_file():
            return p
        return PackError(spec, message="no such pack file")
    for pid, path in shipped_packs():
        if pid == spec:
            return path
    known = [pid for pid, _ in shipped_packs()]
    close = difflib.get_close_matches(spec, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return PackError(
        spec, message=f"no shipped pack with this id ({hint}shipped: {', '.join(known) or 'none'})"
    )


# -- reading with positions ------------------------------------------------------------------------
def read_document(path: Path, shown: str) -> tuple[Any, bytes]:
    """Parse YAML or JSON (ruamel round-trip, so every key keeps its line and column)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackLoadError([PackError(shown, message=f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackLoadError([PackError(shown, message=f"not UTF-8 (byte {exc.start})")]) from None
    from auditor.safeyaml import YamlLimit, check

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        check(text)  # alias bombs and deep nesting, before anything walks the data
        doc = yaml.load(text)
    except YamlLimit as exc:
        raise PackLoadError([PackError(shown, exc.line, 1 if exc.line else None, None, str(exc))]) from None
    except RecursionError:
        raise PackLoadError([PackError(shown, message="nested too deeply (limit: depth)")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in problem or "found duplicate key" in str(exc):
            problem = _duplicate_message(exc)
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise PackLoadError([PackError(shown, line, col, None, problem)]) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. bad characters)
        raise PackLoadError([PackError(shown, message=f"cannot parse: {str(exc).splitlines()[0]}")]) from None
    if not isinstance(doc, dict):
        raise PackLoadError(
            [PackError(shown, 1, 1, None, "a pack is a mapping (id, title, version, rules, ...)")]
        )
    return doc, data


def _duplicate_message(exc: Any) -> str:
    text = str(exc.problem or "")
    key = text.split('"')[1] if '"' in text else ""
    return f"duplicate key {key!r}" if key else "duplicate key"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- positions of pydantic errors ------------------------------------------------------------------
def _pos_key(node: Any, key: Any) -> tuple[int, int] | None:
    try:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _pos_value(node: Any, key: Any) -> tuple[int, int] | None:
    try:
        line, col = node.lc.value(key) if isinstance(node, dict) else node.lc.item(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def locate(
    root: Any, loc: tuple[Any, ...], prefix: list[Any] | None = None, at_key: bool = False
) -> tuple[list[Any], int | None, int | None]:
    """Walk ``loc`` (a pydantic error location) through the parsed data: the data path and a position.

    Union tags and other loc parts that are not keys of the data are skipped; a last part that is not
    in the data (a missing key) is kept in the path and positioned at its parent.
    """
    node = root
    path: list[Any] = list(prefix or [])
    pos: tuple[int, int] = (1, 1)
    last = len(loc) - 1
    for i, el in enumerate(loc):
        if isinstance(node, dict) and not isinstance(el, int) and el in node:
            scalar_value = i == last and not at_key and not isinstance(node[el], (dict, list))
            pos = (_pos_value(node, el) if scalar_value else None) or _pos_key(node, el) or pos
            path.append(el)
            node = node[el]
        elif isinstance(node, list) and isinstance(el, int) and 0 <= el < len(node):
            pos = _pos_value(node, el) or pos
            path.append(el)
            node = node[el]
        elif i == last and isinstance(el, str) and isinstance(node, dict):
            path.append(el)  # a missing key: reported at its parent
    return path, pos[0], pos[1]


def key_path(path: list[Any]) -> str:
    out = ""
    for el in path:
        if isinstance(el, int):
            out += f"[{el}]"
        else:
            out += ("." if out else "") + str(el)
    return out


def _resolve(schema: dict[str, Any], node: dict[str, Any], data: Any) -> dict[str, Any]:
    for _ in range(10):
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            continue
        alts = node.get("oneOf") or node.get("anyOf")
        if alts:
            chosen = None
            for alt in alts:
                alt_r = schema["$defs"][alt["$ref"].rsplit("/", 1)[-1]] if "$ref" in alt else alt
                kind = alt_r.get("properties", {}).get("kind", {}).get("const")
                if kind is not None and isinstance(data, dict) and data.get("kind") == kind:
                    chosen = alt_r
                    break
                if chosen is None and alt_r.get("type") != "null" and kind is None:
                    chosen = alt_r
            if chosen is None:
                return {}
            node = chosen
            continue
        return node
    return node


def allowed_keys(schema: dict[str, Any], data: Any, path: list[Any]) -> list[str]:
    """The keys the format allows at ``path`` (for did-you-mean)."""
    node = _resolve(schema, schema, data)
    cur = data
    for el in path:
        if isinstance(el, int):
            node = node.get("items", {})
        else:
            props = node.get("properties", {})
            node = props[el] if el in props else node.get("additionalProperties") or {}
        cur = cur[el] if isinstance(cur, (dict, list)) else None
        node = _resolve(schema, node, cur) if isinstance(node, dict) else {}
    return sorted(node.get("properties", {}))


def did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected one of: {', '.join(options)})" if options else ""


def validation_errors(
    exc: ValidationError, root: Any, shown: str, schema: dict[str, Any], prefix: list[Any] | None = None
) -> list[PackError]:
    """One PackError per pydantic error, positioned in the parsed document."""
    out: list[PackError] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        etype = err["type"]
        path, line, col = locate(root, tuple(err["loc"]), prefix, at_key=etype == "extra_forbidden")
        msg = str(err["msg"])
        if etype == "extra_forbidden":
            parent = path[:-1]
            try:
                parent_data = root
                for el in parent:
                    parent_data = parent_data[el]
                keys = allowed_keys(schema, root, parent)
            except (KeyError, IndexError, TypeError):
                keys = []
            msg = "unknown key" + did_you_mean(str(path[-1]), keys)
        elif etype == "missing":
            msg = "required key missing"
        elif etype == "union_tag_invalid":
            expected = str(err.get("ctx", {}).get("expected_tags", "")).replace("'", "").split(", ")
            got = err.get("ctx", {}).get("tag")
            msg = f"unknown check kind {got!r}" + did_you_mean(
                str(got), [e.strip() for e in expected if e.strip()]
            )
            path.append("kind")
        elif etype == "union_tag_not_found":
            msg = "the check needs a 'kind'"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        elif etype in ("literal_error", "enum") and "input" in err:
            msg = f"{msg} (got {err['input']!r})"
        e = PackError(shown, line, col, key_path(path) or None, msg)
        if str(e) not in seen:
            seen.add(str(e))
            out.append(e)
    return out


def plain(data: Any) -> Any:
    """ruamel's round-trip containers and scalars as plain Python values."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, bool) or data is None:
        return data
    for base in (str, int, float):
        if isinstance(data, base):
            return base(data)
    return data
