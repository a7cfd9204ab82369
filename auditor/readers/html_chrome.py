"""HTML reader, structure: which element is the article, which is the headline, what is page chrome.

The article root is found by house selector, then structure ([itemprop=articleBody], <article>,
<main>), then text density: the element holding the most paragraph text directly, worked out in
one pass over the paragraphs (linear in the page, however many paragraphs share a parent).
"""

from __future__ import annotations

import re
from typing import Any

from auditor.readers import ReaderOptions, ReadError

_CHROME_TAGS = {"nav", "aside", "form", "menu", "dialog"}
_CHROME_ROLES = {"navigation", "complementary", "search", "menu", "menubar", "contentinfo", "banner", "dialog"}
_CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|side-bar|related|recommended|"
    r"recommendations?|share|sharing|social|comments?|promo|advert|advertisement|ads?|newsletter|subscribe|"
    r"popular|most-read|mostread|trending|teasers?|widget|cookie|paywall|toolbar|tags|more-stories|"
    r"read-more|outbrain|taboola|masthead|site-header|topbar|top-bar)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_OWN_FIELD = re.compile(r"byline|author|dateline|date|publish|timestamp", re.I)


def _attr(node: Any, name: str) -> str:
    val = node.attributes.get(name)
    return val or ""


def _class_id(node: Any) -> str:
    return f"{_attr(node, 'class')} {_attr(node, 'id')}".strip()


def _hidden(node: Any) -> bool:
    """Not shown: the hidden attribute, display:none or visibility:hidden in its style. aria-hidden
    is no such thing: it hides an element from screen readers only, and the page still shows it (a
    dateline the page also gives in machine-readable form for them)."""
    attrs = node.attributes
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


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
    return _densest(tree) or tree.body


def _densest(tree: Any) -> Any:
    """The element holding the most paragraph text in its own <p> children: one pass over the
    paragraphs, adding each one's length to its parent (ties: the parent met first)."""
    totals: dict[int, int] = {}
    parents: dict[int, Any] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        pid = parent.mem_id
        if pid not in parents:
            parents[pid] = parent
            totals[pid] = 0
        totals[pid] += _text_len(p)
    best, best_len = None, 0
    for pid, total in totals.items():  # dicts keep insertion order: the first parent met wins a tie
        if total > best_len:
            best, best_len = parents[pid], total
    return best


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
    titled = [h for h in h1s if _names_page(h, tree)]
    if len(titled) < len(h1s) and titled:  # several h1 (a logo, a section name): the page's title
        h1s = titled
    inside = [h for h in h1s if _contains(root, h) or any(a.mem_id == root.mem_id for a in _ancestors(h))]
    if inside:
        return inside[0]
    near = [h for h in h1s if not any(_is_chrome_node(a) for a in _ancestors(h))]
    return (near or h1s)[0]


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", text.casefold()).split())


def _names_page(h1: Any, tree: Any) -> bool:
    """Whether an h1's text is the page's title (the <title> or og:title holds it): the
    article's headline rather than the site's logo or a section name."""
    text = _fold(h1.text(deep=True, separator=" ") or "")
    if len(text) < 12:
        return False
    titles = [tree.css_first("title")] + tree.css('meta[property="og:title"], meta[name="twitter:title"]')
    for node in titles:
        if node is None:
            continue
        title = _fold(node.attributes.get("content") or "" if node.tag == "meta" else node.text() or "")
        if text in title and 2 * len(text) >= len(title):  # the site's name alone is no headline
            return True
    return False


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
