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
from auditor.readers.layout import Block, classify

NAME = "text"
EXTENSIONS = (".txt", ".text")

_SENTENCE_END = re.compile(r"[.!?…:;»\"”')\]]\s*$")
WRAP_WIDTH = 60  # a line at least this long that does not end a sentence continues on the next line


def text_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks of text[start:end]: blank lines separate; inside a run of lines a line
    joins the previous one only when that one looks hard-wrapped (long, no sentence end)."""
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
        if not stripped:
            if cur is not None:
                blocks.append(Block(cur[0], cur[1]))
                cur = None
        else:
            s = pos + (len(line) - len(line.lstrip()))
            e = pos + len(line.rstrip())
            wrapped = len(prev_line.strip()) >= WRAP_WIDTH and not _SENTENCE_END.search(prev_line)
            if cur is not None and wrapped:
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
    segments = classify(text, blocks, options)
    doc = Document(path, NAME, text, segments, encoding=encoding)
    doc.fields = extract_fields(doc, options)
    return [doc]
