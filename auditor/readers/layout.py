"""Blocks -> typed segments (dateline, headline, notice, lead, body, attribution, footnote, chrome).

Shared by every reader so text, HTML, PDF and DOCX agree on what a headline is.
A reader cuts its input into ``Block``s (paragraph-like units, in reading order, with the
offsets they occupy in the document text and whatever layout it knows), optionally with a
``hint`` when its structure already says what a block is (an HTML <h1>, a DOCX Title style,
a PDF header repeated on every page). ``classify`` assigns the kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor import dates
from auditor.model import Segment, Style

if TYPE_CHECKING:
    from auditor.readers import ReaderOptions


@dataclass(slots=True)
class Block:
    start: int  # offsets into the document text
    end: int
    hint: str | None = None  # a segment kind the reader is sure of, or None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    field: str | None = None
    style: Style | None = None
    element: str | None = None  # HTML: CSS path of the block element (for locations)


def join_blocks(parts: list[tuple[str, dict]]) -> tuple[str, list[Block]]:
    """Build a document text from (text, block attributes) pairs, blank line between blocks."""
    chunks: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i, (text, attrs) in enumerate(parts):
        if i:
            chunks.append("\n\n")
            pos += 2
        chunks.append(text)
        blocks.append(Block(pos, pos + len(text), **attrs))
        pos += len(text)
    return "".join(chunks), blocks


def to_segments(blocks: list[Block], kinds: list[str]) -> list[Segment]:
    return [
        Segment(
            kind=k,
            start=b.start,
            end=b.end,
            page=b.page,
            bbox=b.bbox,
            paragraph=b.paragraph,
            field=b.field,
            style=b.style,
            element=b.element,
        )
        for b, k in zip(blocks, kinds, strict=True)
    ]


# -- classification -------------------------------------------------------------------------------
# Headings that open page chrome (lists of other articles, archives, sharing, comments), compared
# after lower-casing and dropping punctuation. Structure, not rules: no statute is named here.
# Ad labels ("Advertisement", "Реклама") are deliberately absent: they label sponsored articles
# and single ad slots, and must never turn the rest of an article into chrome.
CHROME_HEADINGS = frozenset(
    """all news|news archive|archive|related|related articles|related news|related stories|read more|
    read also|see also|more news|more stories|latest news|latest|top stories|most read|most popular|
    popular|trending|share|share this|share this article|comments|tags|subscribe|
    newsletter|you may also like|recommended|more from|все новости|архив новостей|архив|читайте также|
    смотрите также|см также|похожие материалы|новости партнеров|комментарии|поделиться|теги|
    популярное|последние новости|лента новостей|weitere artikel|mehr zum thema|das könnte sie auch
    interessieren|à lire aussi|lire aussi|sur le même sujet|noticias relacionadas|más noticias|
    leia também|relacionadas|новости|новини|другие новости|інші новини|важливі новини|останні новини|
    читайте також|дивіться також|другие выпуски|інші випуски|мітки|главное за день|головне за день""".replace("\n", " ").replace("  ", " ").split("|")
)
CHROME_HEADINGS = frozenset(" ".join(h.split()) for h in CHROME_HEADINGS)
_DATE_LABEL = re.compile(
    r"^\s*(?:Published|Posted|Date|Dated|First published|Опубликовано|Дата публикации|Дата|Veröffentlicht|"
    r"Publié le|Publié|Publicado|Publicado el)\b\s*(?:on|at|:|：)?\s*",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^\s*(?:(?:Authors?|Автор(?:ы)?|Текст|Text|Sources?|Источник(?:и)?|Quelle|Fuente|Fonte|Autor(?:in|en)?|Autori)"
    r"\s*[:：]|(?:By|BY|Von|von|Par|Por|Written by|Reporting by)\s+\S|\(Reporting by\b)",
)
_FOOTNOTE = re.compile(r"^\s*(?:(?:\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹])\s*[—–-]\s|\*{1,3}(?=[^\s*])|[¹²³⁴⁵⁶⁷⁸⁹])")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣]|[-*+]\s)")
_PUNCT = re.compile(r"[^\w\s]+")


def fold_marker(text: str) -> str:
    """Text as notice markers are compared: one case, plain spaces and quotes, no look-alikes."""
    from auditor.text import normalize_text

    return normalize_text(text, upper=True, fold=True)


def _is_paragraph(text: str) -> bool:
    """Running text: a sentence or more (a block that ends the page chrome above an article)."""
    words = len(text.split())
    return (len(text) >= 120 and words >= 15) or (words >= 5 and text.rstrip().endswith((".", "!", "?", "…", "»", '"', "”")))


def _is_date_line(text: str) -> bool:
    body = _DATE_LABEL.sub("", text, count=1)
    return bool(body) and len(body) <= 120 and dates.parse_any(body) is not None


def _is_upper_cyrillic_notice(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 8 or not letters:
        return False
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    upper = sum(1 for c in letters if c.isupper())
    return cyr / len(letters) > 0.8 and upper / len(letters) > 0.9


def _first_headline(texts: list[str], kinds: list[str | None], date_like: list[bool], limit: int) -> int | None:
    """The first short block of 3+ words among the first three candidates (marked in ``kinds``)."""
    seen = 0
    for i in range(limit):
        if kinds[i] is not None or date_like[i]:
            continue
        seen += 1
        t = texts[i]
        words = len(t.split())
        sentences = t.endswith(".") and (t.count(". ") >= 1 or words > 8)
        if 3 <= words <= 30 and len(t) <= 250 and not t.endswith((":", ",")) and not _BULLET.match(t) and not sentences:
            kinds[i] = "headline"
            return i
        if seen >= 3:
            break
    return None


def _chrome_runs(texts: list[str], kinds: list[str | None], blocks: list[Block]) -> int:
    """Mark the page chrome a chrome heading opens; return the index of the first such heading.

    A heading before the body has started (a "Share this" button between the headline and the
    first paragraph) is chrome by itself. After the body has started, the chrome runs to the end,
    or, when the reader knows each block's element (HTML), to the end of the element holding the
    heading and the list under it (a "Related news" box inside the article column)."""
    n = len(blocks)
    started = body_seen = False
    first = n
    i = 0
    while i < n:
        if kinds[i] in ("headline", "body", "lead"):
            started = True
            body_seen = body_seen or kinds[i] != "headline"
        heading = kinds[i] is None and " ".join(_PUNCT.sub(" ", texts[i].lower()).split()) in CHROME_HEADINGS
        if heading and started:
            first = min(first, i)
            end = _container_end(blocks, i) if body_seen else i + 1
            for j in range(i, end):
                kinds[j] = kinds[j] or "chrome"
            i = end
            continue
        if kinds[i] is None and texts[i]:
            started = True
            body_seen = body_seen or _is_paragraph(texts[i])
        i += 1
    return first


def _container_end(blocks: list[Block], i: int) -> int:
    """The end of the run of blocks inside the element that holds block ``i`` and the one after
    it (their closest common element); the page's end when elements are unknown."""
    n = len(blocks)
    if i + 1 >= n or not blocks[i].element or not blocks[i + 1].element:
        return n
    a = blocks[i].element.split(" > ")  # type: ignore[union-attr]
    b = blocks[i + 1].element.split(" > ")  # type: ignore[union-attr]
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    if k == 0:
        return n
    prefix = a[:k]
    j = i + 1
    while j < n and blocks[j].element and blocks[j].element.split(" > ")[:k] == prefix:  # type: ignore[union-attr]
        j += 1
    return j


def classify(text: str, blocks: list[Block], options: ReaderOptions) -> list[Segment]:
    """Assign a segment kind to every block (see ``model.SEGMENT_KINDS``).

    A block's ``hint`` wins. Otherwise: a block opening with one of ``options.notice_markers``
    (compared after ``fold_marker``) is a notice wherever it stands; the first chrome heading
    ("All news", "Related", "Читайте также") starts page chrome that runs to the end; the first
    date line near the top (or a "Published: ..." line) is the dateline; Author:/Source:/By lines
    are attribution; the first short block of three or more words near the top is the headline;
    "* — ..." lines after the body are footnotes; the rest is body.
    """
    markers = [m for m in (fold_marker(m) for m in getattr(options, "notice_markers", []) or []) if m]
    n = len(blocks)
    kinds: list[str | None] = [b.hint for b in blocks]
    texts = [text[b.start : b.end].strip() for b in blocks]

    def is_notice(i: int) -> bool:
        t = texts[i]
        if markers:
            folded = fold_marker(t[:400])
            return any(folded.startswith(m) for m in markers)
        return _is_upper_cyrillic_notice(t)

    # notices first: they keep their own segment even inside chrome
    for i in range(n):
        if kinds[i] is None and is_notice(i):
            kinds[i] = "notice"
    # chrome from the first chrome heading after the body has started; one before the body (a
    # "Share this" button between the headline and the first paragraph) is chrome by itself
    chrome_from = _chrome_runs(texts, kinds, blocks)
    # attribution and date lines
    date_like = [kinds[i] is None and _is_date_line(texts[i]) for i in range(n)]
    for i in range(n):
        if kinds[i] is None and _ATTRIBUTION.match(texts[i]) and len(texts[i]) < 300:
            kinds[i] = "attribution"
    # headline: hinted, else the first short block of 3+ words among the first ones
    head = next((i for i in range(n) if kinds[i] == "headline"), None)
    if head is None:
        head = _first_headline(texts, kinds, date_like, min(n, chrome_from))
    # dateline: the first date line before the body gets going (near the headline), or a
    # labelled "Published: ..." line anywhere in the article
    top = head if head is not None else 0
    for i in range(min(n, chrome_from)):
        if date_like[i] and kinds[i] is None and (i <= top + 3 or _DATE_LABEL.match(texts[i])):
            kinds[i] = "dateline"
            break
    # blocks before the headline that are not dates, notices or attribution are page chrome
    if head is not None:
        for i in range(head):
            if kinds[i] is None:
                kinds[i] = "chrome"
    # footnotes: "* — ..." after the body has started
    body_seen = False
    for i in range(n):
        if kinds[i] is None:
            if body_seen and _FOOTNOTE.match(texts[i]):
                kinds[i] = "footnote"
            else:
                kinds[i] = "body"
                body_seen = True
        elif kinds[i] in ("body", "lead"):
            body_seen = True
    return to_segments(blocks, [k or "body" for k in kinds])
