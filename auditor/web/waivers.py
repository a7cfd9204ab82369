"""Waivers decided in the review desk, appended to the project's waivers file so `auditor check`
honours them. Round trip with ruamel.yaml: the file's comments, order and quoting are kept; the
new entry carries a comment saying who decided it, when, and on which finding."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()
_GLOB = re.compile(r"[*?\[\]{}]")


def waiver_entry(rule: str, path: str, reason: str, approved_by: str, expires: str) -> dict[str, Any]:
    """The waiver for one finding: its rule on exactly its document."""
    where = "document" if _GLOB.search(path) else "path"  # a path with glob characters is named, not matched
    return {"rule": rule, where: path, "reason": reason, "approved_by": approved_by,
            "expires": date.fromisoformat(expires)}


def append_waivers(file: Path, entries: list[dict[str, Any]], note: str) -> None:
    """Append entries (skipping ones already there) to the waivers file, creating it if needed."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    with _LOCK:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        if not re.search(r"^- ", text, re.MULTILINE):  # unless the file puts items at column 0: the docs' style
            yaml.indent(mapping=2, sequence=4, offset=2)  # the docs' style: list items indented under the key
        data = yaml.load(text) if text.strip() else None
        if data is None:
            data = CommentedMap()
            data.yaml_set_start_comment("Waivers: findings accepted for a time (see docs/ci.md).")
        if not isinstance(data, dict):
            raise ValueError(f"{file.as_posix()}: not a mapping with `waivers:`; not changed")
        items = data.get("waivers")
        if items is None:
            items = CommentedSeq()
            data["waivers"] = items
        if not isinstance(items, list):
            raise ValueError(f"{file.as_posix()}: `waivers:` is not a list; not changed")
        if hasattr(items, "fa"):
            items.fa.set_block_style()  # `waivers: []` grows into a block list, as the docs write it
        have = {_key(w) for w in items if isinstance(w, dict)}
        for entry in entries:
            if _key(entry) in have:
                continue
            m = CommentedMap()
            for k, v in entry.items():
                m[k] = v
            items.append(m)
            have.add(_key(entry))
            items.yaml_set_comment_before_after_key(len(items) - 1, before=note, indent=_indent(yaml))
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".waivers-", suffix=".yaml", dir=str(file.parent))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                yaml.dump(data, fh)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _indent(yaml: Any) -> int:
    return int(getattr(yaml, "sequence_dash_offset", 0) or 0)


def _key(w: Any) -> tuple[str, str, str]:
    return (str(w.get("rule")), str(w.get("path") or w.get("document")), str(w.get("expires")))
