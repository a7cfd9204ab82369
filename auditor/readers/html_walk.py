"""HTML reader, the walk: visible text into blocks, with the elements of interest (date, author,
source, notice, headline) marked where their text landed, chrome flagged, typography runs kept.

Iterative (an explicit stack), so nesting depth costs no recursion; the depth itself is bounded
before parsing (``html.check_depth``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from auditor.readers import ReaderOptions
from auditor.readers.html_chrome import (
    _ancestors,
    _class_id,
    _contains,
    _hidden,
    _is_chrome_node,
    _select_ids,
)
from auditor.readers.html_css import Computed, Styler, block_style

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "map",
              "select", "option", "button", "input", "textarea", "video", "audio", "picture", "source"}  # fmt: skip
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "header", "footer", "aside", "nav", "main", "blockquote", "figure", "figcaption",
          "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "address", "form",
          "fieldset", "legend", "hr", "body", "details", "summary", "center", "menu", "dialog"}  # fmt: skip
_MUTED = "aria-hidden"  # the walk's hint for what aria-hidden keeps from screen readers: chrome text
_DATE_WORDS = re.compile(r"date|time|publish|posted|dateline|timestamp|byline|meta|updated|submitted|article-info|info", re.I)
_AUTHOR_WORDS = re.compile(r"byline|author|autor|writer|reporter|creator|contributor|signature", re.I)
_NOT_AUTHOR = re.compile(r"bio|about|avatar|image|photo|img|more-by|other|follow|social|twitter|email|mail", re.I)


@dataclass(slots=True)
class _Mark:
    """An element of interest: where its text landed in the document text."""

    role: str  # "date", "author", "headline", "notice", "source"
    node_id: int
    attrs: str  # class/id/itemprop text, for scoring
    chrome: bool
    in_article: bool
    selected: bool = False  # named by a house CSS selector: wins over every heuristic
    start: tuple[int, int] = (0, 0)  # (block index, offset in block)
    end: tuple[int, int] = (0, 0)
    order: int = 0


@dataclass(slots=True)
class _Walk:
    parts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    buf_len: int = 0
    boundary: bool = False  # an inline element opened or closed since the last text
    marks: list[_Mark] = field(default_factory=list)
    comments: list[tuple[tuple[int, int], str]] = field(default_factory=list)  # auditor: directives
    open_marks: dict[int, _Mark] = field(default_factory=dict)
    runs: list[tuple[int, Computed]] = field(default_factory=list)  # (letters, style) of this block's text
    part_runs: list[list[tuple[int, Computed]]] = field(default_factory=list)  # the runs of each part
    # (block index, offset in the block, text node, in a <title>) of each text node that put visible
    # text into a block, the offset being that of its first visible character: to find it in the source
    texts: list[tuple[int, int, str, bool]] = field(default_factory=list)

    order: int = 0  # marks opened so far
    nth: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)  # css_path's sibling counts

    def text_node(self, node: Any, styler: Styler) -> None:
        """A text node's visible text into the block, and where it came from (for the source map)."""
        raw = node.text(deep=False) or ""
        before = self.buf_len
        self.add_text(raw, styler.style_of(node.parent))
        if self.buf_len > before:
            chunk = self.buf[-1]
            lead = len(chunk) - len(chunk.lstrip(" "))
            if lead < len(chunk):
                in_title = node.parent is not None and node.parent.tag == "title"
                self.texts.append((len(self.parts), before + lead, raw, in_title))

    def open_roles(self, node: Any, nid: int, ids: dict[str, set[int]], head_id: int | None, chrome: bool,
                   in_article: bool) -> list[int]:  # fmt: skip
        """Marks for the roles this element plays (date, author, source), open until its end."""
        keys: list[int] = []
        for role in _roles(node, nid, ids["date"], ids["author"], ids["source"], ids["notice"], head_id):
            self.order += 1
            chosen = nid in ids.get(role, set())
            here = self.position()
            m = _Mark(role, nid, _marker_text(node), chrome, in_article, chosen, here, here, self.order)
            self.marks.append(m)
            self.open_marks[id(m)] = m
            keys.append(id(m))
        return keys

    def position(self) -> tuple[int, int]:
        return len(self.parts), self.buf_len

    def add_text(self, text: str, style: Computed | None = None) -> None:
        text = re.sub(r"[ \t\r\n\f\v]+", " ", text)
        if not self.buf or self.buf[-1].endswith((" ", "\n")):
            text = text.lstrip(" ")
        elif self.boundary and text and _glued(self.buf[-1][-1], text[0]):
            text = " " + text  # "Nolan</a><span>22 Dec" shows apart; keep it apart
        self.boundary = False
        if text:
            self.buf.append(text)
            self.buf_len += len(text)
            if style is not None:
                self.runs.append((len(text.strip()), style))

    def line_break(self) -> None:
        if self.buf and not self.buf[-1].endswith("\n"):
            if self.buf[-1].endswith(" "):
                self.buf[-1] = self.buf[-1][:-1]
                self.buf_len -= 1
            self.buf.append("\n")
            self.buf_len += 1

    def flush(self, hint: str | None, node: Any = None) -> None:
        text = "".join(self.buf).rstrip(" \n")
        self.buf.clear()
        self.buf_len = 0
        idx = len(self.parts)
        for mark in self.marks:  # clamp marks that point past the stripped end of this block
            for name in ("start", "end"):
                b, off = getattr(mark, name)
                if b == idx and off > len(text):
                    setattr(mark, name, (b, len(text)))
        runs, self.runs = self.runs, []
        if text:
            self.parts.append((text, {"hint": "chrome" if hint == _MUTED else hint, "style": block_style(runs), "element": css_path(node, self.nth)}))
            self.part_runs.append(runs)
        else:  # nothing kept: marks at this block move to the next one
            for mark in self.marks:
                for name in ("start", "end"):
                    b, _off = getattr(mark, name)
                    if b == idx:
                        setattr(mark, name, (b, 0))


def css_path(node: Any, nth: dict[int, dict[int, tuple[int, int]]] | None = None) -> str | None:
    """A CSS path a person can paste into the browser's inspector: tag, first class or id, and
    :nth-of-type where siblings share the tag, from below <body> down to the block (issue 17).
    ``nth`` remembers each parent's children's positions, so a page of 13,000 sibling paragraphs
    costs one pass over them, not one per paragraph (issue 16)."""
    steps: list[str] = []
    cur = node
    nth = {} if nth is None else nth
    while cur is not None and cur.tag not in ("body", "html", "-undef", None) and len(steps) < 12:
        attrs = cur.attributes
        step = str(cur.tag)
        if attrs.get("id"):
            step += f"#{attrs['id']}"
        elif attrs.get("class"):
            step += "." + str(attrs["class"]).split()[0]
        parent = cur.parent
        if parent is not None:
            pos = nth.get(parent.mem_id)
            if pos is None:
                counts: dict[str, int] = {}
                pos = {}
                kids = list(parent.iter())
                for c in kids:
                    counts[c.tag] = counts.get(c.tag, 0) + 1
                    pos[c.mem_id] = (counts[c.tag], 0)
                pos = {mid: (i, counts[c.tag]) for c in kids for mid, (i, _n) in [(c.mem_id, pos[c.mem_id])]}
                nth[parent.mem_id] = pos
            index, total = pos.get(cur.mem_id, (1, 1))
            if total > 1:
                step += f":nth-of-type({index})"
        steps.append(step)
        cur = parent
    return " > ".join(reversed(steps)) or None


def _glued(last: str, first: str) -> bool:
    return last.isalnum() and first.isalnum() and (first.isdigit() or last.isdigit() or (first.isupper() and last.islower()))


def _walk(tree: Any, root: Any, scope: Any, headline: Any, options: ReaderOptions, path: str,
          styler: Styler) -> _Walk:  # fmt: skip
    sel = options.html_selectors
    chrome_ids = _select_ids(tree, sel.get("chrome"), path, "chrome")
    notice_ids = _select_ids(tree, sel.get("notice"), path, "notice")
    ids = {key: _select_ids(tree, sel.get(key), path, key) for key in ("date", "author", "source")}
    ids["notice"] = notice_ids
    scope_ids = {n.mem_id for n in _ancestors(scope)} | {scope.mem_id}
    head_id = headline.mem_id if headline is not None else None
    w = _Walk()
    # stack items: (node, chrome, in_article, hint) or ("end", node, ...) markers
    stack: list[tuple[Any, ...]] = [("node", tree.body or tree.root, False, False, None)]
    while stack:
        item = stack.pop()
        if item[0] == "end":
            _, node, hint, is_block, mark_ids = item
            for mid in mark_ids:
                m = w.open_marks.pop(mid)
                m.end = w.position()
            if is_block:
                w.flush(hint, node)
            w.boundary = True
            continue
        _, node, chrome, in_article, hint = item
        tag = node.tag
        if tag == "-text":
            w.text_node(node, styler)
            continue
        if tag in ("-comment", "_comment") and "auditor:" in (node.html or ""):
            w.comments.append((w.position(), (node.html or "").removeprefix("<!--").removesuffix("-->")))
        if tag in ("-comment", "_comment", "!doctype") or tag in _INVISIBLE or _hidden(node):
            continue
        if tag == "br":
            w.line_break()
            continue
        nid = node.mem_id
        if nid == scope.mem_id or nid == root.mem_id:
            in_article = True
        guarded = nid in scope_ids or (head_id is not None and nid == head_id)
        if not guarded and (
            nid in chrome_ids or (_is_chrome_node(node, inside=in_article) and not _contains(node, headline, root))
        ):
            chrome = True
        is_block = tag in _BLOCK
        new_hint = hint
        if hint == _MUTED or (node.attributes.get("aria-hidden") or "").lower() == "true":
            new_hint = _MUTED  # shown, but kept from screen readers: a visual duplicate, never body
        elif nid in notice_ids:
            new_hint = "notice"
        elif head_id is not None and nid == head_id:
            new_hint = "headline"
        elif chrome or not in_article:
            new_hint = "chrome"
        elif is_block and hint == "chrome":
            new_hint = None
        if is_block:
            w.flush(hint, node.parent)
        w.boundary = True
        mark_ids = w.open_roles(node, nid, ids, head_id, chrome, in_article)
        stack.append(("end", node, new_hint, is_block, mark_ids))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append(("node", child, chrome, in_article, new_hint))
    w.flush(None)
    return w


def _marker_text(node: Any) -> str:
    attrs = node.attributes
    bits = [node.tag, attrs.get("class") or "", attrs.get("id") or "", attrs.get("itemprop") or "",
            attrs.get("rel") or "", "pubdate" if "pubdate" in attrs else ""]  # fmt: skip
    return " ".join(b for b in bits if b)


def _roles(node: Any, nid: int, date_ids: set[int], author_ids: set[int], source_ids: set[int],
           notice_ids: set[int], head_id: int | None) -> list[str]:  # fmt: skip
    roles: list[str] = []
    attrs = node.attributes
    cid = _class_id(node)
    itemprop = (attrs.get("itemprop") or "").lower()
    if nid in date_ids or node.tag == "time" or itemprop in ("datepublished", "datecreated") or (
        cid and _DATE_WORDS.search(cid)
    ):
        roles.append("date")
    rel = (attrs.get("rel") or "").lower()
    if nid in author_ids or rel == "author" or itemprop == "author" or (
        cid and _AUTHOR_WORDS.search(cid) and not _NOT_AUTHOR.search(cid)
    ):
        roles.append("author")
    if nid in source_ids:
        roles.append("source")
    return roles
