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

import bisect
import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from auditor import dates
from auditor.model import Document, Published, Segment, SourceMap, Style
from auditor.readers import ReaderOptions, ReadError
from auditor.readers.common import (
    clean_name_value,
    date_order,
    decode,
    extract_fields,
    find_published,
    parse_published,
    split_names,
    squash,
)
from auditor.readers.html_css import Computed, Styler, block_style, body_style
from auditor.readers.layout import classify, join_blocks

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "map",
              "select", "option", "button", "input", "textarea", "video", "audio", "picture", "source"}  # fmt: skip
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "header", "footer", "aside", "nav", "main", "blockquote", "figure", "figcaption",
          "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "address", "form",
          "fieldset", "legend", "hr", "body", "details", "summary", "center", "menu", "dialog"}  # fmt: skip
_CHROME_TAGS = {"nav", "aside", "form", "menu", "dialog"}
_CHROME_ROLES = {"navigation", "complementary", "search", "menu", "menubar", "contentinfo", "banner", "dialog"}
_CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|side-bar|related|recommended|"
    r"recommendations?|share|sharing|social|comments?|promo|advert|advertisement|ads?|newsletter|subscribe|"
    r"popular|most-read|mostread|trending|teasers?|widget|cookie|paywall|toolbar|tags|more-stories|"
    r"read-more|outbrain|taboola|masthead|site-header|topbar|top-bar)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"date|time|publish|posted|dateline|timestamp|byline|meta|updated|submitted|article-info|info", re.I)
_UPDATED = re.compile(
    r"updated|modified|aktualisiert|mis à jour|actualizado|atualizado|обновлено|last updated|изменено", re.I
)
_OWN_FIELD = re.compile(r"byline|author|dateline|date|publish|timestamp", re.I)
_PUBLISHED = re.compile(r"publish|posted|created|pubdate|first", re.I)
_AUTHOR_WORDS = re.compile(r"byline|author|autor|writer|reporter|creator|contributor|signature", re.I)
_NOT_AUTHOR = re.compile(r"bio|about|avatar|image|photo|img|more-by|other|follow|social|twitter|email|mail", re.I)
_LABEL = re.compile(
    r"^\s*(?:(?:Compiled|Written|Story|Words|Text)\s+)?(?:By|Von|Par|Por|От|Автор(?:ы)?|Authors?|Autor(?:in|en)?|"
    r"Autori|Auteurs?|Text|Текст)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _attr(node: Any, name: str) -> str:
    val = node.attributes.get(name)
    return val or ""


def _class_id(node: Any) -> str:
    return f"{_attr(node, 'class')} {_attr(node, 'id')}".strip()


def _hidden(node: Any) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


# -- metadata -------------------------------------------------------------------------------------
def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text(deep=True) or "null", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return out


def _names(value: Any) -> list[str]:
    """Author / publisher value of JSON-LD: Person, Organization, list, or a plain string."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _metadata(tree: Any) -> dict[str, Any]:
    meta_tags: dict[str, str] = {}
    for node in tree.css("meta"):
        key = (_attr(node, "property") or _attr(node, "name") or _attr(node, "itemprop")).strip().lower()
        content = node.attributes.get("content")
        if key and content and key not in meta_tags:
            meta_tags[key] = content.strip()
    objects = _jsonld_objects(tree)
    article = next((o for o in objects if _ARTICLE_TYPES.search(str(o.get("@type", "")))), None)
    out: dict[str, Any] = {"meta": meta_tags}
    if article is not None:
        out["jsonld"] = article
    html = tree.css_first("html")
    lang = _attr(html, "lang").strip() if html is not None else ""
    title_node = tree.css_first("title")
    canonical = tree.css_first('link[rel="canonical"]')
    a = article or {}
    title = a.get("headline") or meta_tags.get("og:title") or (title_node.text().strip() if title_node else None)
    if isinstance(title, str) and title.strip():
        out["title"] = " ".join(title.split())
    authors = _names(a.get("author")) or _names(meta_tags.get("author") or meta_tags.get("article:author"))
    authors = [x for x in authors if not x.startswith("http")]
    if authors:
        out["author"] = authors
    published = a.get("datePublished") or meta_tags.get("article:published_time") or meta_tags.get("date")
    if isinstance(published, str) and published.strip():
        out["published"] = published.strip()
        out["published_from"] = "jsonld" if a.get("datePublished") else "meta"
    publisher = _names(a.get("publisher")) or _names(meta_tags.get("og:site_name"))
    if publisher:
        out["publisher"] = publisher[0]
    language = a.get("inLanguage") if isinstance(a.get("inLanguage"), str) else (lang or meta_tags.get("og:locale"))
    if language:
        out["language"] = language.replace("_", "-")
    url = a.get("url") if isinstance(a.get("url"), str) else (meta_tags.get("og:url") or (_attr(canonical, "href") if canonical else ""))
    if url:
        out["url"] = url
    section = a.get("articleSection") if isinstance(a.get("articleSection"), str) else meta_tags.get("article:section")
    if section:
        out["section"] = section.strip()
    # facts the law depends on and the text cannot show, when the CMS puts them in <meta name=...>
    for key in _FACT_KEYS:
        value = meta_tags.get(key) or meta_tags.get(key.replace("_", "-"))
        if value is not None and key not in out:
            out[key] = _FLAGS.get(value.strip().lower(), value.strip())
    return out


_FACT_KEYS = ("sponsored", "paid_content", "ai_generated", "editorial_review", "responsible_editor", "political",
              "opinion", "foreign_agent", "authorized", "public_interest")
_FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


# -- the walk ---------------------------------------------------------------------------------------
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
            self.parts.append((text, {"hint": hint, "style": block_style(runs), "element": css_path(node)}))
            self.part_runs.append(runs)
        else:  # nothing kept: marks at this block move to the next one
            for mark in self.marks:
                for name in ("start", "end"):
                    b, _off = getattr(mark, name)
                    if b == idx:
                        setattr(mark, name, (b, 0))


def css_path(node: Any) -> str | None:
    """A CSS path a person can paste into the browser's inspector: tag, first class or id, and
    :nth-of-type where siblings share the tag, from below <body> down to the block (issue 17)."""
    steps: list[str] = []
    cur = node
    while cur is not None and cur.tag not in ("body", "html", "-undef", None) and len(steps) < 12:
        attrs = cur.attributes
        step = str(cur.tag)
        if attrs.get("id"):
            step += f"#{attrs['id']}"
        elif attrs.get("class"):
            step += "." + str(attrs["class"]).split()[0]
        parent = cur.parent
        if parent is not None:
            same = [c for c in parent.iter() if c.tag == cur.tag]
            if len(same) > 1:
                step += f":nth-of-type({next(i for i, c in enumerate(same, 1) if c.mem_id == cur.mem_id)})"
        steps.append(step)
        cur = parent
    return " > ".join(reversed(steps)) or None


def _glued(last: str, first: str) -> bool:
    return last.isalnum() and first.isalnum() and (first.isdigit() or last.isdigit() or (first.isupper() and last.islower()))


def _select_ids(tree: Any, selector: str | None, path: str, key: str) -> set[int]:
    if not selector:
        return set()
    try:
        return {n.mem_id for n in tree.css(selector)}
    except Exception as exc:  # selectolax raises for a bad selector
        raise ReadError(f"{path}: html_selectors.{key}: bad CSS selector {selector!r} ({exc})") from None


def _selected(tree: Any, options: ReaderOptions, path: str, key: str) -> Any:
    """The first element the house selector ``key`` names, or None."""
    selector = options.html_selectors.get(key)
    if not selector:
        return None
    ids = _select_ids(tree, selector, path, key)
    return next((n for n in tree.css(selector) if n.mem_id in ids), None)


def _text_len(node: Any) -> int:
    return len(" ".join((node.text(deep=True, separator=" ") or "").split()))


def _article_root(tree: Any, options: ReaderOptions, path: str) -> Any:
    node = _selected(tree, options, path, "body")
    if node is not None:
        return node
    for css in ('[itemprop="articleBody"]', "article", "main", '[role="main"]'):
        nodes = [n for n in tree.css(css) if not _is_chrome_node(n)]
        if nodes:
            best = max(nodes, key=_p_text)
            if _p_text(best) > 200 or css != "article":
                return best
    # text density: the element holding the most paragraph text directly
    best, best_len = None, 0
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        total = sum(_text_len(c) for c in parent.iter() if c.tag == "p")
        if total > best_len:
            best, best_len = parent, total
    return best or tree.body


def _p_text(node: Any) -> int:
    return sum(_text_len(p) for p in node.css("p")) or _text_len(node) // 4


def _is_chrome_node(node: Any, inside: bool = False) -> bool:
    """Navigation, sidebars, menus, sharing and related lists; a header or footer only outside
    the article (inside it they carry the byline and the date)."""
    tag = node.tag
    if tag in _CHROME_TAGS:
        return True
    role = _attr(node, "role").lower()
    if role in _CHROME_ROLES and not (inside and role in ("banner", "contentinfo")):
        return True
    if tag in ("header", "footer") and not inside:
        return True
    cid = _class_id(node)
    if not cid or _OWN_FIELD.search(cid):  # "footer-author", "date-and-comments": a field, not chrome
        return False
    return bool(_CHROME_WORDS.search(cid))


def _walk(tree: Any, root: Any, scope: Any, headline: Any, options: ReaderOptions, path: str,
          styler: Styler) -> _Walk:  # fmt: skip
    sel = options.html_selectors
    chrome_ids = _select_ids(tree, sel.get("chrome"), path, "chrome")
    notice_ids = _select_ids(tree, sel.get("notice"), path, "notice")
    date_ids = _select_ids(tree, sel.get("date"), path, "date")
    author_ids = _select_ids(tree, sel.get("author"), path, "author")
    source_ids = _select_ids(tree, sel.get("source"), path, "source")
    scope_ids = {n.mem_id for n in _ancestors(scope)} | {scope.mem_id}
    head_id = headline.mem_id if headline is not None else None
    w = _Walk()
    order = 0
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
            raw = node.text(deep=False) or ""
            before = w.buf_len
            w.add_text(raw, styler.style_of(node.parent))
            if w.buf_len > before:
                chunk = w.buf[-1]
                lead = len(chunk) - len(chunk.lstrip(" "))
                if lead < len(chunk):
                    in_title = node.parent is not None and node.parent.tag == "title"
                    w.texts.append((len(w.parts), before + lead, raw, in_title))
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
        if nid in notice_ids:
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
        mark_ids: list[int] = []
        roles = _roles(node, nid, date_ids, author_ids, source_ids, notice_ids, head_id)
        for role in roles:
            order += 1
            chosen = nid in {"date": date_ids, "author": author_ids, "source": source_ids}.get(role, set())
            m = _Mark(role, nid, _marker_text(node), chrome, in_article, chosen, w.position(), w.position(), order)
            w.marks.append(m)
            key = id(m)
            w.open_marks[key] = m
            mark_ids.append(key)
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


def _ancestors(node: Any) -> list[Any]:
    out = []
    cur = node.parent
    while cur is not None:
        out.append(cur)
        cur = cur.parent
    return out


def _contains(node: Any, *targets: Any) -> bool:
    ids = {t.mem_id for t in targets if t is not None}
    if not ids:
        return False
    return any(a.mem_id == node.mem_id for t in targets if t is not None for a in _ancestors(t))


def _headline(tree: Any, root: Any, options: ReaderOptions, path: str) -> Any:
    node = _selected(tree, options, path, "headline")
    if node is not None:
        return node
    h1s = [h for h in tree.css("h1") if not _hidden(h) and _text_len(h) > 0]
    if not h1s:
        return None
    inside = [h for h in h1s if _contains(root, h) or any(a.mem_id == root.mem_id for a in _ancestors(h))]
    if inside:
        return inside[0]
    near = [h for h in h1s if not any(_is_chrome_node(a) for a in _ancestors(h))]
    # several h1: prefer the one whose text is the page title's start
    return (near or h1s)[0]


def _scope(root: Any, headline: Any) -> Any:
    """The smallest element holding both the article body and the headline (if that is not <body>)."""
    if headline is None or any(a.mem_id == root.mem_id for a in _ancestors(headline)):
        return root
    root_chain = [root] + _ancestors(root)
    head_chain = {a.mem_id for a in _ancestors(headline)}
    for node in root_chain:
        if node.mem_id in head_chain:
            if node.tag in ("body", "html"):
                return root
            return node
    return root


# -- reading ------------------------------------------------------------------------------------------
def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    from selectolax.lexbor import LexborHTMLParser

    html, encoding = decode(data, path, _declared_charset(data[:4096]))
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


# -- where the text stands in the page source -----------------------------------------------------------
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


def _body_style(segments: list[Segment], part_runs: list[list[tuple[int, Computed]]]) -> Style | None:
    """The style of the body paragraphs (the lead's when there are none), from their text runs."""
    for kinds in (("body",), ("lead",)):
        runs = [r for seg, runs in zip(segments, part_runs, strict=True) if seg.kind in kinds for r in runs]
        if runs:
            return body_style(runs)
    return None


def _comment_offsets(walk: _Walk, blocks: list[Any], size: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    for (b, o), comment in walk.comments:
        pos = size if b >= len(blocks) else blocks[b].start + min(o, blocks[b].end - blocks[b].start)
        out.append([pos, comment])
    return out


def _mark_spans(walk: _Walk, blocks: list[Any]) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    n = len(blocks)
    for m in walk.marks:
        (sb, so), (eb, eo) = m.start, m.end
        if sb >= n:
            continue
        start = blocks[sb].start + min(so, blocks[sb].end - blocks[sb].start)
        if eb >= n:
            end = blocks[-1].end
        elif eo == 0 and eb > sb:
            end = blocks[eb - 1].end
        else:
            end = blocks[eb].start + min(eo, blocks[eb].end - blocks[eb].start)
        if end > start:
            out[id(m)] = (start, end)
    return out


def _html_fields(doc: Document, options: ReaderOptions, marks: list[_Mark], spans: dict[int, tuple[int, int]],
                 meta: dict[str, Any]) -> None:  # fmt: skip
    f = doc.fields
    if f.title is None and meta.get("title"):
        f.title = meta["title"]
    lang_tag = meta.get("language")
    if lang_tag:
        f.language = str(lang_tag).split("-")[0].lower()
    if meta.get("publisher"):
        f.publisher = meta["publisher"]
    if meta.get("url"):
        f.url = meta["url"]
    heads = doc.segments_of("headline")
    head = (heads[0].start, heads[0].end) if heads else None
    _published(doc, options, marks, spans, meta, head, lang_tag)
    names = _byline_names(doc, marks, spans, meta, head)
    if names:
        f.author = [n for n, _s, _e in names]
        f.author_spans = [doc.span(s, e, field="author") for _n, s, e in names]
    sources = [(spans[id(m)]) for m in marks if m.role == "source" and id(m) in spans]
    if sources:
        f.source = [squash(doc.text[s:e]) for s, e in sources]
        f.source_spans = [doc.span(s, e, field="source") for s, e in sources]


def _position_score(s: int, e: int, head: tuple[int, int] | None) -> float:
    """Bylines and datelines sit next to the headline: far above it is a page header."""
    if head is None:
        return 0.0
    if e <= head[0]:
        return -1.0 - (1.0 if head[0] - e > 1500 else 0.0)
    return 0.5 if s - head[1] < 1500 else 0.0


def _published(doc: Document, options: ReaderOptions, marks: list[_Mark], spans: dict[int, tuple[int, int]],
               meta: dict[str, Any], head: tuple[int, int] | None, lang_tag: str | None) -> None:  # fmt: skip
    """The best visible date element; else the dateline the classifier found; else metadata."""
    f = doc.fields
    text = doc.text
    order = date_order(lang_tag or f.language)
    meta_day = None
    if meta.get("published"):
        parsed = dates.parse_any(str(meta["published"]))
        meta_day = parsed.datetime.date() if parsed else None
    best: tuple[float, int, int, int] | None = None
    for m in marks:
        if m.role != "date" or (m.chrome and not m.selected) or id(m) not in spans:
            continue
        s, e = spans[id(m)]
        if e - s > 300 and not m.selected:
            continue
        found = find_published(doc, s, e, order)
        if found is None:
            continue
        parsed = dates.parse_any(text[found[0] : found[1]], order)
        attrs = m.attrs.lower()
        score = (1.0 if m.in_article else 0.0) + _position_score(s, e, head)
        if _PUBLISHED.search(attrs):
            score += 2
        if "datepublished" in attrs:
            score += 1
        context = text[max(s - 30, text.rfind("\n", 0, s) + 1) : found[0]]
        if _UPDATED.search(attrs) or _UPDATED.search(context):
            score -= 3
        if parsed is not None and meta_day is not None and parsed.has_year and parsed.datetime.date() == meta_day:
            score += 3
        if parsed is not None and parsed.has_time:
            score += 0.5
        if m.selected:
            score += 100
        if best is None or (score, -m.order) > best[:2]:
            best = (score, -m.order, found[0], found[1])
    forced = bool(options.html_selectors.get("date"))
    if best is not None and (best[0] > 0 or f.published.raw is None or forced or f.published.source != "text"):
        s, e = best[2], best[3]
        raw = text[s:e]
        f.published = Published(raw, parse_published(raw, options, lang_tag), doc.span(s, e), "text")
    elif f.published.raw is None and meta.get("published"):
        raw = str(meta["published"])
        source = meta.get("published_from", "meta")
        f.published = Published(raw, parse_published(raw, options, lang_tag), doc.field_span("published"), source)
    elif f.published.source == "metadata":
        f.published.source = meta.get("published_from", "meta")


_CONNECTOR_LINE = re.compile(r"^\s*(?:and|und|et|y|e|и|&|,)\s*$", re.IGNORECASE)


def _byline_value(raw: str) -> tuple[str, int] | None:
    """The names of a byline element's text and their offset in it: the label ("By", "Von",
    "Автор:") dropped, lines joined while they continue the list ("and" / leading comma)."""
    label = _LABEL.match(raw)
    offset = label.end() if label else 0
    if not label:  # "Ari Wasserman, Media Group By Ari Wasserman, Media Group": the byline proper
        inner = re.search(r"(?<=\s)(?:By|BY|by)\s+(?=\S)", raw.split("\n", 1)[0])
        if inner:
            offset = inner.end()
    lines = [(m.start() + offset, m.group()) for m in re.finditer(r"[^\n]+", raw[offset:]) if m.group().strip()]
    if not lines:
        return None
    start, first = lines[0]
    end = start + len(first)
    cont = False
    for pos, line in lines[1:]:
        if _CONNECTOR_LINE.match(line) or line.lstrip().startswith(",") or cont:
            end = pos + len(line)
            cont = bool(_CONNECTOR_LINE.match(line)) or line.rstrip().endswith(",")
            continue
        break
    return raw[start:end], start


def _byline_names(doc: Document, marks: list[_Mark], spans: dict[int, tuple[int, int]], meta: dict[str, Any],
                  head: tuple[int, int] | None) -> list[tuple[str, int, int]]:  # fmt: skip
    """Authors from byline elements, the text's By/Author: lines, or a name right before the date."""
    text = doc.text
    f = doc.fields
    meta_names = {squash(a).lower() for a in meta.get("author", [])}
    pub = f.published.span if f.published.source == "text" else None
    cands: list[tuple[float, int, list[tuple[str, int, int]]]] = []

    def add(names: list[tuple[str, int, int]], score: float, order: int) -> None:
        if not names:
            return
        if meta_names and any(squash(n).lower() in meta_names for n, _, _ in names):
            score += 2
        if pub is not None and abs(names[0][1] - pub.start) < 300:
            score += 1.5
        score += _position_score(names[0][1], names[-1][2], head)
        cands.append((score, -order, names))

    for m in marks:
        if m.role != "author" or (m.chrome and not m.selected) or id(m) not in spans:
            continue
        s, e = spans[id(m)]
        raw = text[s:e]
        if (len(raw) > 200 and not m.selected) or not raw.strip():
            continue
        got = _byline_value(raw)
        if got is None:
            continue
        value, offset = got
        cleaned = clean_name_value(value)
        labelled = offset > 0
        words = len(cleaned.split())
        if not cleaned or words > 12 or (not labelled and not 2 <= words <= 5) or _looks_like_sentence(cleaned):
            continue
        if dates.find_dates(cleaned):
            continue
        base = s + offset + value.find(cleaned)
        score = (1.0 if m.in_article else 0.0) + (1.0 if labelled else 0.0) + 0.5 + (100.0 if m.selected else 0.0)
        add(split_names(cleaned, base), score, m.order)
    cands[:] = [c for c in cands if all(_name_like(n) for n, _, _ in c[2])]
    if f.author and all(sp.end > sp.start for sp in f.author_spans):  # from By/Author: lines in the text
        add([(n, sp.start, sp.end) for n, sp in zip(f.author, f.author_spans, strict=True)], 2.0, 10**6)
    if pub is not None:  # "Noah Charney Dec 28 2014": a bare name right before the date on its line
        line_start = text.rfind("\n", 0, pub.start) + 1
        before = text[line_start : pub.start]
        got = _byline_value(before)
        if got is not None:
            value, offset = got
            cleaned = clean_name_value(re.sub(r"\s*[-–—|•·,]\s*$", "", value))
            words = cleaned.split()
            name_like = cleaned and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            if name_like and not (dates.LEAD_WORDS & {w.lower().strip(":") for w in words}):
                add(split_names(cleaned, line_start + offset + value.find(cleaned)), 0.5, 10**6 + 1)
        line_end = text.find("\n", pub.end)
        after = text[pub.end : line_end if line_end != -1 else len(text)]
        m2 = re.match(r"\s*[-–—|•·,]?\s*(?:By|BY|by)\s+(?P<v>\S[^\n]*)", after)
        if m2:  # "2/26/2015 7:11 AM PST BY TMZ STAFF"
            cleaned = clean_name_value(m2.group("v"))
            if cleaned:
                add(split_names(cleaned, pub.end + m2.start("v") + m2.group("v").find(cleaned)), 1.5, 10**6 + 2)
    if not cands:
        return []
    cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
    best = cands[0][2]
    best_keys = {squash(n).lower() for n, _, _ in best}
    for _score, _order, names in cands[1:]:  # the same byline, more complete elsewhere ("By A and B")
        keys = {squash(n).lower() for n, _, _ in names}
        if best_keys < keys:
            best, best_keys = names, keys
    return best


def _name_like(name: str) -> bool:
    """A credited name: a few words, not a sentence (a bio or a teaser headline is not a name)."""
    words = name.split()
    return 0 < len(words) <= 6 and not _looks_like_sentence(name) and not name.endswith((".", "!", "?")) or (
        name.startswith("(") and name.endswith(")")
    )


def _looks_like_sentence(value: str) -> bool:
    particles = {"de", "von", "van", "der", "da", "la", "le", "and", "und", "et", "y", "di", "du", "del", "dos", "bin", "al", "e"}
    words = value.split()
    lower = sum(1 for w in words if w[:1].islower() and w.lower() not in particles)
    return len(words) >= 3 and lower >= 2
