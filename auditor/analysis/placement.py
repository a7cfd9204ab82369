"""Where a notice stands relative to the headline: one helper for the notice and typography rules."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor.analysis.notice import LEAD
from auditor.model import Document


class Placement(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    after: Literal["headline"] = Field(
        default="headline", description="Directly after the headline; before the body when there is none."
    )
    allow_between: list[str] = Field(
        default_factory=lambda: ["dateline", "lead"],
        description="Segment kinds that may stand between the headline and the notice.",
    )


def placement_problem(doc: Document, start: int, segment: str | None, allow_between: list[str]) -> str | None:
    """Why a notice at ``start`` (in a block of kind ``segment``) is not where the law wants it, or None.

    Directly under the headline, only ``allow_between`` kinds between them; with no headline, before
    the text; never in page chrome or a footnote. None also when the document has no layout.
    """
    if not doc.segments:
        return None
    segs = sorted(doc.segments, key=lambda s: s.start)
    headline = next((s for s in segs if s.kind == "headline"), None)
    from auditor.places import place_of

    line = place_of(doc, start)  # "line 17", or "paragraph 9" in a DOCX, "page 2" in a PDF
    if segment in ("chrome", "footnote"):
        where = (
            "page chrome (footer, sidebar, lists of other articles)"
            if segment == "chrome"
            else "a footnote"
        )
        return f"the notice at {line} stands in {where}, not at the beginning of the material"
    if headline is not None:
        hl = place_of(doc, headline.start)
        if start < headline.start:
            # directly above the headline (only a timestamp, a rubric or page chrome between
            # them) is the beginning of the material too, as the founding house prints it
            text_between = [
                s for s in segs if start < s.start < headline.start and s.kind not in ("chrome", "dateline", "notice")
            ]
            if not text_between:
                return None
            return (
                f"the notice at {line} stands above the headline ({hl}) with "
                f"{len(text_between)} block(s) of the text between them"
            )
        allowed = set(allow_between) | {"notice"}
        # every block that starts after the headline and before the notice (including a block
        # whose text runs into the notice) stands between them
        bad = [
            s
            for s in segs
            if headline.end <= s.start < start
            and s.kind not in allowed
            and not (
                start < s.end and LEAD.match(doc.text[s.start : start])
            )  # the notice's own block
        ]
        if bad:
            kinds = ", ".join(sorted({s.kind for s in bad}))
            return (
                f"the notice at {line} is not directly under the headline ({hl}): "
                f"{len(bad)} block(s) ({kinds}) stand between them"
            )
        return None
    early = [
        s
        for s in segs
        if s.start < start
        and s.kind in ("body", "attribution", "footnote")
        and not (start < s.end and LEAD.match(doc.text[s.start : start]))
    ]
    if early:
        body_line = place_of(doc, early[0].start)
        return f"the notice at {line} comes after the text ({body_line}); with no headline it must come first"
    return None


def directly_placed(doc: Document, start: int, allow_between: list[str]) -> bool | None:
    """Typography's test: directly under the headline (or, with no headline, before the text);
    None when the layout cannot tell."""
    if not doc.segments:
        return None
    allowed = set(allow_between)
    order = [s for s in doc.segments if s.kind not in allowed or (s.start <= start < s.end)]
    idx = next((i for i, s in enumerate(order) if s.start <= start < s.end), None)
    if idx is None:
        return None
    seg = order[idx]
    lead_in = doc.text[seg.start : start]
    if lead_in.strip(" \t\n\u00a0*18+«\"'"):  # the notice starts inside a paragraph of other text
        return False
    heads = [i for i, s in enumerate(order) if s.kind == "headline"]
    if heads:
        return idx == heads[0] + 1
    return all(s.kind not in ("body", "lead") for s in order[:idx])
