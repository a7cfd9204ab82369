"""HTML reader, fields: published date, bylines and sources from the marked elements, the text and
the metadata; the body style; suppression comments' offsets."""

from __future__ import annotations

import re
from typing import Any

from auditor import dates
from auditor.model import Document, Published, Segment, Style
from auditor.readers import ReaderOptions
from auditor.readers import lines as ln
from auditor.readers.attribution import date_line_source, is_agency, outlet_like
from auditor.readers.common import (
    clean_name_value,
    date_order,
    find_published,
    parse_published,
    split_names,
    squash,
)
from auditor.readers.html_css import Computed, body_style
from auditor.readers.html_walk import _Mark, _Walk

_UPDATED = re.compile(
    r"updated|modified|aktualisiert|mis à jour|actualizado|atualizado|обновлено|last updated|изменено", re.I
)
_PUBLISHED = re.compile(r"publish|posted|created|pubdate|first", re.I)
_PUBLISHED_WORDS = re.compile(
    r"\b(?:(?:first\s+)?published|posted|veröffentlicht|publié|publicado|publicada|pubblicato|опубликовано|опубліковано)\b",
    re.I,
)
_LABEL = re.compile(
    r"^\s*(?:(?:Compiled|Written|Story|Words|Text)\s+)?(?:By|Von|Par|Por|От|Автор(?:ы)?|Authors?|Autor(?:in|en)?|"
    r"Autori|Auteurs?|Text|Текст)\b\s*[:：]?\s*",
    re.IGNORECASE,
)


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
    names, agencies = _byline_names(doc, marks, spans, meta, head)
    if names:
        f.author = [n for n, _s, _e in names]
        f.author_spans = [doc.span(s, e, field="author") for _n, s, e in names]
        _why(doc, names[0][1], "the byline: a credited name by the headline or the date")
    elif agencies and all(is_agency(a) for a in f.author):
        f.author, f.author_spans = [], []
    if not f.author:
        _closing_siglum(doc)
    sources = [(spans[id(m)]) for m in marks if m.role == "source" and id(m) in spans]
    if sources:
        f.source = [squash(doc.text[s:e]) for s, e in sources]
        f.source_spans = [doc.span(s, e, field="source") for s, e in sources]
    elif agencies and not any(sp.end > sp.start for sp in f.source_spans):
        f.source = [agencies[0][0]]
        f.source_spans = [doc.span(agencies[0][1], agencies[0][2], field="source")]
        _why(doc, agencies[0][1], "a news agency or wire service in the byline slot")
    if not any(sp.end > sp.start for sp in f.source_spans) and f.published.source == "text":
        credit = date_line_source(doc.text, f.published.span.start, f.published.span.end)
        if credit is not None:
            f.source = [credit[0]]
            f.source_spans = [doc.span(credit[1], credit[2], field="source")]
            _why(doc, credit[1], "the outlet printed on the date line")


_SIGLUM = re.compile(r"\((?P<v>[a-zäöüß]{2,4}(?:\s?/\s?[a-zäöüß]{2,4})*)\)\s*$")
_NOT_SIGLUM = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "mp3", "mp4", "zip", "sic", "ua", "usw"}


def _closing_siglum(doc: Document) -> None:
    """The editor's initials closing the article's last paragraph ("... voraus. (abc)"), as
    German-language newsrooms sign; an agency's short name there ("(dpa)") is the source."""
    body = [s for s in doc.segments if s.kind in ("body", "lead")]
    if not body:
        return
    last = body[-1]
    m = _SIGLUM.search(doc.text, last.start, last.end)
    if m is None or m.group("v") in _NOT_SIGLUM or m.end() < last.end - 1:
        return
    f = doc.fields
    if all(is_agency(v) for v in m.group("v").split("/")):
        if not any(sp.end > sp.start for sp in f.source_spans):
            f.source = [m.group("v")]
            f.source_spans = [doc.span(m.start("v"), m.end("v"), field="source")]
        return
    f.author = [m.group()]
    f.author_spans = [doc.span(m.start(), m.end(), field="author")]
    _why(doc, m.start(), "the editor's initials closing the article")


def _why(doc: Document, pos: int, reason: str) -> None:
    """Record why a field was read from a block (``auditor inspect`` shows it)."""
    seg = doc.segment_at(pos)
    if seg is not None and seg.reason is None:
        seg.reason = reason


def _position_score(s: int, e: int, head: tuple[int, int] | None) -> float:
    """Bylines and datelines sit next to the headline: far above it is a page header."""
    if head is None:
        return 0.0
    if e <= head[0]:
        return -1.0 - (1.0 if head[0] - e > 1500 else 0.0)
    return 0.5 if s - head[1] < 1500 else 0.0


def _published(doc: Document, options: ReaderOptions, marks: list[_Mark], spans: dict[int, tuple[int, int]],
               meta: dict[str, Any], head: tuple[int, int] | None, lang_tag: str | None) -> None:  # fmt: skip
    """The best visible date element (or date inside a byline element); else the dateline the
    classifier found; else metadata."""
    f = doc.fields
    text = doc.text
    order = date_order(lang_tag or f.language)
    meta_date = dates.parse_any(str(meta["published"])) if meta.get("published") else None
    best: tuple[float, int, int, int, Any, str] | None = None
    for m in marks:
        if m.role not in ("date", "author") or (m.chrome and not m.selected) or id(m) not in spans:
            continue
        s, e = spans[id(m)]
        if e - s > 300 and not m.selected:
            continue
        found = find_published(doc, s, e, order)
        stamp = None
        if found is None and m.role == "date":  # "today, 17:40", "2 hours ago": found, flagged relative
            stamp = ln.find_stamp(text[s:e])
            if stamp is None or "relative" not in stamp.flags:
                continue
            found = (s + stamp.start, s + stamp.end)
        if found is None:
            continue
        score = _date_score(doc, m, (s, e), found, head, meta_date, order)
        if best is None or (score, -m.order) > best[:2]:
            best = (score, -m.order, found[0], found[1], stamp, m.attrs)
    forced = bool(options.html_selectors.get("date"))
    if best is not None and (best[0] > 0 or f.published.raw is None or forced or f.published.source != "text"):
        s, e, stamp = best[2], best[3], best[4]
        raw = text[s:e]
        f.published = Published(raw, parse_published(raw, options, lang_tag), doc.span(s, e), "text",
                                reason=f"the visible date in <{best[5]}> (score {best[0]:.1f})")  # fmt: skip
        if stamp is not None:
            f.published.flags = list(stamp.flags)
        else:  # the naive local reading, in the page's day-month order
            shown = dates.parse_any(raw, order)
            f.published.value = ln.stamp_value(shown) if shown is not None else None
            f.published.pattern = shown.pattern if shown is not None else None
    elif f.published.raw is None and meta.get("published"):
        raw = str(meta["published"])
        source = meta.get("published_from", "meta")
        f.published = Published(raw, parse_published(raw, options, lang_tag), doc.field_span("published"), source)
    elif f.published.source == "metadata":
        f.published.source = meta.get("published_from", "meta")


def _date_score(doc: Document, m: _Mark, span: tuple[int, int], found: tuple[int, int], head: tuple[int, int] | None,
                meta_date: Any, order: str | None) -> float:  # fmt: skip
    """How much a date found in a marked element reads as the publication time: its element
    (in the article, near the headline, named "published", inside the byline), the words before
    it ("First published", "Updated"), and agreement with the page's metadata."""
    text = doc.text
    s, e = span
    parsed = dates.parse_any(text[found[0] : found[1]], order)
    attrs = m.attrs.lower()
    score = (1.0 if m.in_article else 0.0) + _position_score(s, e, head)
    if m.role == "author":
        score += 2.0  # the date printed in the byline itself, beside the name
    elif _PUBLISHED.search(attrs):
        score += 2 + (1 if "datepublished" in attrs else 0)
    context = text[max(s - 30, text.rfind("\n", 0, s) + 1, found[0] - 40) : found[1]]
    if _UPDATED.search(attrs) or _UPDATED.search(context):
        score -= 3
    elif _PUBLISHED_WORDS.search(context):  # "First published ...": said outright, above any place
        score += 2.5
    if parsed is not None and meta_date is not None and parsed.has_year and parsed.datetime.date() == meta_date.datetime.date():
        score += 3
        if parsed.has_time and meta_date.has_time and _hm(parsed) == _hm(meta_date):
            score += 1
    if parsed is not None and parsed.has_time:
        score += 0.5
    if m.selected:
        score += 100
    return score


def _hm(p: Any) -> tuple[int, int]:
    return p.datetime.hour, p.datetime.minute


Credit = tuple[str, int, int]  # value, start, end in Document.text
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
                  head: tuple[int, int] | None) -> tuple[list[Credit], list[Credit]]:  # fmt: skip
    """Authors from byline elements, the text's By/Author: lines, or a name right before the date;
    and the agencies found in the byline slot (sources)."""
    text = doc.text
    f = doc.fields
    meta_names = {squash(a).lower() for a in meta.get("author", [])}
    pub = f.published.span if f.published.source == "text" else None
    cands: list[tuple[float, int, list[tuple[str, int, int]]]] = []
    agencies: list[tuple[str, int, int]] = []

    def add(names: list[tuple[str, int, int]], score: float, order: int) -> None:
        if not names:
            return
        if all(is_agency(n) for n, _, _ in names):  # "By: CNN Wire": a source in the byline slot
            agencies.extend(names)
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
        short = 2 <= words <= 5 or _person_and_outlet(cleaned)
        if not cleaned or words > 12 or (not labelled and not short) or _looks_like_sentence(cleaned):
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
        return [], agencies
    cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
    best = cands[0][2]
    best_keys = {squash(n).lower() for n, _, _ in best}
    for _score, _order, names in cands[1:]:  # the same byline, more complete elsewhere ("By A and B")
        keys = {squash(n).lower() for n, _, _ in names}
        if best_keys < keys:
            best, best_keys = names, keys
    return best, agencies


def _person_and_outlet(value: str) -> bool:
    """"Ann Writer, Northern Media Group": a name, then the outlet the writer works for."""
    person, _, outlet = value.partition(",")
    return bool(outlet) and 2 <= len(person.split()) <= 4 and outlet_like(outlet.strip())


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
