"""Markdown articles (.md): YAML front matter as metadata, headings, paragraphs and comments as blocks.

``Document.text`` is the whole decoded file (front matter included, as a "metadata" segment), so
line:column point into the file. Front matter is read with ruamel.yaml's safe loader: syntax
errors and duplicate keys are ReadErrors naming the file line. Fields come from the front matter
keys (title, date/published, author/authors, source/sources, language/lang, publisher) first and
from the text (dateline, Author:/By lines) where the front matter is silent.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.limits import DEFAULT as DEFAULT_LIMITS
from auditor.limits import Limits
from auditor.model import Document, Published
from auditor.readers import LimitExceeded, ReaderOptions, ReadError
from auditor.readers.common import decode, extract_fields, parse_published, split_names, strip_span
from auditor.readers.layout import Block
from auditor.readers.roles import assign
from auditor.readers.text import text_blocks

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")

_FENCE_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_SETEXT = re.compile(r"^([^\n]+)\r?\n[ \t]{0,3}(=+|-+)[ \t]*\r?$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCED_CODE = re.compile(r"^[ \t]{0,3}(```|~~~)[^\n]*\n.*?^[ \t]{0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _front_matter(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, Any], int, int] | None:
    """(mapping, end of the YAML text, end of the closing fence) or None without front matter."""
    m = _FENCE_OPEN.match(text)
    if not m:
        return None
    close = _FENCE_CLOSE.search(text, m.end())
    if close is None:
        raise ReadError(f"{path}:1: front matter opened with '---' is never closed")
    yaml_text = text[m.end() : close.start()]
    from auditor.safeyaml import flat_mapping

    flat = flat_mapping(yaml_text)  # plain `key: value` lines: what ruamel would give, without it
    if flat is not None:
        return flat, close.start(), close.end()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from auditor.safeyaml import YamlLimit, check

    loader = YAML(typ="safe", pure=True)
    try:
        check(yaml_text, limits)  # an alias bomb in front matter is this article's error, not a hung run
        data = loader.load(yaml_text)
    except YamlLimit as exc:
        raise LimitExceeded(f"{path}:{(exc.line or 0) + 1}: front matter: {exc}") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark is not None else 2  # +1 for 1-based, +1 for the '---' line
        what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in what and exc.problem_mark is not None:
            line = exc.problem_mark.line + 2
        raise ReadError(f"{path}:{line}: front matter: {what}") from None
    except YAMLError as exc:
        raise ReadError(f"{path}:2: front matter: {' '.join(str(exc).split())}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(f"{path}:2: front matter must be a mapping of keys to values, not {type(data).__name__}")
    return data, close.start(), close.end()


def _blocks(text: str, start: int) -> list[Block]:
    """Headings, comments, code and paragraphs of the body after ``start``."""
    specials: list[tuple[int, int, Block]] = []  # (region start, region end, block)
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    for m in _COMMENT.finditer(text, start):
        specials.append((m.start(), m.end(), Block(m.start(), m.end(), hint="chrome")))
        taken.append((m.start(), m.end()))
    for m in _FENCED_CODE.finditer(text, start):
        if free(m.start(), m.end()):
            specials.append((m.start(), m.end(), Block(m.start(), m.end())))
            taken.append((m.start(), m.end()))
    first_h1 = True
    for m in _ATX.finditer(text, start):
        if not free(m.start(), m.end()) or not m.group(2):
            continue
        level = len(m.group(1))
        hint = "headline" if level == 1 and first_h1 else None
        first_h1 = first_h1 and hint is None
        specials.append((m.start(), m.end(), Block(m.start(2), m.end(2), hint=hint)))
        taken.append((m.start(), m.end()))
    for m in _SETEXT.finditer(text, start):
        if not free(m.start(), m.end()) or not m.group(1).strip() or m.group(1).lstrip().startswith(("-", "*", "#")):
            continue
        s, e = strip_span(text, m.start(1), m.end(1))
        hint = "headline" if m.group(2).startswith("=") and first_h1 else None
        first_h1 = first_h1 and hint is None
        specials.append((m.start(), m.end(), Block(s, e, hint=hint)))
        taken.append((m.start(), m.end()))
    specials.sort(key=lambda t: t[0])
    blocks: list[Block] = []
    pos = start
    for s, e, block in specials:
        blocks.extend(text_blocks(text, pos, s))
        blocks.append(block)
        pos = e
    blocks.extend(text_blocks(text, pos))
    return blocks


def _value_span(text: str, fm_end: int, key: str) -> tuple[int, int] | None:
    """Where the scalar value of ``key:`` stands in the front matter (quotes excluded)."""
    m = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(.*?)[ \t]*$", text[:fm_end], re.MULTILINE)
    if m is None or not m.group(1):
        return None
    s, e = m.start(1), m.end(1)
    if e - s >= 2 and text[s] in "\"'" and text[e - 1] == text[s]:
        s, e = s + 1, e - 1
    return s, e


def _apply_front_matter(doc: Document, fm: dict[str, Any], fm_end: int, options: ReaderOptions) -> None:
    f = doc.fields
    text = doc.text
    for key in ("title", "headline"):
        if isinstance(fm.get(key), str) and fm[key].strip():
            f.title = fm[key].strip()
            break
    for key in ("published", "date", "datePublished"):
        if fm.get(key) in (None, ""):
            continue
        span = _value_span(text, fm_end, key)
        raw = text[span[0] : span[1]] if span else str(fm[key])
        sp = doc.span(span[0], span[1], field=key) if span else doc.field_span(key)
        f.published = Published(raw, parse_published(raw, options, f.language), sp, "front_matter")
        break
    for key, target, spans in (("author", f.author, f.author_spans), ("source", f.source, f.source_spans)):
        for k in (key, key + "s"):
            val = fm.get(k)
            if val is None:
                continue
            target.clear()
            spans.clear()
            if isinstance(val, str):
                span = _value_span(text, fm_end, k)
                if span and key == "author" and val.strip():
                    for name, s, e in split_names(text[span[0] : span[1]], span[0]):
                        target.append(name)
                        spans.append(doc.span(s, e, field=k))
                else:
                    target.append(val.strip())
                    spans.append(doc.span(*span, field=k) if span else doc.field_span(k))
            elif isinstance(val, list):
                for item in val:
                    name = str(item.get("name", "")) if isinstance(item, dict) else str(item)
                    target.append(name.strip())
                    spans.append(doc.field_span(k))
            break
    for key in ("language", "lang"):
        if isinstance(fm.get(key), str):
            f.language = fm[key].strip()
            break
    if isinstance(fm.get("publisher"), str):
        f.publisher = fm["publisher"].strip()
    if isinstance(fm.get("url"), str):
        f.url = fm["url"].strip()


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    text, encoding = decode(data, path)
    fm = _front_matter(text, path, options.limits)
    blocks: list[Block] = []
    meta: dict[str, Any] = {}
    body_start = 0
    fm_end = 0
    if fm is not None:
        meta, fm_end, body_start = fm
        blocks.append(Block(0, body_start, hint="metadata"))
    blocks.extend(_blocks(text, body_start))
    segments = assign(text, blocks, options)
    doc = Document(path, NAME, text, segments, metadata=meta, encoding=encoding)
    doc.fields = extract_fields(doc, options)
    if fm is not None:
        _apply_front_matter(doc, meta, fm_end, options)
    return [doc]
