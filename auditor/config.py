"""Project configuration: ``auditor.toml`` or ``[tool.auditor]`` in ``pyproject.toml``.

Found by walking up from the current folder (``--config FILE`` names one). Errors name the file
and line. Also here: the path globs that config, overrides and waivers share, the per-path
overrides (which rules run on a path, severities), and the ``--changed-since`` file selection (git).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if TYPE_CHECKING:
    from auditor.model import DocumentResult

CONFIG_NAMES = ("auditor.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration problem; the message is one line starting with file:line."""


# -- globs -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a path glob: ``**`` crosses folders, ``*`` and ``?`` stay inside one."""
    pat = pattern.strip().replace("\\", "/")
    if pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    out: list[str] = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pat[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, path: str) -> bool:
    """True when a posix relative path matches the glob (a glob without '/' also matches base names)."""
    path = path.replace("\\", "/")
    if path.startswith("./"):
        path = path[2:]
    if _glob_regex(pattern).match(path):
        return True
    return "/" not in pattern.strip("/") and fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)


def relative_to(path: str, root: str | None) -> str:
    """The path relative to the project root (posix), or as given when it lies outside."""
    if not root or path == "-":
        return path.replace("\\", "/")
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        return path.replace("\\", "/")
    if rel.startswith(".."):
        return path.replace("\\", "/")
    return rel if os.sep == "/" else Path(rel).as_posix()  # relpath's result is already normal


# -- the settings --------------------------------------------------------------------------------
class Override(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)

    paths: list[str] = Field(min_length=1)
    packs: list[str] = Field(default_factory=list)
    disable: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)

    @field_validator("paths", mode="before")
    @classmethod
    def _one_path(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class Aliases(BaseModel):
    """Report alias maps (issue 17): a spelling -> the name reports group under."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    authors: dict[str, str] = Field(default_factory=dict)
    sections: dict[str, str] = Field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, str]]:
        """``model_dump()`` without building the model's serializer (a run's start-up)."""
        return {name: dict(getattr(self, name)) for name in type(self).model_fields}


class RegistrySource(BaseModel):
    """One official publication `auditor registries update` fetches and imports."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    url: str
    format: Literal["pdf", "xlsx", "html", "csv", "ftm"]
    kind: Literal["foreign_agent", "extremist", "terrorist", "undesirable"]
    output: str
    registry: str | None = None
    title: str | None = None


class Settings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)

    packs: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    overrides: list[Override] = Field(default_factory=list)
    as_of: date | None = Field(default=None, alias="as-of")
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(default=None, alias="fail-on")
    formats: list[str] = Field(default_factory=list)
    jobs: int | None = Field(default=None, ge=1)
    waivers: str | None = None
    baseline: str | None = None
    aliases: Aliases = Field(default_factory=Aliases.model_construct)  # no model built for a run without a config
    select: list[str] = Field(default_factory=list)  # like --select: only these rules report (ids, globs)
    ignore: list[str] = Field(default_factory=list)  # like --ignore
    output_format: Literal["full", "concise"] | None = Field(default=None, alias="output-format")
    # base URL of the rule pages (docs/rules/) for SARIF helpUri; default: this release's in the repository
    rule_docs_url: str | None = Field(default=None, alias="rule-docs-url")
    # [limits]: bounded work per input (auditor/limits.py): file-size, pages, decompressed-size, depth, ...
    limits: dict[str, Any] = Field(default_factory=dict)

    @field_validator("limits")
    @classmethod
    def _known_limits(cls, v: dict[str, Any]) -> dict[str, Any]:
        from auditor.limits import from_config

        from_config(v)  # raises ValueError naming the bad key
        return v
    history: str | None = None  # a SQLite file (relative to the config) or postgresql://...
    registries: list[str] = Field(
        default_factory=list,
        description="Registry files (relative to this file) or shipped ids for ru-designated-mentions; "
        "replace the packs' settings.registries (see docs/registries.md).",
    )
    registries_update: list[RegistrySource] = Field(
        default_factory=list, alias="registries-update",
        description="Sources `auditor registries update` fetches: url, format, kind, output.",
    )

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, v: list[str]) -> list[str]:
        from auditor.reporters import FORMATS

        for f in v:
            if f not in FORMATS:
                raise ValueError(f"unknown format {f!r} (choose from {', '.join(sorted(FORMATS))})")
        return v


@dataclass(slots=True)
class Config:
    # no config file: the defaults as they are (validating them would build every settings model)
    settings: Settings = field(default_factory=Settings.model_construct)
    path: Path | None = None  # the file it came from
    root: Path | None = None  # its folder: relative paths and globs in it start here

    def resolve(self, value: str | None) -> Path | None:
        """A file named in the config, relative to the config's folder."""
        if not value:
            return None
        p = Path(value)
        return p if p.is_absolute() or self.root is None else self.root / p


# -- finding and reading the file -----------------------------------------------------------------
def find_config(start: Path | None = None) -> Path | None:
    """auditor.toml, or a pyproject.toml with [tool.auditor], in start or a folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "auditor" in data["tool"]:
                return pyproject
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Read and validate the config; with no path, discover one (none found: defaults)."""
    if path is None:
        path = find_config(start)
        if path is None:
            return Config()
    name = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{name}: invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{m.group(1)}:{m.group(2)}" if m else f"{max(1, len(text.splitlines()))}"
        msg = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"{name}:{where}: invalid TOML: {msg}") from None
    section: list[str] = []
    if path.name == "pyproject.toml":
        section = ["tool", "auditor"]
        tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
        data = tool.get("auditor", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{name}:{_locate(text, section, ())}: [tool.auditor] must be a table")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        line = _locate(text, section, loc)
        key = ".".join(str(p) for p in loc) or "(top level)"
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown setting{_did_you_mean(str(loc[-1]), loc[:-1])}"
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{name}:{line}: {key}: {msg}{more}") from None
    return Config(settings=settings, path=path, root=path.parent.resolve())


def _did_you_mean(key: str, parent: tuple[Any, ...]) -> str:
    import difflib

    model: type[BaseModel] = Override if parent and parent[0] == "overrides" else Settings
    names = [f.alias or n for n, f in model.model_fields.items()]
    close = difflib.get_close_matches(key.replace("_", "-"), names, n=1) or difflib.get_close_matches(key, names, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _locate(text: str, section: list[str], loc: tuple[Any, ...]) -> int:
    """Best line for a validation error at loc (keys and list indexes) in a TOML text."""
    lines = text.splitlines()
    table = ".".join(section)
    # key parts: ("overrides", 1, "severity") -> table overrides (2nd), key severity
    keys = [k for k in loc if isinstance(k, str)]
    index = next((k for k in loc if isinstance(k, int)), None)
    current = ""
    seen: dict[str, int] = {}
    best = 1
    for no, line in enumerate(lines, 1):
        m = _HEADER.match(line)
        if m:
            current = m.group(2).replace('"', "").replace(" ", "")
            seen[current] = seen.get(current, -1) + 1
            if current == table and not keys:
                return no
            if keys and current == ".".join([*section, keys[0]]) and (index is None or seen[current] == index):
                best = no
                if len(keys) == 1:
                    return no
            continue
        km = re.match(r"\s*\"?([A-Za-z0-9_.-]+)\"?\s*=", line)
        if not km or not keys:
            continue
        key = km.group(1)
        if current == table and key in (keys[0], keys[0].replace("_", "-")):
            return no
        sub = ".".join([*section, keys[0]])
        if current == sub and len(keys) > 1 and key == keys[1] and (index is None or seen.get(current) == index):
            return no
    return best


# -- per-path overrides: rule choice and severities --------------------------------------------------------
@dataclass(slots=True, frozen=True)
class PathOverride:
    """One ``[[overrides]]`` table, its extra packs resolved to pack ids."""

    paths: list[str]
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    pack_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Policy:
    """The run's per-path overrides and inline-directive settings: which rules run on a path
    (``skipped_rules``, before the rules run) and what happens to their findings after
    (``apply_severity`` and the directives, in the apply stage: auditor/suppress/apply.py)."""

    root: str | None = None  # paths in overrides are relative to it
    rule_aliases: dict[str, str] = field(default_factory=dict)  # former/short name -> rule id
    known_rules: list[str] | None = None  # every name a directive may use; None: unchecked
    overrides: list[PathOverride] = field(default_factory=list)
    override_only_packs: list[str] = field(default_factory=list)  # packs only some paths ask for
    directives: bool = True  # honour inline suppression directives

    def cache_key(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "rule_aliases": self.rule_aliases,
            "known_rules": self.known_rules,
            "overrides": [[o.paths, o.disable, sorted(o.severity.items()), o.pack_ids] for o in self.overrides],
            "override_only_packs": self.override_only_packs,
            "directives": self.directives,
        }

    def skipped_rules(self, path: str, rules: Callable[[], list[dict[str, Any]]]) -> frozenset[str]:
        """The ids of the rules that do not run on ``path``: disabled for it, or of a pack only other
        paths ask for. ``rules``: the rule set's ``rules_info`` (called only when a pack is path-only)."""
        only_extra = set(self.override_only_packs)
        if not self.overrides and not only_extra:
            return frozenset()
        disabled, _severity, packs = overrides_for(self.overrides, relative_to(path, self.root))
        skip = {self.rule_aliases.get(r, r) for r in disabled}
        if only_extra:
            skip.update(r["id"] for r in rules() if r.get("pack") in only_extra and r.get("pack") not in packs)
        return frozenset(skip)


def overrides_for(overrides: list[PathOverride], rel_path: str) -> tuple[set[str], dict[str, str], set[str]]:
    """(disabled rule ids, severity changes, extra pack ids) for a path relative to the root."""
    disabled: set[str] = set()
    severity: dict[str, str] = {}
    packs: set[str] = set()
    for ov in overrides:
        if any(glob_match(g, rel_path) for g in ov.paths):
            disabled.update(ov.disable)
            severity.update(ov.severity)
            packs.update(ov.pack_ids)
    return disabled, severity, packs


def apply_severity(res: DocumentResult, policy: Policy) -> None:
    """The per-path severity changes of the config, on a result's findings (the apply stage)."""
    if not policy.overrides:
        return
    aliases = policy.rule_aliases
    _disabled, severity, _packs = overrides_for(policy.overrides, relative_to(res.path, policy.root))
    severity = {aliases.get(r, r): s for r, s in severity.items()}
    if not severity:
        return
    for f in res.findings:
        rid = aliases.get(f.rule_id, f.rule_id)
        if rid in severity:
            f.severity = severity[rid]


# -- input selection -------------------------------------------------------------------------------
def select(rel_path: str, include: list[str], exclude: list[str]) -> bool:
    if include and not any(glob_match(g, rel_path) for g in include):
        return False
    return not any(glob_match(g, rel_path) for g in exclude)


def git_changed(rev: str, cwd: Path | None = None) -> tuple[Path, set[str]]:
    """(repository root, absolute posix paths changed since rev, untracked files included)."""

    def git(*argv: str, where: Path | None = cwd) -> str:
        proc = subprocess.run(
            ["git", *argv], cwd=where, capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
        if proc.returncode != 0:
            first = (proc.stderr.strip().splitlines() or ["not a revision git knows"])[0]
            raise ConfigError(f"--changed-since {rev}: {first}")
        return proc.stdout

    try:
        top = Path(git("rev-parse", "--show-toplevel").strip())
    except FileNotFoundError:
        raise ConfigError("--changed-since needs git, which is not installed") from None
    git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    names = git("diff", "--name-only", "-z", rev, "--", where=top).split("\0")
    names += git("ls-files", "--others", "--exclude-standard", "-z", where=top).split("\0")
    return top, {(top / n).resolve().as_posix() for n in names if n}
