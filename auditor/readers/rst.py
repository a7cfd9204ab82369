"""reStructuredText articles (.rst), read as text with the structure reStructuredText marks.

``Document.text`` is the whole decoded file, so line:column point into the file. A section title
(a line underlined, and optionally overlined, by one punctuation character repeated at least as
long as the title) is a heading; the first one is the headline. Field lists (``:Author:``,
``:Authors:``, ``:Date:``, ``:Source:``, ``:Language:``; the first of each name counts) give the
fields, with spans on their values; comments and directives (``.. ``, with their indented lines) are page
chrome; paragraphs are read like plain text. No docutils: nothing is rendered, and ``include``
and ``raw`` directives are never followed.
"""

from __future__ import annotations

import re

from auditor.model import Document, Published
from auditor.readers import ReaderOptions
from auditor.readers.common import decode, extract_fields, parse_published, split_names
from auditor.readers.layout import Block
from auditor.readers.roles import assign
from auditor.readers.text import text_blocks

NAME = "rst"
EXTENSIONS = (".rst",)

_ADORNMENT = re.compile(r"([=\-~^\"'`#*+:._])\1{2,}[ \t]*\r?")
_FIELD = re.compile(r"^:([A-Za-z][\w -]*):[ \t]*(.*?)[ \t]*\r?$")
_EXPLICIT = re.compile(r"^\.\.(?:[ \t]|\r?$)")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its end) for every line of the text."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_title(title: str, under: str) -> bool:
    t = title.rstrip("\r").strip()
    return bool(t) and not _ADORNMENT.fullmatch(title) and len(under.strip()) >= len(t) and not title[:1].isspace()


def _blocks(text: str) -> tuple[list[Block], list[tuple[str, int, int]]]:
    """Blocks of the file, and the bibliographic fields as (name, value start, value end)."""
    lines = _lines(text)
    blocks: list[Block] = []
    fields: list[tuple[str, int, int]] = []
    first_title, i, pos = True, 0, 0
    while i < len(lines):
        off, line = lines[i]
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if _ADORNMENT.fullmatch(nxt) and _is_title(line, nxt):
            blocks += text_blocks(text, pos, off)
            s = off + len(line) - len(line.lstrip())
            blocks.append(Block(s, off + len(line.rstrip()), hint="headline" if first_title else None))
            first_title, i = False, i + 2
        elif _EXPLICIT.match(line):  # a comment or a directive, with its indented lines
            j = i + 1
            while j < len(lines) and (not lines[j][1].strip() or lines[j][1][:1] in " \t"):
                j += 1
            last = j - 1
            while last > i and not lines[last][1].strip():
                last -= 1
            blocks += text_blocks(text, pos, off)
            blocks.append(Block(off, lines[last][0] + len(lines[last][1].rstrip()), hint="chrome"))
            i = j
        elif m := _FIELD.match(line):
            blocks += text_blocks(text, pos, off)
            fields.append((m.group(1).lower(), off + m.start(2), off + m.end(2)))
            blocks.append(Block(off, off + len(line.rstrip()), hint="metadata"))
            i += 1
        else:
            i += 1
            continue
        pos = lines[i][0] if i < len(lines) else len(text)
    blocks += text_blocks(text, pos)
    return [b for b in blocks if not _ADORNMENT.fullmatch(text[b.start : b.end])], fields


def _apply_fields(doc: Document, fields: list[tuple[str, int, int]], options: ReaderOptions) -> None:
    f = doc.fields
    for name, s, e in fields:
        value = doc.text[s:e]
        if not value or name in doc.metadata:
            continue
        doc.metadata[name] = value
        if name in ("author", "authors"):
            f.author, f.author_spans = [], []
            for who, a, b in split_names(value, s):
                f.author.append(who)
                f.author_spans.append(doc.span(a, b, field=name))
        elif name == "source":
            f.source, f.source_spans = [value], [doc.span(s, e, field=name)]
        elif name == "date":
            f.published = Published(value, parse_published(value, options, f.language), doc.span(s, e, field=name),
                                    "front_matter")
        elif name == "language":
            f.language = value


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    text, encoding = decode(data, path)
    blocks, fields = _blocks(text)
    segments = assign(text, blocks, options)
    doc = Document(path, NAME, text, segments, metadata={}, encoding=encoding)
    doc.fields = extract_fields(doc, options)
    _apply_fields(doc, fields, options)
    return [doc]
