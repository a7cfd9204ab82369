"""Small text helpers the readers share: whitespace squashing, span trimming, Markdown code."""

from __future__ import annotations

import re


def squash(text: str) -> str:
    """Collapse runs of ASCII whitespace into one space (NBSP and soft hyphens are kept)."""
    return " ".join(re.split(r"[ \t\r\n\f\v]+", text)).strip()


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
_TICKS = re.compile(r"(?<!\\)`+")


def in_markdown_code(text: str, pos: int) -> bool:
    """True when ``text[pos]`` stands in a fenced code block or an inline code span of Markdown.

    Fences open and close as CommonMark has it (the same character, a closing run at least as
    long); an inline code span opens with a run of backticks and closes with a run of the same
    length on its line. Indented code blocks are not recognised (too easily confused with
    indented prose in exported articles).
    """
    line_start = text.rfind("\n", 0, pos) + 1
    fence: str | None = None
    for m in _FENCE.finditer(text, 0, line_start):
        run, rest = m.group(1), m.group(2)
        if fence is None:
            fence = run
        elif run[0] == fence[0] and len(run) >= len(fence) and not rest.strip():
            fence = None
    if fence is not None:
        return True
    opened = 0
    for m in _TICKS.finditer(text, line_start, pos):
        run = len(m.group())
        if not opened:
            opened = run
        elif run == opened:
            opened = 0
    return opened > 0
