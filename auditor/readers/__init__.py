"""Reader registry: which reader turns which file into Documents.

A reader is one module exposing ``NAME``, ``EXTENSIONS``, optional ``sniff(head: bytes) -> bool``
and ``read(data: bytes, path: str, options: ReaderOptions) -> list[Document]`` (a CMS export
gives several): ``auditor.contracts.Reader``. Readers know no rules: house date formats, the time
zone, CSS selectors and field mappings reach them as ``ReaderOptions`` taken from the packs' settings.
A new format is one new module plus one line in ``READERS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.limits import Limits
from auditor.model import Document

if TYPE_CHECKING:
    from auditor.contracts import Reader

# name -> (module, extensions): one line per reader; order matters for sniffing (most specific
# first). Kept here so discovery never imports a reader (a reader module pulls in the layout and
# date analysis); tests/readers/test_registry.py checks that each module says the same of itself.
READERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("auditor.readers.pdf", (".pdf",)),
    "docx": ("auditor.readers.docx", (".docx",)),
    "records": ("auditor.readers.records", (".json", ".jsonl", ".ndjson", ".csv")),
    "html": ("auditor.readers.html", (".html", ".htm", ".xhtml")),
    "markdown": ("auditor.readers.markdown", (".md", ".markdown")),
    "rst": ("auditor.readers.rst", (".rst",)),
    "text": ("auditor.readers.text", (".txt", ".text")),
}

# extension -> reader name
EXTENSIONS: dict[str, str] = {ext: name for name, (_module, exts) in READERS.items() for ext in exts}


class ReadError(Exception):
    """The file could not be read; the message is one line naming what is wrong."""


class LimitExceeded(ReadError):
    """An input went past a limit (auditor/limits.py): an error result naming the limit."""


class UnknownFormat(Exception):
    """No reader claims this file: the engine lists it as skipped."""


@dataclass(slots=True)
class ReaderOptions:
    """Settings that come from the packs (house profile), never rules."""

    date_formats: list[str] = field(default_factory=list)  # strftime, or "iso8601" / "rfc3339"
    timezone: str | None = None  # IANA zone for visible dates without a zone
    html_selectors: dict[str, str] = field(default_factory=dict)  # headline/body/author/source/date/chrome
    field_map: dict[str, str] = field(default_factory=dict)  # record field renames: ours -> theirs
    language: str | None = None  # fallback language
    # opening words of statutory notices ("НАСТОЯЩИЙ МАТЕРИАЛ"), from the packs: a block standing on
    # its own that opens with one (case, spaces, quotes, look-alikes normalised) is a notice segment
    notice_markers: list[str] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS  # bounded work per input (auditor/limits.py), from config and CLI

    def cache_key(self) -> str:
        return repr(
            (
                tuple(self.date_formats),
                self.timezone,
                tuple(sorted(self.html_selectors.items())),
                tuple(sorted(self.field_map.items())),
                self.language,
                tuple(self.notice_markers),
                self.limits.cache_key(),
            )
        )


_loaded: dict[str, Reader] = {}


def get_reader(name: str) -> Reader:
    mod = _loaded.get(name)
    if mod is None:
        mod = cast("Reader", importlib.import_module(READERS[name][0]))
        _loaded[name] = mod
    return mod


def reader_for(path: str, head: bytes) -> str:
    """Pick a reader by extension, then by sniffing the first bytes."""
    ext = Path(path).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    # sniff: magic numbers first, then markup, then text
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return "docx"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return "html"
    if probe.startswith(b"---\n") or probe.startswith(b"---\r\n"):
        return "markdown"
    if not path or path == "-" or ext == "":
        if b"\x00" in head:
            raise UnknownFormat("binary content with no known signature")
        return "text"
    raise UnknownFormat(f"unknown file type {ext!r}")


def read_bytes(data: bytes, path: str, options: ReaderOptions, fmt: str | None = None) -> list[Document]:
    """Read one input into Documents, raising ReadError or UnknownFormat."""
    name = fmt or reader_for(path, data[:4096])
    reader = get_reader(name)
    return reader.read(data, path, options)
