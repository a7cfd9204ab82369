"""Plain-text articles (.txt): the decoded file text, cut into paragraph blocks, classified.

``Document.text`` is the decoded file exactly (a UTF-8 BOM dropped), so line:column point into
the file. Lines of one hard-wrapped paragraph stay one block; a short line ("All news") ends
its block, so a notice printed right under it is a block of its own.
"""

from __future__ import annotations

import re

from auditor.model import Document
from auditor.readers import ReaderOptions
from auditor.readers.common import decode, extract_fields
from auditor.readers.layout import Block
from auditor.readers.roles import assign

NAME = "text"
EXTENSIONS = (".txt", ".text")

_SENTENCE_END = re.compile(r"[.!?…:;»\"”')\]]\s*$")
WRAP_WIDTH = 60  # a line at least this long that does not end a sentence may continue on the next line
_FULL_STOP = re.compile(r"[.!?…][\"»”']?\s*(?:18\s*\+)?\s*$")
_MARKUP = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # blockquote markers and indentation
_ITEM = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+•][ \t]|\d{1,3}[.)][ \t])")
_CONNECT = re.compile(r"(?:[,\-–—(«\"]|\b(?:и|в|на|с|по|или|либо|and|or|of|the|a|і|та|або))$", re.IGNORECASE)


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(1 for c in letters if c.isupper()) / len(letters) > 0.85


def continues(prev: str, line: str) -> bool:
    """Whether ``line`` carries on the paragraph of ``prev`` (hard wrapping), by their shapes: a
    line that ends no sentence is continued by one that opens in lower case, by more capitals
    after capitals (a wrapped notice), after a hanging connector, or after a long line by a line
    that is long itself or ends the sentence. A new list item never continues."""
    p = _MARKUP.sub("", prev).rstrip()
    t = _MARKUP.sub("", line).strip()
    if not p or not t or _ITEM.match(line) or _FULL_STOP.search(p):
        return False
    if _caps(p) and _caps(t):
        return True  # a notice set in capitals, wrapped after "(ИНФОРМАЦИЯ)" or a comma
    if _SENTENCE_END.search(p):
        return False
    if _ITEM.match(prev) and not line[: len(line) - len(line.lstrip())]:
        return t[0].islower()  # an item's continuation is indented or lower case
    if t[0].islower() or (t[0] in "(«\"" and not _caps(t) and not _caps(p)):
        return True
    if _caps(p) and _caps(t):
        return True
    if _CONNECT.search(p):
        return True
    return len(p) >= WRAP_WIDTH and (len(t) >= 40 or bool(_SENTENCE_END.search(t)))


def text_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks of text[start:end]: blank lines separate; inside a run of lines a line
    joins the previous one only when ``continues`` says it carries on its paragraph."""
    end = len(text) if end is None else end
    blocks: list[Block] = []
    cur: list[int] | None = None  # [start, end] of the block being built
    prev_line = ""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line = text[pos:line_end].rstrip("\r")
        stripped = line.strip()
        if not stripped or not _MARKUP.sub("", line).strip():
            if cur is not None:
                blocks.append(Block(cur[0], cur[1]))
                cur = None
        else:
            s = pos + (len(line) - len(line.lstrip()))
            e = pos + len(line.rstrip())
            if cur is not None and continues(prev_line, line):
                cur[1] = e
            else:
                if cur is not None:
                    blocks.append(Block(cur[0], cur[1]))
                cur = [s, e]
        prev_line = line if stripped else ""
        pos = line_end + 1
    if cur is not None:
        blocks.append(Block(cur[0], cur[1]))
    return blocks


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    text, encoding = decode(data, path)
    blocks = text_blocks(text)
    segments = assign(text, blocks, options)
    doc = Document(path, NAME, text, segments, encoding=encoding)
    doc.fields = extract_fields(doc, options)
    return [doc]
