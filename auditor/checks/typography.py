"""Typography of a statutory notice where the format carries it (PDF, DOCX, styled HTML): size
relative to the body text, page, place directly under the headline, colour contrast, upper case.

A property the reader could not know is skipped, never guessed; a document with no typography at
all (plain text, Markdown, CMS records, HTML without styles) is "unverified" for the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, field_validator

from auditor.analysis.placement import directly_placed
from auditor.checks.base import Check, CheckOptions, Context
from auditor.model import Document, Finding, Segment, Style

Severity = Literal["error", "warning", "info"]
SUB_CHECKS = ("size", "page", "placement", "contrast", "upper")


class Options(CheckOptions):
    min_ratio: float | None = Field(2.0, gt=0, description="notice font size / body font size, at least")
    tolerance: float = Field(0.02, ge=0, lt=0.5, description="relative slack for rounded sizes")
    page: int | None = Field(1, ge=1, description="the page the notice must stand on (PDF)")
    under_headline: bool = True
    report_placement: bool = Field(
        True,
        description="report a notice off page / not under the headline here too; false when a placement rule "
        "of the pack (required_text, outcome misplaced) reports it, so one problem is one finding",
    )
    allow_between: list[str] = Field(
        default_factory=lambda: ["chrome", "dateline", "lead"],
        description="segment kinds that may stand between the headline and the notice",
    )
    min_contrast: float | None = Field(4.5, ge=1, le=21, description="WCAG contrast ratio, at least")
    upper: bool = True
    upper_severity: Severity | None = None
    severities: dict[str, Severity] = Field(default_factory=dict, description="severity per sub-check")

    @field_validator("severities")
    @classmethod
    def _known(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        unknown = sorted(set(value) - set(SUB_CHECKS))
        if unknown:
            raise ValueError(f"unknown sub-check {unknown[0]!r}; expected one of {', '.join(SUB_CHECKS)}")
        return value


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""

    def lum(colour: str) -> float:
        channels = []
        for i in (1, 3, 5):
            c = int(colour[i : i + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _valid_colour(value: str | None) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


def _is_upper(text: str) -> bool | None:
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return all(c.isupper() for c in cased) if cased else None


class TypographyCheck(Check):
    kind = "typography"
    Options = Options

    @property
    def opts(self) -> Options:
        assert isinstance(self.options, Options)
        return self.options

    # -- which notices, with which style ------------------------------------------------------
    @staticmethod
    def _notice_ranges(doc: Document) -> list[tuple[int, int]]:
        ranges = sorted({(n.span.start, n.span.end) for n in doc.notices if n.span.end > n.span.start})
        if not ranges:
            ranges = [(s.start, s.end) for s in doc.segments_of("notice")]
        return ranges

    @staticmethod
    def _segments(doc: Document, start: int, end: int) -> list[Segment]:
        return [s for s in doc.segments if s.start < end and start < s.end]

    def _style(self, doc: Document, start: int, end: int) -> Style | None:
        """The notice's style: smallest size and least contrasting colour over its segments."""
        styles = [s.style for s in self._segments(doc, start, end) if s.style is not None]
        if not styles:
            return None
        sizes = [s.font_size for s in styles]
        merged = Style(font_size=None if None in sizes else min(sizes))  # type: ignore[type-var]
        merged.upper = (
            True
            if all(s.upper for s in styles)
            else (False if any(s.upper is False for s in styles) else None)
        )
        body_bg = doc.body_style.background if doc.body_style else None
        worst: float | None = None
        for s in styles:
            bg = s.background or body_bg
            if not (_valid_colour(s.color) and _valid_colour(bg)):
                return _without_colour(merged)
            ratio = contrast_ratio(s.color, bg)  # type: ignore[arg-type]
            if worst is None or ratio < worst:
                worst, merged.color, merged.background = ratio, s.color, bg
        return merged

    def unverifiable(self, doc: Document) -> bool:
        if doc.body_style is None or doc.body_style.font_size is None:
            return True
        ranges = self._notice_ranges(doc)
        if not ranges:
            return False
        return all((st := self._style(doc, a, b)) is None or st.font_size is None for a, b in ranges)

    # -- sub-checks -----------------------------------------------------------------------------
    def _placed(self, doc: Document, start: int) -> bool | None:
        """Directly under the headline (or, with no headline, before the text); None if unknown."""
        return directly_placed(doc, start, self.opts.allow_between)

    def _sev(self, name: str) -> str:
        if name == "upper" and self.opts.upper_severity:
            return self.opts.upper_severity
        return self.opts.severities.get(name, self.rule.severity)

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if self.unverifiable(doc):
            return []
        ranges = self._notice_ranges(doc)
        if not ranges:
            return []  # no notice: the required-text rule reports that
        o = self.opts
        unit = "px" if doc.format == "html" else "pt"
        placed = []
        for a, b in ranges:
            page = doc.span(a, b).page
            on_page = o.page is None or page is None or page == o.page
            under = not o.under_headline or self._placed(doc, a) is not False
            if on_page and under:
                placed.append((a, b))
        findings: list[Finding] = []
        if placed:
            targets = placed[:1]  # the notice that counts is the one in its place
        else:
            targets = ranges
            a, b = ranges[0]
            if o.report_placement:
                findings += self._placement(doc, a, b)
        for a, b in targets:
            findings += self._looks(doc, a, b, unit)
        return findings

    def _placement(self, doc: Document, a: int, b: int) -> list[Finding]:
        o = self.opts
        out = []
        span = doc.span(a, b)
        evidence = doc.text[a:b]
        if o.page is not None and span.page is not None and span.page != o.page:
            detail = f"the notice is on page {span.page}, not on page {o.page}"
            out.append(self._finding("page", "misplaced", detail, span, evidence, f"on page {o.page}"))
        if o.under_headline and self._placed(doc, a) is False:
            heads = doc.segments_of("headline")
            where = "directly under the headline" if heads else "before the text"
            detail = f"the notice is not {where}"
            out.append(self._finding("placement", "misplaced", detail, span, evidence, where))
        return out

    def _looks(self, doc: Document, a: int, b: int, unit: str) -> list[Finding]:
        o = self.opts
        out: list[Finding] = []
        style = self._style(doc, a, b)
        body = doc.body_style
        span = doc.span(a, b)
        evidence = doc.text[a:b]
        if style is None:
            return out
        if o.min_ratio is not None and style.font_size and body and body.font_size:
            ratio = style.font_size / body.font_size
            if ratio < o.min_ratio * (1 - o.tolerance):
                need = o.min_ratio * body.font_size
                detail = (
                    f"notice font {style.font_size:g} {unit} is {ratio:.2f}× the body text "
                    f"({body.font_size:g} {unit}); at least {o.min_ratio:g}× is required"
                )
                out.append(self._finding("size", "too-small", detail, span, evidence, f"≥ {need:g} {unit}"))
        if o.min_contrast is not None and style.color and style.background:
            ratio = contrast_ratio(style.color, style.background)
            if ratio < o.min_contrast:
                detail = (
                    f"notice colour {style.color} on {style.background} has contrast {ratio:.2f}:1, "
                    f"below {o.min_contrast:g}:1 (too light to read)"
                )
                out.append(
                    self._finding(
                        "contrast", "low-contrast", detail, span, evidence, f"≥ {o.min_contrast:g}:1"
                    )
                )
        if o.upper and _is_upper(evidence) is False and style.upper is not True:
            detail = "the notice is not set in upper case"
            out.append(self._finding("upper", "not-upper", detail, span, evidence, evidence.upper()))
        return out

    def _finding(self, sub: str, outcome: str, detail: str, span, evidence: str, expected: str) -> Finding:  # type: ignore[no-untyped-def]
        message = self.message(detail[:1].upper() + detail[1:], detail=detail, check=sub)
        return self.finding(
            outcome, message, severity=self._sev(sub), span=span, evidence=evidence, expected=expected
        )


def _without_colour(style: Style) -> Style:
    style.color = None
    style.background = None
    return style


CHECK = TypographyCheck
