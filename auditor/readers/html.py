"""HTML pages (.html): visible text as blocks, the article apart from page chrome, metadata.

Visible text only (script, style, noscript, template, svg, [hidden] and aria-hidden dropped).
The article is found by structure ([itemprop=articleBody], <article>, <main>, then text density);
nav/header/footer/aside, menus, sharing and "related" lists and everything outside the article
is chrome. JSON-LD (NewsArticle/Article, also inside @graph) and <meta> tags go to
``Document.metadata`` under "jsonld" and "meta", plus flattened title/author/published/
publisher/language/url. House CSS selectors (``options.html_selectors``: headline, body,
author, source, date, notice, chrome) override the heuristics. Typography (``Segment.style``,
``Document.body_style``) is computed from the page's own CSS by ``html_css.Styler``.
"""

from __future__ import annotations

import re

from auditor.model import Document
from auditor.readers import LimitExceeded, ReaderOptions, ReadError
from auditor.readers.common import decode, extract_fields
from auditor.readers.html_chrome import _article_root, _headline, _scope
from auditor.readers.html_css import Styler
from auditor.readers.html_fields import _body_style, _comment_offsets, _html_fields, _mark_spans
from auditor.readers.html_meta import _metadata
from auditor.readers.html_source import source_map
from auditor.readers.html_walk import _walk
from auditor.readers.layout import classify, join_blocks

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


# Tags that never nest (void) or whose end tag is implied by the next sibling: they add no depth.
_FLAT = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body"]
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "template", "noscript", "iframe", "plaintext"})
_TAG_OR_COMMENT = re.compile(r"<!--|<(/?)([A-Za-z][^\s/>]*)(?:[^>]*?(/?))?>")


def check_depth(html: str, limit: int) -> None:
    """Raise LimitExceeded when the page nests elements deeper than ``limit`` (0: no limit).

    One linear scan of the tags, before parsing (the HTML parser's tree building costs time
    quadratic in the depth: 100,000 nested <div>s take minutes). Comments and raw-text elements
    (script, style, ...) are skipped; void elements and those whose end tag is implied add nothing.
    """
    if limit <= 0:
        return
    depth = 0
    pos = 0
    n = len(html)
    while pos < n:
        m = _TAG_OR_COMMENT.search(html, pos)
        if m is None:
            return
        pos = m.end()
        if m.group(0) == "<!--":
            end = html.find("-->", pos)
            pos = n if end < 0 else end + 3
            continue
        name = m.group(2).lower()
        if m.group(1):
            depth = max(0, depth - 1) if name not in _FLAT else depth
            continue
        if name in _RAW_TEXT:
            close = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(html, pos)
            pos = n if close is None else close.end()
            continue
        if name in _FLAT or m.group(3):
            continue
        depth += 1
        if depth > limit:
            line = html.count("\n", 0, m.start()) + 1
            raise LimitExceeded(
                f"line {line}: elements nested deeper than {limit} levels (limit: depth, --max-depth)"
            )


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    from selectolax.lexbor import LexborHTMLParser

    html, encoding = decode(data, path, _declared_charset(data[:4096]))
    check_depth(html, options.limits.depth)  # the parser is quadratic in nesting: measure first
    tree = LexborHTMLParser(html)
    if tree.body is None:
        raise ReadError(f"{path}: no HTML body")
    meta = _metadata(tree)
    root = _article_root(tree, options, path)
    headline = _headline(tree, root, options, path)
    scope = _scope(root, headline)
    walk = _walk(tree, root, scope, headline, options, path, Styler(tree))
    text, blocks = join_blocks(walk.parts)
    segments = classify(text, blocks, options)
    doc = Document(path, NAME, text, segments, metadata=meta, encoding=encoding)
    doc.source_map = source_map(html, walk.texts, blocks)
    doc.body_style = _body_style(segments, walk.part_runs)
    spans = _mark_spans(walk, blocks)
    if walk.comments:  # suppression directives (auditor/suppress.py): [offset in text, comment]
        doc.metadata["comments"] = _comment_offsets(walk, blocks, len(text))
    doc.fields = extract_fields(doc, options)
    _html_fields(doc, options, walk.marks, spans, meta)
    return [doc]


__all__ = ["EXTENSIONS", "NAME", "read", "source_map"]
