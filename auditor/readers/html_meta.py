"""HTML reader, metadata: JSON-LD (NewsArticle/Article, also inside @graph) and <meta> tags, flattened
to title/author/published/publisher/language/url/section and the legal facts a CMS may set."""

from __future__ import annotations

import json
import re
from typing import Any

from auditor.readers.html_chrome import _attr

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle", re.I)


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
