"""pattern: a required or forbidden regular expression in a scope (segment kinds, "text",
"metadata.<key>", "field.<name>"), with min/max counts. Regexes use the ``regex`` module with a
timeout, so a pathological pattern becomes a finding, never a hang.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

import regex
from pydantic import Field, PrivateAttr, field_validator, model_validator

from auditor.checks.base import Check, CheckOptions, Context, compile_regex
from auditor.model import SEGMENT_KINDS, Document, Finding, Span
from auditor.text import normalize

MAX_REPORTED = 20  # forbidden matches reported per document and rule


class Options(CheckOptions):
    kind: Literal["pattern"]
    require: str | None = Field(default=None, description="Regex that must occur (min..max times).")
    forbid: str | None = Field(
        default=None, description="Regex that must not occur; each match is a finding."
    )
    ignore_case: bool = False
    normalize: bool = Field(
        default=False,
        description="Match on normalised text (NFKC, quotes, dashes, spaces, look-alikes folded); "
        "spans still point at the raw text.",
    )
    min: int = Field(default=1, ge=0, description="require: fewest matches.")
    max: int | None = Field(default=None, ge=0, description="require: most matches.")
    _rx: regex.Pattern[str] = PrivateAttr()

    @field_validator("require", "forbid")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            compile_regex(v)
        return v

    @model_validator(mode="after")
    def _one(self) -> Options:
        if (self.require is None) == (self.forbid is None):
            raise ValueError("give exactly one of `require` and `forbid`")
        return self

    def model_post_init(self, _ctx: Any) -> None:
        flags = regex.IGNORECASE if self.ignore_case else 0
        self._rx = compile_regex(self.require or self.forbid or "", flags | regex.MULTILINE)


def scope_texts(doc: Document, scope: list[str]) -> list[tuple[str, int | None, str | None]]:
    """(text, offset in Document.text or None, field name) for each part of the scope."""
    parts: list[tuple[str, int | None, str | None]] = []
    kinds = [s for s in scope if s in SEGMENT_KINDS]
    if not scope or "text" in scope:
        parts.append((doc.text, 0, None))
    elif kinds:
        parts.extend((doc.seg_text(s), s.start, None) for s in doc.segments if s.kind in kinds)
    for s in scope:
        if s.startswith("metadata."):
            val = doc.metadata.get(s.split(".", 1)[1])
            if val is not None:
                parts.append((str(val), None, s.split(".", 1)[1]))
        elif s.startswith("field."):
            val = getattr(doc.fields, s.split(".", 1)[1], None)
            if isinstance(val, list):
                parts.extend((str(v), None, s.split(".", 1)[1]) for v in val)
            elif val is not None:
                parts.append((str(val), None, s.split(".", 1)[1]))
    return parts


class PatternCheck(Check):
    kind: ClassVar[str] = "pattern"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def unverifiable(self, doc: Document) -> bool:
        scope = self.rule.scope
        return bool(scope) and all(s in SEGMENT_KINDS for s in scope) and not doc.segments

    def _matches(self, doc: Document, timeout: float | None) -> Iterable[tuple[Span, str]]:
        rx = self.options._rx
        for text, offset, fname in scope_texts(doc, self.rule.scope):
            norm = normalize(text, fold=True, strip=False) if self.options.normalize else None
            hay = norm.text if norm is not None else text
            for m in rx.finditer(hay, timeout=timeout):
                s, e = norm.raw_span(m.start(), m.end()) if norm is not None else (m.start(), m.end())
                if offset is None:
                    yield doc.field_span(fname or "metadata"), text[s:e]
                else:
                    yield doc.span(offset + s, offset + e), text[s:e]

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        o = self.options
        where = ", ".join(self.rule.scope) or "text"
        if o.forbid is not None:
            for i, (span, found) in enumerate(self._matches(doc, ctx.regex_time)):
                if i >= MAX_REPORTED:
                    break
                yield self.emit("forbidden", f"forbidden text {found!r} in {where}", span, evidence=found)
            return
        hits = list(self._matches(doc, ctx.regex_time))
        n = len(hits)
        if n < o.min:
            msg = f"required text missing in {where}: at least {o.min} match(es) of {o.require!r} wanted, {n} found"
            yield self.emit("missing", msg, doc.span(0, 0), expected=o.require, count=n)
        elif o.max is not None and n > o.max:
            span, found = hits[o.max]
            msg = f"too many matches in {where}: at most {o.max} allowed, {n} found"
            yield self.emit("too-many", msg, span, evidence=found, count=n)


CHECK = PatternCheck
