"""Plain text and Markdown: edits of the file text itself (Document.text is the decoded file).

A block is a paragraph: inserted with a blank line on either side, in the file's line endings;
a removed block takes its lines and one blank line with it. Front matter is never touched.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.fix.apply import CannotApply, SourceEdit
from auditor.model import Document, Fix

_LEAD = re.compile(r"^[\s*•·>#\u00ad\u200b-\u200d\u2060\ufeff-]*(?:18\s?\+)?[\s*•·>\-–—:]*$")


def newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    """Index of the line break (its \\r when \\r\\n) of the line holding pos, or len(text)."""
    nl = text.find("\n", pos)
    if nl == -1:
        return len(text)
    return nl - 1 if nl > 0 and text[nl - 1] == "\r" else nl


def _blank(text: str, start: int) -> bool:
    """The line starting at ``start`` is blank (or there is none)."""
    return start >= len(text) or not text[start : _line_end(text, start)].strip()


def insert_block(text: str, at: int, block: str) -> SourceEdit:
    nl = newline(text)
    rest = text[at:_line_end(text, at)]
    if not rest.strip():  # at the end of a line: the block goes after it
        le = _line_end(text, at)
        after = text.find("\n", le)
        follows_blank = after == -1 or _blank(text, after + 1)
        return le, le, nl + nl + block + ("" if follows_blank else nl)
    ls = _line_start(text, at)
    if text[ls:at].strip():
        raise CannotApply("the place for the new paragraph is inside a line")
    before_blank = ls == 0 or _blank(text, _line_start(text, ls - 1))
    return ls, ls, ("" if before_blank else nl) + block + nl + nl


def delete_block(text: str, start: int, end: int) -> SourceEdit:
    """Remove the block text[start:end]: its whole line(s) and one blank line when it stands alone
    on them, else only its own characters."""
    ls, le = _line_start(text, start), _line_end(text, max(start, end - 1))
    if not (_LEAD.match(text[ls:start]) and not text[end:le].strip()):
        e = end
        while e < len(text) and text[e] in " \t":
            e += 1
        return start, e, ""
    nxt = text.find("\n", le)
    cut_start, cut_end = ls, (len(text) if nxt == -1 else nxt + 1)
    if nxt == -1 and ls > 0:  # the last line: take the line break before it instead
        cut_start = ls - 1 - (1 if ls >= 2 and text[ls - 2] == "\r" else 0)
    else:
        prev_blank = ls == 0 or _blank(text, _line_start(text, ls - 1))
        if prev_blank and cut_end < len(text) and _blank(text, cut_end):  # one blank line goes with it
            nxt2 = text.find("\n", cut_end)
            cut_end = len(text) if nxt2 == -1 else nxt2 + 1
    return cut_start, cut_end, ""


def source_edits(doc: Document, source: str, fixes: list[Fix], settings: dict[str, Any]) -> list[SourceEdit]:
    if source != doc.text:
        raise CannotApply("the file text differs from what was audited")
    front = next((s for s in doc.segments if s.kind == "metadata"), None)
    out: list[SourceEdit] = []
    for fix in fixes:
        for e in fix.edits:
            if front is not None and e.start < front.end:
                raise CannotApply("the fix would touch the front matter")
            if e.block and e.start == e.end:
                out.append(insert_block(source, e.start, e.text))
            elif e.block and not e.text:
                out.append(delete_block(source, e.start, e.end))
            else:
                out.append((e.start, e.end, e.text))
    return out
