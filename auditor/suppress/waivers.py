"""The waivers file: approved, expiring suppressions by rule and path glob (or document id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

_WAIVER_KEYS = ("rule", "path", "document", "reason", "approved_by", "expires")


@dataclass(slots=True)
class Waiver:
    line: int
    column: int
    rule: str | None = None
    path: str | None = None
    document: str | None = None
    reason: str | None = None
    approved_by: str | None = None
    expires: date | None = None
    problem: str | None = None
    expired: bool = False
    used: int = 0

    def label(self) -> str:
        where = self.path or self.document or "?"
        return f"{self.rule or '?'} on {where}"


def load_waivers(path: Path, today: date, known: set[str] | None) -> tuple[list[Waiver], list[str]]:
    """Waivers with their problems set; file-level problems as messages (file:line:col: ...)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    name = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{name}: cannot read waivers: {getattr(exc, 'strerror', None) or exc}"]
    from auditor.safeyaml import YamlLimit, check

    try:
        check(text)
        data = YAML(typ="rt").load(text)
    except YamlLimit as exc:
        return [], [f"{name}{f':{exc.line}' if exc.line else ''}: {exc}"]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        return [], [f"{name}{where}: invalid YAML: {exc.problem or exc}"]
    except Exception as exc:  # ruamel raises several families; one line is what matters
        return [], [f"{name}: invalid YAML: {exc}"]
    items = data.get("waivers") if hasattr(data, "get") else data
    if data is None or items is None:
        return [], []
    if not isinstance(items, list):
        return [], [f"{name}:1:1: expected `waivers:` followed by a list of waivers"]
    waivers: list[Waiver] = []
    for i, item in enumerate(items):
        lc = getattr(items, "lc", None)
        line, col = (lc.item(i)[0] + 1, lc.item(i)[1] + 1) if lc is not None else (1, 1)
        w = Waiver(line=line, column=col)
        waivers.append(w)
        if not isinstance(item, dict):
            w.problem = "is not a mapping of rule, path, reason, approved_by, expires"
            continue
        unknown = [str(k) for k in item if k not in _WAIVER_KEYS]
        for key in ("rule", "path", "document", "reason", "approved_by"):
            val = item.get(key)
            setattr(w, key, str(val).strip() if val is not None and str(val).strip() else None)
        w.expires = _as_date(item.get("expires"))
        if unknown:
            w.problem = f"has unknown key {unknown[0]!r} (known: {', '.join(_WAIVER_KEYS)})"
        elif not w.rule:
            w.problem = "names no rule"
        elif not (w.path or w.document):
            w.problem = "names neither a path glob nor a document id"
        elif not w.reason:
            w.problem = "has no reason"
        elif not w.approved_by:
            w.problem = "has no approved_by"
        elif w.expires is None:
            w.problem = "has no valid expires date (YYYY-MM-DD)"
        elif known is not None and w.rule not in known:
            w.problem = f"names unknown rule {w.rule}"
        elif w.expires < today:
            w.expired = True
    return waivers, []


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
