"""disclosure: a label term (Advertisement, Anzeige, AI-generated, Opinion ...) among the blocks the
reader meets before the body; weak terms that do not suffice are flagged.

The *head* of an article is every segment before its first ``body`` block (headline, dateline, lead,
notices), plus the one page-chrome block directly above the headline (a kicker such as
"Advertisement"), plus the first body block when it is short (a label line under the headline,
``LABEL_WORDS`` words at most). When the layout rules turned the whole article into chrome (a label such as
"Advertisement" under the headline reads as a chrome heading), the head ends with the first chrome
block after the headline. Front matter never counts: ``sponsored: true`` is not a visible label.

Outcomes, in this order:

* no finding: a ``terms`` match in the head (or anywhere in the article, with ``zone: document``);
* ``misplaced``: no term in the head, but one in the article after the body has started (page chrome
  such as footers and sidebars does not count as the article's label);
* ``weak``: no term in the head, only a ``weak`` term there (e.g. "Promoted", "Sponsored by X");
* ``missing``: neither.

Terms are regexes (``regex`` module, timeout) searched in each block after normalisation (NBSP,
soft hyphens, quotes, dashes, look-alikes), so ``^`` is the start of a block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

import regex
from pydantic import Field, PrivateAttr, field_validator

from auditor.checks.base import Check, CheckOptions, Context, compile_regex
from auditor.model import Document, Finding, Segment
from auditor.text import normalize

Outcome = Literal["missing", "misplaced", "weak"]
LABEL_WORDS = 25  # a body block this short, directly under the headline, may be a label line


class Options(CheckOptions):
    kind: Literal["disclosure"]
    terms: list[str] = Field(min_length=1, description="Regexes of the labels that satisfy the duty.")
    weak: list[str] = Field(
        default_factory=list, description="Regexes of labels that do not suffice (reported as `weak`)."
    )
    label: str = Field(description="The label to suggest in messages, e.g. 'Advertisement'.")
    zone: Literal["head", "document"] = Field(
        default="head",
        description="head: the label must stand before the body; document: anywhere in the article "
        "(page chrome excluded).",
    )
    ignore_case: bool = True
    report: list[Outcome] = Field(
        default_factory=lambda: ["missing", "misplaced", "weak"], description="Outcomes this rule reports."
    )
    _terms: list[regex.Pattern[str]] = PrivateAttr()
    _weak: list[regex.Pattern[str]] = PrivateAttr()

    @field_validator("terms", "weak")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        for p in v:
            compile_regex(p)
        return v

    def model_post_init(self, _ctx: Any) -> None:
        flags = regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0)
        self._terms = [compile_regex(p, flags) for p in self.terms]
        self._weak = [compile_regex(p, flags) for p in self.weak]


def split_zones(doc: Document) -> tuple[list[Segment], list[Segment]]:
    """(head segments, the article's segments after the head), page chrome and front matter left out."""
    segs = [s for s in doc.segments if s.kind != "metadata"]
    head_i = next((i for i, s in enumerate(segs) if s.kind == "headline"), None)
    body_i = next((i for i, s in enumerate(segs) if s.kind == "body"), None)
    if body_i is None:
        end = len(segs)
        if head_i is not None:
            # no body: the layout rules made the article chrome; its first chrome block may be the label
            end = next((i + 1 for i in range(head_i + 1, len(segs)) if segs[i].kind == "chrome"), end)
    elif head_i is not None and body_i > head_i and len(doc.seg_text(segs[body_i]).split()) <= LABEL_WORDS:
        end = body_i + 1  # a short block opening the body is where a label "under the headline" stands
    else:
        end = body_i
    head = [
        s
        for i, s in enumerate(segs[:end])
        if s.kind != "chrome" or (head_i is not None and (i == head_i - 1 or i > head_i))
    ]
    rest = [s for s in segs[end:] if s.kind != "chrome"]
    return head, rest


class DisclosureCheck(Check):
    kind: ClassVar[str] = "disclosure"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options

    def unverifiable(self, doc: Document) -> bool:
        return not doc.segments

    def _find(
        self, doc: Document, segs: list[Segment], rxs: list[regex.Pattern[str]], timeout: float | None
    ) -> tuple[Segment, str] | None:
        for seg in segs:
            raw = doc.seg_text(seg)
            norm = normalize(raw, fold=True, strip=False)
            for rx in rxs:
                m = rx.search(norm.text, timeout=timeout)
                if m is not None:
                    s, e = norm.raw_span(m.start(), m.end())
                    return seg, raw[s:e]
        return None

    def _span_of(self, doc: Document, seg: Segment, found: str) -> Any:
        at = doc.seg_text(seg).find(found)
        start = seg.start + max(at, 0)
        return doc.span(start, start + len(found))

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        o = self.options
        head, rest = split_zones(doc)
        if o.zone == "document":
            head, rest = head + rest, []
        if self._find(doc, head, o._terms, ctx.regex_time) is not None:
            return
        headline = next((s for s in doc.segments if s.kind == "headline"), None)
        anchor = doc.span(headline.start, headline.end) if headline else doc.span(0, 0)
        late = self._find(doc, rest, o._terms, ctx.regex_time)
        if late is not None and "misplaced" in o.report:
            seg, found = late
            span = self._span_of(doc, seg, found)
            msg = (
                f"the label {found!r} stands at line {span.line}, after the body has started; "
                f"it must come before the body (under the headline)"
            )
            yield self.emit("misplaced", msg, span, evidence=found, expected=o.label)
        weak = self._find(doc, head, o._weak, ctx.regex_time) if o._weak else None
        if weak is not None and "weak" in o.report:
            seg, found = weak
            msg = f"{found!r} is not a clear label; label the article {o.label!r}"
            yield self.emit("weak", msg, self._span_of(doc, seg, found), evidence=found, expected=o.label)
        if late is None and weak is None and "missing" in o.report:
            where = "before the body" if o.zone == "head" else "in the article"
            yield self.emit("missing", f"no {o.label!r} label {where}", anchor, expected=o.label)


CHECK = DisclosureCheck
