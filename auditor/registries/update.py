"""``auditor registries update``: fetch the configured official publications and re-import them,
only when asked (nothing in a check run touches the network).

Each source in config (``[[registries_update]]`` tables, or ``--url``) names a URL, a format, a
list and the registry file it refreshes. A fetch has a timeout; offline or on an HTTP error the
command says so in one line and the file is left as it was; a document that parses to no entries
(or to far fewer than the file holds) keeps the previous file too, and the new document is
saved beside it for a look.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

USER_AGENT = "auditor-registries-update (+https://example.invalid/auditor)"
MAX_BYTES = 64 * 1024 * 1024


class UpdateError(Exception):
    """One line: what could not be fetched or used, and why."""


@dataclass(slots=True)
class Source:
    url: str
    format: str
    kind: str
    output: Path
    registry: str | None = None
    title: str | None = None

    @classmethod
    def from_config(cls, data: dict[str, Any], base: Path) -> Source:
        missing = [k for k in ("url", "format", "kind", "output") if not data.get(k)]
        if missing:
            raise UpdateError(f"registries_update entry needs {', '.join(missing)}")
        out = Path(str(data["output"]))
        return cls(str(data["url"]), str(data["format"]), str(data["kind"]),
                   out if out.is_absolute() else base / out, data.get("registry"), data.get("title"))


@dataclass(slots=True)
class Outcome:
    source: Source
    entries: int
    problems: list[str]
    kept: bool  # the previous file was kept
    message: str


def fetch(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise UpdateError(f"{url}: only http(s) URLs are fetched")
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked above
            data: bytes = resp.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise UpdateError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise UpdateError(f"{url}: cannot connect ({exc.reason}); offline? the registry file was not changed") from None
    except TimeoutError:
        raise UpdateError(f"{url}: no answer within {timeout:g} s; the registry file was not changed") from None
    except OSError as exc:
        raise UpdateError(f"{url}: {exc}; the registry file was not changed") from None
    if len(data) > MAX_BYTES:
        raise UpdateError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB; not used")
    return data


def update(src: Source, timeout: float = 30.0, min_ratio: float = 0.5) -> Outcome:
    """Fetch, import and (when the result is usable) replace ``src.output`` atomically."""
    from auditor.registries.importers import import_bytes
    from auditor.registries.store import RegistryError, load_registry, write_registry

    data = fetch(src.url, timeout)
    doc, parsed = import_bytes(data, src.format, src.kind, registry_id=src.registry, title=src.title,
                               source=src.url, retrieved=datetime.now(UTC))
    problems = [str(p) for p in parsed.problems]
    before = 0
    if src.output.exists():
        try:
            before = len(load_registry(str(src.output)).entries)
        except (RegistryError, OSError):
            before = 0
    n = len(parsed.entries)
    if n == 0 or (before and n < before * min_ratio):
        rejected = src.output.with_name(src.output.name + ".rejected" + Path(src.url).suffix)
        rejected.write_bytes(data)
        why = "no entries" if n == 0 else f"{n} entries where the current file has {before}"
        return Outcome(src, n, problems, True,
                       f"{src.output.name}: kept the previous file: the new document gave {why} "
                       f"(saved as {rejected.name})")
    write_registry(src.output, doc)
    return Outcome(src, n, problems, False, f"{src.output.name}: {n} entries from {src.url} ({before} before)")
