"""HTML: DOM-aware edits of the page source, everything else byte for byte as it was.

The reader keeps no source positions, so the page's own tags are scanned (comments, scripts and
styles skipped) to find the element that holds a piece of text: a notice goes in as its own
element (``<p class="agent-notice">``, ``settings.notice_class``) right after the headline
element; a notice element is removed whole; a text replacement is made where the text stands,
or as the whole content of the element holding exactly that text. When the place cannot be found
for sure the fix is not applied (``CannotApply``).
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from auditor.fix.apply import CannotApply, SourceEdit
from auditor.model import Document, Fix

DEFAULT_CLASS = "agent-notice"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*?)?(/?)>")
_BODY = re.compile(r"<body[\s>/]", re.I)
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"])
BLOCK = frozenset([
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "td", "th", "tr", "ul",
])
_CLOSES_P = BLOCK - {"td", "th", "tr", "li", "dd", "dt"}
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def _visible(fragment: str) -> str:
    return _norm(html_lib.unescape(_TAG.sub(" ", re.sub(r"<!--.*?-->", "", fragment, flags=re.S))))


class _Page:
    def __init__(self, html: str) -> None:
        from auditor.readers.html_source import _Finder

        self.html = html
        self.finder = _Finder(html)
        body = _BODY.search(html)
        self.body = body.start() if body else 0
        self.nl = "\r\n" if "\r\n" in html else "\n"

    def _tags(self, start: int, end: int | None = None) -> Any:
        for m in _TAG.finditer(self.html, start, len(self.html) if end is None else end):
            if self.finder._skip_end(m.start()):
                continue
            yield m.group(1) == "/", m.group(2).lower(), m

    def enclosing(self, pos: int) -> tuple[str, int, int]:
        """(tag, start of its open tag, end of its open tag) of the innermost block element holding pos."""
        stack: list[tuple[str, int, int]] = []
        for closing, name, m in self._tags(self.body, pos):
            if name in VOID or m.group(3):
                continue
            if not closing:
                if stack and stack[-1][0] == "p" and name in _CLOSES_P:
                    stack.pop()
                stack.append((name, m.start(), m.end()))
                continue
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        for item in reversed(stack):
            if item[0] in BLOCK:
                return item
        raise CannotApply("no element holds the text")

    def close_of(self, name: str, open_end: int) -> tuple[int, int]:
        """(start, end) of the tag closing the element opened at open_end (an implied </p> is empty)."""
        depth = 0
        for closing, tag, m in self._tags(open_end):
            if name == "p" and not closing and tag in _CLOSES_P:
                return m.start(), m.start()
            if tag != name or m.group(3):
                continue
            if not closing:
                depth += 1
            elif depth == 0:
                return m.start(), m.end()
            else:
                depth -= 1
        raise CannotApply(f"the <{name}> element is never closed")

    def element(self, pos: int) -> tuple[str, int, int, int, int]:
        name, o_start, o_end = self.enclosing(pos)
        c_start, c_end = self.close_of(name, o_end)
        return name, o_start, o_end, c_start, c_end

    def indent(self, pos: int) -> str:
        ls = self.html.rfind("\n", 0, pos) + 1
        lead = self.html[ls:pos]
        return lead if not lead.strip() else ""


def _span(doc: Document, start: int, end: int) -> tuple[int, int]:
    sm = doc.source_map
    if sm is None:
        raise CannotApply("the page has no source map")
    return sm.source_offset(start), sm.source_offset(max(start, end - 1)) + 1


def _insert(page: _Page, doc: Document, at: int, text: str, cls: str) -> SourceEdit:
    element = f'<p class="{cls}">{html_lib.escape(text, quote=False)}</p>'
    seg = next((s for s in doc.segments if s.end == at and s.start < at), None)
    if seg is not None:  # after the block (the headline) that ends here
        name, o_start, o_end, c_start, c_end = page.element(_span(doc, seg.start, seg.end)[0])
        if _norm(doc.text[seg.start : seg.end]) not in _visible(page.html[o_end:c_start]):
            raise CannotApply(f"the <{name}> found does not hold the headline")
        return c_end, c_end, page.nl + page.indent(o_start) + element
    seg = next((s for s in doc.segments if s.start == at), None)
    if seg is None:
        raise CannotApply("no block starts or ends where the notice goes")
    name, o_start, *_ = page.element(_span(doc, seg.start, seg.end)[0])
    return o_start, o_start, element + page.nl + page.indent(o_start)


def _delete(page: _Page, doc: Document, start: int, end: int) -> SourceEdit:
    ss, se = _span(doc, start, end)
    want = _norm(doc.text[start:end])
    name, o_start, o_end, c_start, c_end = page.element(ss)
    html = page.html
    if _visible(html[o_end:c_start]) == want:
        ls = html.rfind("\n", 0, o_start) + 1
        nl = html.find("\n", c_end)
        le = len(html) if nl < 0 else nl + 1
        if not html[ls:o_start].strip() and not html[c_end:le].strip():
            return ls, le, ""
        return o_start, c_end, ""
    if "<" not in html[ss:se] and _norm(html_lib.unescape(html[ss:se])) == want:
        return ss, se, ""
    raise CannotApply("the notice shares its element with other content")


def _replace(page: _Page, doc: Document, start: int, end: int, new: str) -> SourceEdit:
    ss, se = _span(doc, start, end)
    old = _norm(doc.text[start:end])
    html = page.html
    if "<" not in html[ss:se] and _norm(html_lib.unescape(html[ss:se])) == old:
        return ss, se, html_lib.escape(new, quote=False)
    name, o_start, o_end, c_start, c_end = page.element(ss)
    inner = html[o_end:c_start]
    if "<" not in inner and _visible(inner) == old:  # the element's whole text, with entities or line breaks
        return o_end, c_start, html_lib.escape(new, quote=False)
    raise CannotApply("the text to replace spans markup (a <time>, <span> or <br> inside it)")


def source_edits(doc: Document, source: str, fixes: list[Fix], settings: dict[str, Any]) -> list[SourceEdit]:
    page = _Page(source)
    cls = settings.get("notice_class") or DEFAULT_CLASS
    out: list[SourceEdit] = []
    for fix in fixes:
        for e in fix.edits:
            if e.block and e.start == e.end:
                out.append(_insert(page, doc, e.start, e.text, cls))
            elif e.block and not e.text:
                out.append(_delete(page, doc, e.start, e.end))
            else:
                out.append(_replace(page, doc, e.start, e.end, e.text))
    return out
