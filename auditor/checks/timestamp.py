"""timestamp: the published timestamp is present, in a house format, a real date, not after as-of.

Formats are strftime-like patterns or "iso8601"/"rfc3339" (``auditor.dates.match_format``), or
``any`` for any unambiguous date (``auditor.dates.parse_any``); ``settings`` uses the packs'
``settings.date_formats`` (``any`` when there are none). A value written in a house format's
shape that names no real day (``auditor.dates.matches_shape``) is "invalid", not "format".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from auditor.checks.base import Check, CheckOptions, Context, check_zone
from auditor.model import Document, Finding, Span

Outcome = Literal["missing", "format", "invalid", "future"]
MACHINE_SOURCES = ("jsonld", "meta", "record")


class Options(CheckOptions):
    kind: Literal["timestamp"]
    field: Literal["published"] = Field(default="published", description="Which timestamp (published).")
    formats: list[str] | Literal["any", "settings"] = Field(
        default="settings",
        description='strftime patterns / "iso8601" / "rfc3339"; "any" (any unambiguous date); '
        '"settings" (settings.date_formats, else any).',
    )
    machine_formats: list[str] = Field(
        default_factory=lambda: ["rfc3339", "iso8601"],
        description="Accepted for a timestamp read from machine metadata (JSON-LD, meta tags, records).",
    )
    timezone: str | None = Field(
        default=None, description="IANA zone of a timestamp without one (default settings.timezone)."
    )
    report: list[Outcome] = Field(
        default_factory=lambda: ["missing", "format", "invalid", "future"],
        description="Which outcomes this rule reports.",
    )

    _zone = field_validator("timezone")(classmethod(lambda cls, v: check_zone(v)))

    @field_validator("formats")
    @classmethod
    def _formats(cls, v: Any) -> Any:
        if isinstance(v, list):
            from auditor.dates import match_format

            for fmt in v:
                try:
                    match_format("", fmt)
                except ValueError as exc:
                    raise ValueError(str(exc)) from None
        return v


class TimestampCheck(Check):
    kind: ClassVar[str] = "timestamp"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def _formats(self, ctx: Context, doc: Document | None = None) -> list[str] | None:
        f = self.options.formats
        if f == "any":
            return None
        if f == "settings":  # the article's edition's formats (settings.editions), else the house's
            from auditor.editions import date_formats

            if doc is not None:
                return date_formats(ctx.settings, doc) or None
            return list(ctx.settings.get("date_formats") or []) or None
        return list(f)

    def _parse(
        self, raw: str, source: str | None, ctx: Context, doc: Document | None = None
    ) -> tuple[datetime | None, str]:
        """(datetime, "") when accepted, else (None, outcome)."""
        from auditor.dates import match_format, matches_shape, parse_any

        formats = self._formats(ctx, doc)
        candidates = list(formats or [])
        if source in MACHINE_SOURCES:
            candidates += self.options.machine_formats
        for fmt in candidates:
            dt = match_format(raw, fmt)
            if dt is not None:
                return dt, ""
        if formats is None:
            parsed = parse_any(raw)
            if parsed is not None:
                return parsed.datetime, ""
            return None, "format"
        if any(matches_shape(raw, fmt) for fmt in formats):  # house shape, impossible date
            return None, "invalid"
        return None, "format"

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        report = set(self.options.report)
        pub = doc.fields.published
        raw = (pub.raw or "").strip()
        span: Span = pub.span or doc.field_span("published")
        if not raw:
            if "missing" in report:
                msg = "published timestamp missing: the article must show when it was published"
                yield self.emit("missing", msg, span)
            return
        dt, problem = self._parse(raw, pub.source, ctx, doc)
        formats = self._formats(ctx, doc)
        shown = ", ".join(repr(f) for f in formats) if formats else "any unambiguous date format"
        if problem == "format" and "format" in report:
            msg = f"published timestamp {raw!r} is not in the house format ({shown})"
            from auditor.dates import parse_any
            from auditor.house_time import house_expected, needs_time

            expected = shown
            parsed = parse_any(raw)
            fix = None
            if parsed is not None and formats:  # the same moment, written the house way, nothing invented
                example, note = house_expected(
                    parsed, formats[0], self.options.timezone or ctx.settings.get("timezone"), doc.fields.language
                )
                if example is not None:
                    expected = example
                    msg += f"; written the house way: {example!r}" + (f" ({note})" if note else "")
                    if parsed.has_time or not needs_time(formats[0]):  # never a fix with an invented time
                        from auditor.fix.builders import timestamp

                        fix = timestamp(doc, span.start, span.end, raw, example, zoned=parsed.has_zone)
            elif parsed is None and formats and (parse_any(raw, "DMY") or parse_any(raw, "MDY")):
                msg += "; the day and month order is ambiguous, so it is left for a human to rewrite"
            yield self.attach(self.emit("format", msg, span, evidence=raw, expected=expected), fix)
        elif problem == "invalid" and "invalid" in report:
            yield self.emit("invalid", f"published timestamp {raw!r} is not a real date", span, evidence=raw)
        if dt is None or "future" not in report:
            return
        zone_name = self.options.timezone or ctx.settings.get("timezone")
        day = dt.date()
        if dt.tzinfo is not None and zone_name:
            from zoneinfo import ZoneInfo

            day = dt.astimezone(ZoneInfo(zone_name)).date()
        if day > ctx.as_of:
            msg = f"published timestamp {raw!r} is after the audit date {ctx.as_of.isoformat()}"
            if dt.tzinfo is not None and zone_name:
                msg += f" (its day in the house time zone {zone_name}: {day.isoformat()})"
            yield self.emit("future", msg, span, evidence=raw)


CHECK = TimestampCheck
