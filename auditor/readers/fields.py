"""Extracting an article's fields from its typed segments and metadata.

``extract_fields`` reads title, published (and updated) timestamp, authors, sources, language and
publisher. Segments from the line-role analysis (text, Markdown) carry roles: the timestamp line
gives the publication time as shown (relative, time-only and year-less stamps flagged, the year
inferred from the page where it can be), byline and source lines the credits, an agency dateline
("МОСКВА, 5 марта. /ТАСС/.") both. The HTML, PDF, DOCX and record readers use the same function.
"""

from __future__ import annotations

import re
from typing import Any

from auditor import dates
from auditor.model import Document, Fields, Published, Segment
from auditor.readers import ReaderOptions
from auditor.readers import lines as ln
from auditor.readers.attribution import (
    _AGENCY_DATELINE,
    _ANY_LABEL,
    _APPEARED,
    _BYLINE,
    _CLOSING_CREDIT,
    _INLINE_BYLINE,
    _LABELLED_AUTHOR,
    _LABELLED_SOURCE,
    _PRINT_CREDIT,
    PLACEHOLDERS,
    SOURCE_LABEL_ONLY,
    _opens_line,
    _values,
    after_stamp,
    agency_dateline,
    appeared_value,
    clean_name_value,
    is_agency,
    may_have_appeared,
    outlet_credit,
    split_names,
)
from auditor.readers.language import guess_language
from auditor.readers.textutil import in_markdown_code, squash, strip_span

Credit = tuple[str, int, int]  # value, start, end in Document.text
_NEXT_LABEL = re.compile(_ANY_LABEL, re.IGNORECASE)

# -- metadata and parsing -----------------------------------------------------------------------------------------------
def _meta_str(meta: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        val = meta.get(key)
        if isinstance(val, str) and val.strip():
            return val.strip()
        if isinstance(val, (int, float)) and not isinstance(val, bool):
            return str(val)
        if hasattr(val, "isoformat"):
            return val.isoformat()  # type: ignore[union-attr]
    return None


def _meta_list(meta: dict[str, Any], *keys: str) -> list[str]:
    for key in keys:
        val = meta.get(key)
        if isinstance(val, str):
            return [val.strip()]
        if isinstance(val, list):
            vals = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in val]
            return [v.strip() for v in vals]
        if isinstance(val, dict) and val.get("name"):
            return [str(val["name"]).strip()]
    return []


def date_order(language: str | None) -> str | None:
    """Numeric dates like 08/01/2014: day first outside the United States' English."""
    if language is None:
        return None
    return "MDY" if language.lower() in ("en-us",) else ("DMY" if not language.lower().startswith("en") else None)


_SHOWS_TIME = re.compile(r"\d:\d\d|T\d\d")


def parse_published(raw: str, options: ReaderOptions, language: str | None = None) -> str | None:
    """ISO 8601 of a shown timestamp: house formats first, then any unambiguous format. A stamp
    that shows no time has no ISO instant (midnight would be made up): None, and ``date`` in the
    results still gives the day (``Published.to_dict``)."""
    if not _SHOWS_TIME.search(raw):
        return None
    dt = None
    for fmt in options.date_formats:
        try:
            dt = dates.match_format(raw, fmt)
        except ValueError:
            dt = None
        if dt is not None:
            break
    if dt is None:
        parsed = dates.parse_any(raw, order=date_order(language))
        if parsed is None or not parsed.has_year:
            return None
        dt = parsed.datetime
    return dates.to_iso(dt, options.timezone)


def find_published(doc: Document, start: int, end: int, order: str | None) -> tuple[int, int] | None:
    """The timestamp inside text[start:end] as shown: the date expression with the lead-in words
    right before it ("on", "Posted at", "First published"), but not a 'Label:' ("Published:")."""
    found = dates.find_dates(doc.text[start:end], order)
    if not found:
        return None
    ds, de, _ = found[0]
    ds += start
    de += start
    line_start = max(doc.text.rfind("\n", 0, ds) + 1, start)
    words = list(re.finditer(r"\S+", doc.text[line_start:ds]))
    lead = ds
    for m in reversed(words):
        if m.group().lower() not in dates.LEAD_WORDS:
            break
        lead = line_start + m.start()
    # lead-in words count when they open the line or name the act ("First published"), not a
    # bare connector after other text ("By A. Regalado on December 4")
    lead_words = {w.lower() for w in doc.text[lead:ds].split()}
    opens_line = not doc.text[line_start:lead].strip()
    named = opens_line or bool(lead_words - {"on", "at", "am", "um", "le", "el", "в"})
    if lead < ds and named and dates.parse_any(doc.text[lead:de], order) is not None:
        return lead, de
    return ds, de


def _stamp_published(
    doc: Document, seg: Segment, options: ReaderOptions, lang: str | None, partial: bool = False
) -> Published | None:
    """The publication time on a timestamp line chosen by the role analysis (``partial``: a
    day and month alone, as agency datelines print it)."""
    st = ln.stamp_line(doc.seg_text(seg)) or ln.find_stamp(doc.seg_text(seg), partial=partial)
    if st is None:
        return None
    s, e = seg.start + st.start, seg.start + st.end
    raw = doc.text[s:e]
    pub = Published(raw, parse_published(raw, options, lang), doc.span(s, e), "text", value=st.value,
                    pattern=st.pattern, flags=list(st.flags), reason=seg.reason)  # fmt: skip
    if st.value is not None and st.value.startswith("--"):
        _infer_year(doc, pub, seg)
    return pub


def _infer_year(doc: Document, pub: Published, seg: Segment) -> None:
    """A stamp without a year takes the year of the nearest dated line of the page (flagged)."""
    best: tuple[int, int] | None = None
    for other in doc.segments:
        if other is seg or other.kind == "related":
            continue
        st = ln.find_stamp(doc.seg_text(other)) if other.end - other.start < 300 else None
        if st is not None and st.has_year and st.value is not None:
            dist = abs(other.start - seg.start)
            if best is None or dist < best[0]:
                best = (dist, int(st.value[:4]))
    if best is not None and pub.value is not None:
        pub.value = f"{best[1]:04d}{pub.value[1:]}"
        pub.flags = [f for f in pub.flags if f != "no-year"] + ["inferred-year"]


def _published(doc: Document, options: ReaderOptions, lang: str | None, first: Segment | None) -> Published:
    text, order = doc.text, date_order(lang)
    for seg in doc.segments_of("dateline"):
        if seg.role == "timestamp":
            pub = _stamp_published(doc, seg, options, lang)
            if pub is not None:
                return pub
            continue
        found = find_published(doc, seg.start, seg.end, order)
        if found:
            s, e = found
            raw = text[s:e]
            return Published(raw, parse_published(raw, options, lang), doc.span(s, e), "text")
    if first is not None and first.role is not None:  # an agency dateline opening the text
        dl = agency_dateline(text, first.start, first.end)
        if dl is not None:
            fake = Segment("dateline", dl.date_start, dl.date_end, role="timestamp",
                           reason="the agency dateline opening the text")  # fmt: skip
            pub = _stamp_published(doc, fake, options, lang, partial=True)
            if pub is not None:
                pub.flags.append("dateline")
                return pub
    meta = doc.metadata or {}
    raw = _meta_str(meta, "published", "date", "datePublished")
    if raw:
        return Published(raw, parse_published(raw, options, lang), doc.field_span("published"),
                         str(meta.get("published_from", "metadata")))  # fmt: skip
    return Published()


def _updated(doc: Document) -> Published:
    for seg in doc.segments:
        if seg.role not in ("updated", "timestamp"):
            continue
        t = doc.seg_text(seg)
        m = ln.UPDATED.search(t) if seg.role == "timestamp" else ln.UPDATED.match(t)
        if m is None:
            continue
        st = ln.find_stamp(t[m.end() :])
        if st is None:
            continue
        s, e = seg.start + m.end() + st.start, seg.start + m.end() + st.end
        return Published(doc.text[s:e], None, doc.span(s, e), "text", value=st.value, pattern=st.pattern,
                         flags=list(st.flags))  # fmt: skip
    return Published()


def _role_credits(doc: Document, segs: list[Segment]) -> tuple[list[Credit], list[Credit]]:
    """Authors and sources from the lines the role analysis marked (text and Markdown)."""
    text = doc.text
    authors: list[Credit] = []
    sources: list[Credit] = []
    waiting = False  # an "Автор:" label with its value on the next line
    for seg in segs:
        t = ln.fold_lookalikes_in(text, seg.start, seg.end) if seg.role in ("byline", "source") else ""
        if seg.role == "byline":
            m = ln.AUTHOR_LABEL.match(t)
            credit = None if m else ln.credit_with_date(text[seg.start : seg.end])
            vs = seg.start + (m.end() if m else 0)
            value = credit.group("who").strip() if credit else text[vs : seg.end].strip(" \t:：")
            label = _NEXT_LABEL.search(value)
            value = value[: label.start()].strip() if label else value  # "... Source: CK correspondent"
            if not value:
                waiting = True
                continue
            credit = outlet_credit(text, vs + text[vs:seg.end].find(value), seg.end)
            if credit is not None:
                authors.append((credit.group("author"), credit.start("author"), credit.end("author")))
                sources.append((credit.group("outlet").strip("«»\""), credit.start("outlet"), credit.end("outlet")))
            elif not authors:
                authors.extend(_names_or_placeholder(value, vs + text[vs:seg.end].find(value)))
        elif waiting and seg.role not in ("chrome",) and ln.name_line(text[seg.start : seg.end]):
            authors.extend(split_names(text[seg.start : seg.end], seg.start))
        elif seg.role == "source":
            m = ln.SOURCE_LABEL.match(t)
            credit = None if m else ln.credit_with_date(text[seg.start : seg.end])
            vs = seg.start + (m.end() if m else 0)
            value = credit.group("who").strip() if credit else text[vs : seg.end].strip()
            if value:
                sources.extend(_names_or_placeholder(value, vs + text[vs:seg.end].find(value), split=False))
        waiting = waiting and seg.role in ("byline", "chrome", "caption") and not authors
    return authors, sources


def _opening_credits(doc: Document, segs: list[Segment]) -> tuple[list[Credit], list[Credit]]:
    """Credits opening the text: "Имя Фамилия | Outlet" and agency datelines."""
    authors: list[Credit] = []
    sources: list[Credit] = []
    text = doc.text
    for seg in [s for s in segs if s.kind in ("body", "lead")][:2]:
        credit = outlet_credit(text, seg.start, seg.end)
        if credit is not None:
            authors.append((credit.group("author"), credit.start("author"), credit.end("author")))
            sources.append((credit.group("outlet").strip("«»\""), credit.start("outlet"), credit.end("outlet")))
        dl = agency_dateline(text, seg.start, seg.end)
        if dl is not None and dl.agency:
            sources.append((dl.agency, dl.agency_start, dl.agency_end))
        if authors or sources:
            break
    return authors, sources


def _segment_credits(doc: Document, article: list[Segment]) -> tuple[list[Credit], list[Credit]]:
    """Labelled lines and bylines in the article (not Markdown code): every reader."""
    text = doc.text

    def in_code(pos: int) -> bool:
        return doc.format == "markdown" and in_markdown_code(text, pos)

    authors: list[Credit] = []
    sources: list[Credit] = []
    labelled_above = False
    for seg in article:
        if seg.kind not in ("attribution", "dateline", "body", "lead", "footnote", "headline"):
            continue
        if authors and sources:
            break  # the first credits found; later ones belong to teasers and quoted material
        had_authors = bool(authors)
        for value, vs, ls in _values(doc, _LABELLED_AUTHOR, seg.start, seg.end):
            if had_authors:
                break
            if (seg.kind != "attribution" and not _opens_line(text, ls)) or in_code(ls):
                continue  # "the `Author:` line" inside running prose or code is not a byline
            authors.extend(_names_or_placeholder(value, vs))
        for value, vs, ls in _values(doc, _LABELLED_SOURCE, seg.start, seg.end):
            if (seg.kind != "attribution" and not (_opens_line(text, ls) or after_stamp(text, ls))) or in_code(ls):
                continue
            sources.extend(_names_or_placeholder(value, vs, split=False))
        if not sources and labelled_above:  # "Source" on a line of its own, the name on the next
            v, vs = _line_value(doc, seg)
            sources.extend(_names_or_placeholder(v, vs, split=False) if v else [])
        labelled_above = seg.end - seg.start < 40 and bool(SOURCE_LABEL_ONLY.match(text[seg.start : seg.end]))
        if not authors and (seg.kind in ("attribution", "dateline") or (seg.kind == "body" and seg.end - seg.start < 200)):
            found = _bylines(doc, seg, in_code)
            if found and all(is_agency(a[0]) for a in found):  # "By: CNN Wire": a source in the byline slot
                sources.extend(found)
            else:
                authors.extend(found)
        if seg.kind in ("body", "lead"):
            for m in _AGENCY_DATELINE.finditer(text, seg.start, min(seg.end, seg.start + 90)):
                if m.start() == seg.start:
                    sources.append((m.group("v"), m.start("v"), m.end("v")))
            sources.extend(_closing_sources(doc, seg))
    return authors, sources


def _line_value(doc: Document, seg: Segment) -> tuple[str, int]:
    """A short segment as a labelled value (the label standing on the line before), or ("", 0)."""
    s, e = strip_span(doc.text, seg.start, seg.end)
    value = doc.text[s:e]
    if not value or e - s > 80 or "\n" in value or _NEXT_LABEL.search(value) or dates.find_dates(value):
        return "", 0
    return value, s


def _closing_sources(doc: Document, seg: Segment) -> list[Credit]:
    """"Originally appeared in X" (in several languages) and a print credit ("(c)X vom 15.05.2019")."""
    text = doc.text
    out: list[Credit] = []
    appeared = _APPEARED.finditer(text, seg.start, seg.end) if may_have_appeared(text, seg.start, seg.end) else ()
    for m in appeared:
        raw = m.group("v")
        v = appeared_value(raw)
        start = m.start("v") + raw.find(v)
        out.append((v, start, start + len(v)))
    if all(text.find(mark, seg.start, seg.end) == -1 for mark in ("©", "(c)", "Copyright")):
        return out  # no print credit without its mark
    for m in _PRINT_CREDIT.finditer(text, seg.start, seg.end):
        if dates.parse_any(m.group("d"), "DMY") is not None:
            out.append((m.group("v"), m.start("v"), m.end("v")))
    return out


def _bylines(doc: Document, seg: Segment, in_code: Any) -> list[Credit]:
    rxs = (_BYLINE, _INLINE_BYLINE, _CLOSING_CREDIT) if seg.kind != "body" else (_BYLINE,)
    out: list[Credit] = []
    for rx in rxs:
        for m in rx.finditer(doc.text, seg.start, seg.end):
            if in_code(m.start("v")):
                continue
            value = clean_name_value(m.group("v"))
            if value:
                out.extend(split_names(value, m.start("v") + m.group("v").find(value)))
        if out:
            break
    return out


def _attribution(doc: Document, fields: Fields, article: list[Segment]) -> None:
    roles = any(s.role is not None for s in doc.segments)
    authors, sources = _role_credits(doc, article) if roles else ([], [])
    if roles:
        more_a, more_s = _opening_credits(doc, article)
        authors = authors or more_a
        sources = sources or more_s
    seg_a, seg_s = _segment_credits(doc, article)
    authors = authors or seg_a
    sources = sources or seg_s
    # a news agency in the byline slot is a source, not an author
    agencies = [a for a in authors if is_agency(a[0])]
    if agencies and len(agencies) == len(authors):
        sources = agencies + sources
        authors = []
    for values, spans, found, key in ((fields.author, fields.author_spans, authors, "author"),
                                      (fields.source, fields.source_spans, sources, "source")):  # fmt: skip
        seen: set[str] = set()
        for name, s, e in found:
            k = squash(name).lower()
            if k in seen:
                continue
            seen.add(k)
            values.append(name)
            spans.append(doc.span(s, e, field=key))
    meta = doc.metadata or {}
    if not fields.author:
        for name in _meta_list(meta, "author", "authors", "creator"):
            fields.author.append(name)
            fields.author_spans.append(doc.field_span("author"))
    if not fields.source:
        for name in _meta_list(meta, "source", "sources"):
            fields.source.append(name)
            fields.source_spans.append(doc.field_span("source"))


def extract_fields(doc: Document, options: ReaderOptions) -> Fields:
    """Fields from the typed segments first, metadata (front matter, JSON-LD, meta tags) second."""
    meta = doc.metadata or {}
    fields = Fields()
    article = [s for s in doc.segments if s.kind not in ("chrome", "metadata")]
    fields.language = _meta_str(meta, "language", "lang") or guess_language(
        "\n".join(doc.seg_text(s) for s in article if s.kind in ("body", "lead"))
    ) or options.language
    heads = doc.segments_of("headline")
    fields.title = squash(doc.seg_text(heads[0])) if heads else _meta_str(meta, "title", "headline")
    first = next((s for s in article if s.kind in ("body", "lead")), None)
    fields.published = _published(doc, options, fields.language, first)
    fields.updated = _updated(doc)
    _attribution(doc, fields, article)
    fields.publisher = _meta_str(meta, "publisher", "site_name")
    fields.url = _meta_str(meta, "url", "canonical")
    return fields


def _names_or_placeholder(value: str, base: int, split: bool = True) -> list[Credit]:
    """Names from a labelled value; an empty or placeholder value is kept as is for the field check.

    An empty value is never a name: the field check sees an empty list and reports the author
    missing (the results schema forbids an empty string)."""
    if value.strip().lower().strip(".") in PLACEHOLDERS:
        v = value.strip()
        return [(v, base, base + len(v))] if v else []
    cleaned = clean_name_value(value) if split else value.strip().rstrip(".")
    if not cleaned:
        return []
    offset = value.find(cleaned)
    if not split:
        return [(cleaned, base + offset, base + offset + len(cleaned))]
    return split_names(cleaned, base + max(offset, 0))
