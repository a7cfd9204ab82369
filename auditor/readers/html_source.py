"""HTML reader, the source map: where each piece of extracted text stands in the page source, so
line:column of a finding are those of the HTML file."""

from __future__ import annotations

import bisect
import html as html_lib
import re
from typing import Any

from auditor.model import SourceMap

# Content that is never visible text: a probe found there is not the text node looked for.
_NOT_TEXT = re.compile(r"<!--|<(script|style|title|textarea|template|noscript|xmp|iframe)\b", re.I)
_NOT_TEXT_END = {
    tag: re.compile(rf"</{tag}\s*>", re.I)
    for tag in ("script", "style", "title", "textarea", "template", "noscript", "xmp", "iframe")
}
_BODY_TAG = re.compile(r"<body[\s>/]", re.I)
# A run of characters a page writes as themselves, with no entity for them and no line break: a
# text node is looked for in the source by its first such run.
_PROBE = re.compile(
    r"[^&<>\"'\s\xad\u00ab\u00bb\u2010-\u2027\u00a9\u00ae\u2122]"  # not a space at either end
    r"(?:[^&<>\"'\r\n\t\xa0\xad\u00ab\u00bb\u2010-\u2027\u00a9\u00ae\u2122]{0,38}"
    r"[^&<>\"'\s\xad\u00ab\u00bb\u2010-\u2027\u00a9\u00ae\u2122])?"
)
# Where the source and the extracted text differ in length inside a text node: an entity, or a run
# of white space the walk collapses to one space.
_UNEVEN = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?|[ \t\r\n\f]{2,}")
_WS = " \t\r\n\f"
_JUMP = 2000  # a text node found this far past the last one is checked against the nodes after it
_TITLE = re.compile(r"<title\b[^>]*>\s*", re.I)
_ENTITY_WINDOW = 50_000  # how far ahead a node is looked for with entities for its letters


def source_map(html: str, texts: list[tuple[int, int, str, bool]], blocks: list[Any]) -> SourceMap:
    """Anchors from the document text to the page source, so line/column are those of the HTML file.

    selectolax keeps no source positions, so each text node that put text into a block is looked
    for in the source, in order and never backwards: by a run of its plain characters (as written,
    else with entities for its non-ASCII letters), found where text stands (not inside a tag, a
    comment, a script or a style), from the <body> tag on. The node's first visible character
    anchors there; entities and white-space runs inside it add anchors, so columns stay right after
    them. A node not found adds nothing: its text maps linearly from the anchor before it
    (approximate, never behind it). A node found far ahead while the nodes after it stand before
    that place is out of order and adds nothing either; a <title> moved into the body by a broken
    <head> anchors at the <title> element.
    """
    finder = _Finder(html)
    body = _BODY_TAG.search(html)
    cursor = body.end() if body else 0
    anchors: list[tuple[int, int]] = []
    n = len(blocks)
    nodes = [raw.lstrip(_WS) for _b, _o, raw, _t in texts]
    probes = [_probe(node) for node in nodes]
    for i, (b, off, _raw, in_title) in enumerate(texts):
        probe = probes[i]
        if b >= n or not nodes[i]:
            continue
        t = blocks[b].start + min(off, blocks[b].end - blocks[b].start)
        if in_title:  # a <title> the parser moved into the body (a broken <head>): it stands in the head
            title = _TITLE.search(html)
            if title is not None:
                anchors.append((t, title.end()))
            continue
        if probe is None:  # only quotes, dashes, no-break spaces...: its first character or an entity, nearby
            lead, words = 0, nodes[i][0]
            pos, size = finder.first_of((words, "&"), cursor, min(len(html), cursor + _JUMP)), 1
        else:
            lead, words = probe
            pos, size = finder.find(words, cursor, len(html))
        if pos < 0 or (pos - cursor > _JUMP and finder.all_before(probes[i + 1 : i + 4], cursor, pos)):
            continue
        start = pos
        if lead:  # the node opens with characters a page may write as entities: from its tag end on
            gt = html.rfind(">", cursor, pos)
            start = gt + 1 if gt >= 0 else max(cursor, pos - lead)
            while start < pos and html[start] in _WS:
                start += 1
        anchors.append((t, start))
        cursor = max(pos + size, _inner_anchors(html, start, t, len(nodes[i]), anchors))
    return SourceMap(html, anchors)


def _probe(node: str) -> tuple[int, str] | None:
    """(offset, text) of the run of plain characters a text node is looked for by: its first run,
    unless that is short and a longer one follows."""
    best = None
    for m in _PROBE.finditer(node, 0, 200):
        if best is None or len(m.group()) > len(best.group()):
            best = m
        if len(best.group()) >= 8:
            break
    return (best.start(), best.group()) if best is not None else None


class _Finder:
    """Looks for text in the page source where text stands: not in a tag, comment, script or style."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.skips: list[tuple[int, int]] = []
        pos = 0
        while (m := _NOT_TEXT.search(html, pos)) is not None:
            if m.group(1) is None:
                end = html.find("-->", m.end())
                end = len(html) if end < 0 else end + 3
            else:
                close = _NOT_TEXT_END[m.group(1).lower()].search(html, m.end())
                end = len(html) if close is None else close.end()
            self.skips.append((m.start(), end))
            pos = end
        self.skip_starts = [a for a, _ in self.skips]

    def find(self, words: str, start: int, end: int) -> tuple[int, int]:
        """(position, length in the source) of ``words`` in [start, end), or (-1, 0): as written, or
        nearer (within a window) with some of its non-ASCII letters written as entities."""
        pos = self._find(words, start, end)
        if words.isascii():
            return pos, len(words)
        limit = pos if pos >= 0 else min(end, start + _ENTITY_WINDOW)
        if self.html.find("&", start, limit) >= 0:
            pattern = re.compile(
                "".join(re.escape(c) if c.isascii() else f"(?:{re.escape(c)}|&#?\\w{{1,8}};)" for c in words)
            )
            while (m := pattern.search(self.html, start, limit)) is not None:
                if self._is_text(m.start()):
                    return m.start(), m.end() - m.start()
                start = max(m.start() + 1, self._skip_end(m.start()))
        return (pos, len(words)) if pos >= 0 else (-1, 0)

    def first_of(self, options: tuple[str, ...], start: int, end: int) -> int:
        """The first place in [start, end) where one of ``options`` stands as text, or -1."""
        found = [pos for pos in (self._find(o, start, end) for o in options) if pos >= 0]
        return min(found) if found else -1

    def all_before(self, probes: list[tuple[int, str] | None], start: int, end: int) -> bool:
        """Whether the next text nodes (two or more) stand, in order, before ``end``: then a node
        found at ``end``, far ahead, is out of order (text the parser moved, table text fostered out)
        or a copy of later text, and anchoring it there would strand the nodes after it."""
        found = 0
        for probe in probes:
            if probe is None:
                continue
            pos, size = self.find(probe[1], start, end)
            if pos < 0:
                break
            found += 1
            start = pos + size
        return found >= 2

    def _find(self, words: str, start: int, end: int) -> int:
        while True:
            pos = self.html.find(words, start, end)
            if pos < 0 or self._is_text(pos):
                return pos
            start = max(pos + 1, self._skip_end(pos))

    def _skip_end(self, pos: int) -> int:
        """The end of the comment, script or style ``pos`` stands in, else 0."""
        i = bisect.bisect_right(self.skip_starts, pos) - 1
        return self.skips[i][1] if i >= 0 and pos < self.skips[i][1] else 0

    def _is_text(self, pos: int) -> bool:
        return not self._skip_end(pos) and _in_text(self.html, pos)


def _in_text(html: str, pos: int) -> bool:
    """Whether ``pos`` stands in text rather than inside a tag: the last tag before it is closed."""
    lt = html.rfind("<", 0, pos)
    if lt < 0 or html.rfind(">", lt, pos) >= 0:
        return True
    while lt >= 0 and not _opens_tag(html, lt):  # "a < b" in text is no tag
        lt = html.rfind("<", 0, lt)
    return lt < 0 or html.rfind(">", lt, pos) >= 0


def _opens_tag(html: str, lt: int) -> bool:
    nxt = html[lt + 1 : lt + 2]
    return nxt.isascii() and (nxt.isalpha() or nxt in "/!?")


def _inner_anchors(html: str, start: int, t: int, size: int, anchors: list[tuple[int, int]]) -> int:
    """Anchors after each entity and collapsed white-space run of the text node at ``start``; the
    source offset where the node ends (its next tag)."""
    end = html.find("<", start)
    if end < 0:
        end = len(html)
    last = start
    pos = t
    limit = t + size
    for m in _UNEVEN.finditer(html, start, end):
        pos += m.start() - last
        token = m.group()
        pos += len(html_lib.unescape(token)) if token[0] == "&" else 1
        last = m.end()
        if pos >= limit:
            break
        anchors.append((pos, last))
    return end
