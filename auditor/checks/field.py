"""field: an attribution (author, source, ...) is present and not a placeholder.

Values come from ``doc.fields`` (readers fill them from ``Author:``/``Source:``/``Автор:``/
``Источник:``/"By ..." lines, metadata or record fields) or from a metadata key; the check never
searches the text for labels itself. In a Markdown document a value the reader took from inside
code (a fenced block or an inline code span such as "the `Author:` line") is an example of
markup, not a credit, and is not counted: an article crediting no one that way is "missing",
while a real attribution line with a placeholder ("Author: TBD") is "placeholder".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from auditor.checks.base import Check, CheckOptions, Context
from auditor.model import Document, Finding, Span
from auditor.readers.common import in_markdown_code
from auditor.text import normalize_text

FIELDS = ("author", "source", "title", "publisher", "url", "language", "published")
DEFAULT_PLACEHOLDERS = [
    "-", "--", "—", "?", "n/a", "na", "none", "null", "tbd", "tba", "todo", "xxx", "unknown",
    "anonymous?", "author", "source", "<author>", "<source>", "[author]", "{author}", "name",
    "автор", "источник", "неизвестно", "нет", "имя", "фио",
]  # fmt: skip


class Options(CheckOptions):
    kind: Literal["field"]
    field: str = Field(description='author, source, title, publisher, url, language, or "metadata.<key>".')
    placeholders: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PLACEHOLDERS),
        description="Values that count as no value (compared after normalisation, case-insensitive).",
    )
    min_length: int = Field(default=2, ge=1, description="Shorter values count as missing.")

    @field_validator("field")
    @classmethod
    def _known(cls, v: str) -> str:
        if v in FIELDS or (v.startswith("metadata.") and len(v) > len("metadata.")):
            return v
        raise ValueError(f"unknown field {v!r}; use one of {', '.join(FIELDS)} or metadata.<key>")


def _values(doc: Document, name: str) -> tuple[list[str], list[Span]]:
    if name.startswith("metadata."):
        val = doc.metadata.get(name.split(".", 1)[1])
        vals = val if isinstance(val, list) else ([] if val is None else [val])
        return [str(v) for v in vals], []
    if name == "published":
        raw = doc.fields.published.raw
        span = doc.fields.published.span
        return ([raw] if raw is not None else []), ([span] if span else [])
    val = getattr(doc.fields, name)
    vals = val if isinstance(val, list) else ([] if val is None else [val])
    spans = list(getattr(doc.fields, f"{name}_spans", []) or [])
    if doc.format == "markdown" and len(spans) == len(vals):
        kept = [(v, sp) for v, sp in zip(vals, spans, strict=True) if not _in_code(doc, sp)]
        vals, spans = [v for v, _ in kept], [sp for _, sp in kept]
    return [str(v) for v in vals], spans


def _in_code(doc: Document, span: Span) -> bool:
    """A value read from the text (not from front matter or metadata) that stands in code."""
    if span.line is None or span.start >= len(doc.text):
        return False
    return in_markdown_code(doc.text, span.start)


class FieldCheck(Check):
    kind: ClassVar[str] = "field"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def _placeholder(self, value: str) -> bool:
        key = normalize_text(value, upper=True).strip(" .:;,")
        if len(key) < self.options.min_length:
            return True
        return key in {normalize_text(p, upper=True) for p in self.options.placeholders}

    def _where(self, doc: Document, spans: list[Span], i: int | None) -> Span:
        name = self.options.field
        if i is not None and i < len(spans):
            return spans[i]
        attribution = next((s for s in doc.segments if s.kind == "attribution"), None)
        if attribution is not None and name in ("author", "source"):
            return doc.span(attribution.start, attribution.end)
        return doc.field_span(name.split(".", 1)[-1])

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        name = self.options.field
        if name == "source":
            from auditor.editions import edition_for

            ed = edition_for(ctx.settings, doc)
            if ed is not None and ed.get("source_required") is False:
                return  # this edition of the house credits no Source line
        label = name.split(".", 1)[-1]
        values, spans = _values(doc, name)
        real = [v for v in values if not self._placeholder(v)]
        if real:
            return
        if not values or all(not v.strip() for v in values):
            msg = f"{label} missing: the article must name its {label}"
            yield self.emit("missing", msg, self._where(doc, spans, None), field=label)
            return
        for i, v in enumerate(values):
            msg = f"{label} is a placeholder ({v.strip()!r}), not a real {label}"
            yield self.emit("placeholder", msg, self._where(doc, spans, i), evidence=v, field=label)


CHECK = FieldCheck
