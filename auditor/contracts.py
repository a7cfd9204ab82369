"""The typed boundaries of the pipeline: what a rule set, a reader and a reporter promise.

sources -> readers (``Reader``) -> Document -> rules (``RuleSetLike.evaluate``) -> findings ->
the apply stage (overrides, directives, waivers, baseline) -> reporters (``Reporter``). The engine, the cache, the CLI and the language server
take these Protocols, never ``Any``: the one rule set in the house is ``auditor.packs.RuleSet``;
a test may pass any object of the same shape. Light module: no import beyond typing at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from auditor.model import Document, Finding
    from auditor.packs.loader import PackError
    from auditor.readers import ReaderOptions
    from auditor.reporters import ReportOptions


@runtime_checkable
class RuleSetLike(Protocol):
    """Compiled rules the engine runs on each Document (``auditor.packs.RuleSet``)."""

    packs: list[dict[str, Any]]  # id, version, sha256, title, path of each loaded pack
    errors: Sequence[PackError]  # pack errors: one line each, file:line:col
    settings: dict[str, Any]  # merged pack settings (publisher, registries, date formats, ...)
    failed_specs: list[str]  # packs named to load that did not

    @property
    def reader_options(self) -> ReaderOptions: ...

    def rules_info(self) -> list[dict[str, Any]]: ...

    def registries_info(self) -> list[dict[str, Any]]: ...

    def evaluate(
        self, doc: Document, as_of: date, regex_time: float | None = ..., skip: frozenset[str] = ...
    ) -> tuple[list[Finding], list[str]]:
        """(findings sorted by span start then rule id, ids of the rules that could not verify);
        ``regex_time``: seconds one pack regex may search the document; ``skip``: ids of rules
        not to run on it (chosen per path before they run)."""
        ...


class Reader(Protocol):
    """A reader module (``auditor/readers/*.py``): light at import, heavy libraries inside ``read``."""

    NAME: str
    EXTENSIONS: tuple[str, ...]

    def read(self, data: bytes, path: str, options: ReaderOptions) -> list[Document]: ...


class Reporter(Protocol):
    """A reporter module (``auditor/reporters/*.py``): reads only the JSON results contract."""

    EXTENSION: str
    BINARY: bool

    def render(self, results: dict[str, Any], options: ReportOptions) -> str | bytes: ...


class StreamingReporter(Reporter, Protocol):
    """A reporter that writes one document at a time (JSON, SARIF, XLSX)."""

    def write(self, results: dict[str, Any], options: ReportOptions, stream: IO[Any]) -> None: ...
