"""CMS export reader: JSON (an array, or an object holding one), JSONL and CSV, one record per
article. Each record becomes its own Document with path ``file#id``; every field is a block with
``field`` set, so findings point at the field. Field names can be renamed by
``ReaderOptions.field_map`` ({ours: theirs}, dotted paths reach into nested JSON objects).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from auditor.model import Document, Fields, Published
from auditor.readers import ReaderOptions, ReadError, UnknownFormat
from auditor.readers.pdf import build_document, looks_like_notice

NAME = "records"
EXTENSIONS = (".json", ".jsonl", ".ndjson", ".csv")

STANDARD = ("id", "title", "body", "author", "source", "published", "url")
LIST_KEYS = ("items", "articles", "records", "data", "results", "entries", "posts", "docs", "documents")
_HTML = re.compile(
    r"<(?:p|div|br|h[1-6]|ul|ol|li|blockquote|span|strong|em|b|i|a|article|section)\b[^>]*>", re.I
)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "article", "section",
    "header", "footer", "aside", "figure", "figcaption", "table", "tr", "td", "th", "pre", "hr",
}  # fmt: skip
_PARA_SPLIT = re.compile(r"\n\s*\n")


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(f"{path}: cannot tell the text encoding")
    return str(best)


def _kind(path: str, text: str) -> str:
    ext = Path(path.split("#", 1)[0]).suffix.lower()
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    if ext == ".csv":
        return "csv"
    if ext == ".json":
        return "json"
    return "json" if text.lstrip()[:1] in ("[", "{") else "csv"


# -- parsing ------------------------------------------------------------------------------------
def _json_records(text: str, path: str) -> list[Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line in a .json file
            return _jsonl_records(text, path)
        raise ReadError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        found = _find_list(value, depth=2)
        return found if found is not None else [value]
    raise ReadError(
        f"{path}: expected an array of records or an object holding one, found {type(value).__name__}"
    )


def _find_list(obj: dict[str, Any], depth: int) -> list[Any] | None:
    """The array of records inside a wrapper object ({"items": [...]}, {"data": {"articles": [...]}})."""
    lists = {
        k: v for k, v in obj.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
    }
    for key in LIST_KEYS:
        if key in lists:
            return lists[key]
    if len(lists) == 1:
        return next(iter(lists.values()))
    if depth > 0:
        for v in obj.values():
            if isinstance(v, dict):
                found = _find_list(v, depth - 1)
                if found is not None:
                    return found
    return None


def _jsonl_records(text: str, path: str) -> list[Any]:
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ReadError(f"{path}:{lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    return out


def _csv_records(text: str, path: str) -> list[Any]:
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))  # article bodies are long
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(keepends=True), dialect=dialect)
    out = []
    try:
        for row in reader:
            out.append(
                {k: _csv_value(v) for k, v in row.items() if k is not None and _csv_value(v) is not None}
            )
    except csv.Error as exc:
        raise ReadError(f"{path}:{reader.line_num}: invalid CSV: {exc}") from None
    if reader.fieldnames is None:
        return []
    return out


def _csv_value(value: Any) -> Any:
    """CSV has no types: empty cells are absent, true/false become booleans, the rest stays text."""
    if not isinstance(value, str):
        return None
    if not value.strip():
        return None
    low = value.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    return value


# -- one record -> Document -------------------------------------------------------------------
def _get(record: dict[str, Any], name: str) -> tuple[str | None, Any]:
    """(key used, value) for a field name or dotted path; exact first, then ignoring case."""
    if name in record:
        return name, record[name]
    lowered = {k.lower(): k for k in record if isinstance(k, str)}
    if name.lower() in lowered:
        key = lowered[name.lower()]
        return key, record[key]
    if "." in name:
        head, rest = name.split(".", 1)
        key, inner = _get(record, head)
        if isinstance(inner, dict):
            sub_key, value = _get(inner, rest)
            if sub_key is not None:
                return key, value
    return None, None


def _names(value: Any) -> list[str]:
    """Author/source values: a string stays one string; an array gives one string per item."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("title") or item.get("display_name")
        if item is None or isinstance(item, (dict, list)):
            continue
        text = " ".join(str(item).split())
        if text:
            out.append(text)
    return out


def html_paragraphs(html: str) -> list[str]:
    """Visible text of an HTML fragment, one string per block element."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Any) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
            elif tag == "br":
                buf.append(" ")
            elif tag in ("script", "style", "template", "noscript"):
                continue
            elif tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    if root is not None:
        walk(root)
    flush()
    return out


def _body_paragraphs(body: Any) -> list[str]:
    if body is None:
        return []
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False) if isinstance(body, (dict, list)) else str(body)
    if _HTML.search(body):
        return html_paragraphs(body)
    return [p.strip() for p in _PARA_SPLIT.split(body.replace("\r\n", "\n")) if p.strip()]


def _published(raw: Any, options: ReaderOptions, language: str | None) -> Published:
    """The record's date as given, and as ISO 8601 when it parses (a naive time takes the house zone)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Published()
    from auditor.readers.common import parse_published

    text = str(raw).strip()
    return Published(raw=text, iso=parse_published(text, options, language), source="record")


def _has_article(record: dict[str, Any], options: ReaderOptions) -> bool:
    """Whether a record carries article content: a title or a body, under its mapped or default name."""
    for ours in ("title", "body"):
        for name in (options.field_map.get(ours), ours):
            if name and _get(record, name)[0] is not None:
                return True
    return False


def _document(record: dict[str, Any], number: int, path: str, kind: str, options: ReaderOptions) -> Document:
    fmap = options.field_map
    used: set[str] = set()
    values: dict[str, Any] = {}
    for ours in STANDARD:
        key, value = _get(record, fmap.get(ours, ours))
        if key is None and ours in fmap:  # the mapped name is absent: the default name still counts
            key, value = _get(record, ours)
        if key is not None:
            used.add(key)
            values[ours] = value
    for ours in ("language", "publisher"):
        _, value = _get(record, fmap.get(ours, ours))
        if value is not None:
            values[ours] = value
    rid = values.get("id")
    rid = str(rid).strip() if rid is not None and str(rid).strip() else str(number)

    parts: list[tuple[str, dict[str, Any]]] = []
    title = " ".join(str(values["title"]).split()) if values.get("title") is not None else None
    if title:
        parts.append((title, {"hint": "headline", "field": "title"}))
    for para in _body_paragraphs(values.get("body")):
        parts.append((para, {"hint": "notice" if looks_like_notice(para) else None, "field": "body"}))
    authors, sources = _names(values.get("author")), _names(values.get("source"))
    parts += [(a, {"hint": "attribution", "field": "author"}) for a in authors]
    parts += [(s, {"hint": "attribution", "field": "source"}) for s in sources]
    language = values.get("language")
    language = str(language) if isinstance(language, str) else options.language
    published = _published(values.get("published"), options, language)
    if published.raw:
        parts.append((published.raw, {"hint": "dateline", "field": "published"}))

    metadata = {k: v for k, v in record.items() if k not in used}
    metadata["id"] = rid
    metadata["record_format"] = kind
    metadata["record_number"] = number
    publisher = values.get("publisher")
    fields = Fields(
        title=title,
        published=published,
        author=authors,
        source=sources,
        language=language,
        publisher=str(publisher) if isinstance(publisher, str) else None,
        url=str(values["url"]) if values.get("url") is not None else None,
    )
    doc = build_document(f"{path}#{rid}", NAME, parts, options, metadata=metadata, fields=fields)
    for seg in doc.segments:
        if seg.field == "author":
            fields.author_spans.append(doc.span(seg.start, seg.end))
        elif seg.field == "source":
            fields.source_spans.append(doc.span(seg.start, seg.end))
        elif seg.field == "published" and published.span is None:
            published.span = doc.span(seg.start, seg.end)
    return doc


def read(data: bytes, path: str, options: ReaderOptions) -> list[Document]:
    text = _decode(data, path)
    kind = _kind(path, text)
    if not text.strip():
        return []
    if kind == "jsonl":
        records = _jsonl_records(text, path)
    elif kind == "json":
        records = _json_records(text, path)
    else:
        records = _csv_records(text, path)
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise ReadError(f"{path}: record {number} is not an object but {type(record).__name__}")
    if records and not any(_has_article(r, options) for r in records):
        # package.json, a data table, a labels sheet: not a CMS export; list it, do not audit it
        names = ", ".join(f"{ours} as {options.field_map[ours]!r}" if ours in options.field_map else ours
                          for ours in ("title", "body"))
        raise UnknownFormat(f"no article records: no record has a {names} field (a field map can rename them)")
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records, 1):
        doc = _document(record, number, path, kind, options)
        count = seen.get(doc.path, 0) + 1
        seen[doc.path] = count
        if count > 1:  # ids must tell documents apart: a repeated id gets the record number
            doc.path = f"{doc.path}~{number}"
        docs.append(doc)
    return docs
