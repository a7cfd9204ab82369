"""What every reader shares: decoding bytes to text, and extracting the article's fields.

``decode`` turns bytes into text (UTF-8, UTF-8 with BOM, cp1251, koi8-r and other single-byte
encodings, or an encoding the HTML declares) and refuses binary files. ``extract_fields``
reads title, published timestamp, authors, sources, language and publisher from a Document's
typed segments and metadata; the PDF, DOCX and record readers use it as well.
"""

from __future__ import annotations

import re
from typing import Any

from auditor import dates
from auditor.model import Document, Fields, Published
from auditor.readers import ReaderOptions, ReadError

# -- decoding ---------------------------------------------------------------------------------------
_CYR_CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")
_ENCODING_NAMES = {"utf_8": "utf-8", "cp1251": "cp1251", "koi8_r": "koi8-r", "windows-1251": "cp1251"}
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _case_score(text: str) -> float:
    """Share of words written in a normal case shape (lower, Upper, UPPER); a wrong single-byte
    code page for Cyrillic swaps cases and scores low."""
    words = _WORD_RE.findall(text[:20000])
    if not words:
        return 0.0
    good = sum(1 for w in words if w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower()))
    letters = sum(1 for c in text[:20000] if c.isalpha())
    odd = sum(1 for c in text[:20000] if not (c.isalnum() or c.isspace() or c in ".,;:!?-–—()«»\"'“”„/%№*…"))
    return good / len(words) - odd / max(1, letters)


def _canonical(enc: str) -> str:
    low = enc.lower().replace("-", "_")
    return _ENCODING_NAMES.get(low, low.replace("_", "-"))


def check_binary(data: bytes, path: str) -> None:
    """ReadError when the bytes are not text (NUL bytes or many control characters)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with BOM is text
    if b"\x00" in head:
        raise ReadError(f"{path}: binary content (NUL bytes), not a text file")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        raise ReadError(f"{path}: binary content ({controls} control bytes in the first {len(head)}), not a text file")


def decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding name). A UTF-8 BOM is dropped; undecodable bytes raise ReadError."""
    check_binary(data, path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ReadError(f"{path}: starts with a UTF-8 BOM but byte {exc.start + 3} is not UTF-8") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError(f"{path}: UTF-16 BOM but the content is not UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        try:
            import codecs

            candidates.append(codecs.lookup(declared).name)
        except LookupError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000]).best()
    if best is not None:
        candidates.append(best.encoding)
    if sum(1 for b in data[:20000] if b >= 0xC0) > 10:
        candidates.extend(_CYR_CANDIDATES)
    scored: list[tuple[float, int, str, str]] = []
    for i, enc in enumerate(dict.fromkeys(candidates)):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        bonus = 0.02 if (declared and i == 0) else 0.0
        scored.append((_case_score(text) + bonus, -i, enc, text))
    if not scored:
        raise ReadError(f"{path}: cannot decode the text (not UTF-8, and no known encoding fits)")
    scored.sort(reverse=True)
    _, _, enc, text = scored[0]
    return text, _canonical(enc)


# -- small text helpers --------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Collapse runs of ASCII whitespace into one space (NBSP and soft hyphens are kept)."""
    return " ".join(re.split(r"[ \t\r\n\f\v]+", text)).strip()


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
)
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "sich"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui"},
    "es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para"},
    "pt": {"o", "os", "que", "não", "uma", "do", "da", "em", "para", "com"},
    "it": {"il", "di", "che", "e", "per", "una", "della", "sono", "non", "gli"},
}


def guess_language(text: str) -> str | None:
    """ISO 639-1 code by script, and for Latin script by common short words; None when unsure."""
    sample = text[:6000]
    letters = sum(map(str.isalpha, sample))  # in C: a generator here was 9% of a run
    if letters < 20:
        return None
    counts = [(len(rx.findall(sample)), code) for code, rx in _SCRIPTS]
    n, code = max(counts)
    if code == "zh" and counts[2][0] > 0.1 * letters:
        code = "ja"  # kana among the Han characters
    if n > 0.3 * letters:
        return code
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(sorted(scores.items()), key=lambda kv: kv[1])
    return lang if best >= 3 else None


# -- attribution lines ---------------------------------------------------------------------------------
# A label, then the value up to the end of the line or the next label on the same line.
AUTHOR_LABELS = r"Authors?|Автор(?:ы)?|Текст|Text|Written\s+by|Reporting\s+by|Autor(?:in|en)?|Autori|Auteurs?|Escrito\s+por|作者|著者"
SOURCE_LABELS = r"Sources?|Источник(?:и)?|Quelle|Fuente|Fonte|Provenance|来源|出典|情報元"
_ANY_LABEL = rf"(?:{AUTHOR_LABELS}|{SOURCE_LABELS}|Photo|Фото|Foto|Editor|Редактор|Published|Опубликовано)\s*[:：]"
_LABELLED_AUTHOR = re.compile(
    rf"(?<![\w])(?:{AUTHOR_LABELS})[ \t\u00a0]*[:：][ \t\u00a0]*(?P<v>(?:(?!{_ANY_LABEL})[^\n])*)", re.IGNORECASE
)
_LABELLED_SOURCE = re.compile(
    rf"(?<![\w])(?:{SOURCE_LABELS})[ \t\u00a0]*[:：][ \t\u00a0]*(?P<v>(?:(?!{_ANY_LABEL})[^\n])*)", re.IGNORECASE
)
# "By Name", "Von Name", "Par Name" opening a line (no colon)
_BYLINE = re.compile(
    r"^[ \t\u00a0]*(?:[-–—]{1,2}[ \t]*)?(?:(?:Compiled|Written|Story|Words)\s+)?(?:By|BY|by|Von|von|VON|Par|par|Por|por|От|Von:|By:|BY:)"
    r"[ \t\u00a0:]+(?P<v>[^\n]+)",
    re.MULTILINE,
)
_INLINE_BYLINE = re.compile(r"(?<=\s)(?:By|BY)[ \t\u00a0]+(?P<v>[A-ZА-ЯЁ][^\n|]{1,80})")
_AGENCY_DATELINE = re.compile(
    r"^[^\n()]{2,70}?\((?P<v>[A-ZА-Я][\w.&' -]{0,30}?)\)\s*(?:--|—|–|-)", re.MULTILINE
)
_APPEARED = re.compile(
    r"(?:originally|first)\s+(?:appeared|published)\s+(?:at|on|in|by)\s+(?P<v>[^\n.]+(?:\.(?:com|org|net|ru)\b[^\n.]*)?)",
    re.IGNORECASE,
)
PLACEHOLDERS = {"", "tbd", "tba", "n/a", "na", "none", "unknown", "-", "—", "author", "автор", "xxx", "todo"}
_ROLE_TAIL = re.compile(
    r",\s*(?:[\w.]+\s+)?(?:Contributor|Correspondent|Reporter|Writer|Staff\s+Writer|Columnist|Editor|Корреспондент)\s*$",
    re.IGNORECASE,
)
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and|und|et|y|и)\s+|,|\s+(?:and|und|et|y|e|и)\s+|\s*&\s*|;)\s*")


_APPOSITIVE = re.compile(r",\s+(?:a|an|the|is|who|un|une|el|la|der|die|ein|eine)\s.*$|\s+(?:is|was|ist|est)\s.*$")
_TRAILING_WORDS = re.compile(r"(?:\s+(?:on|at|am|um|le|el|em|в|on:|at:))+$", re.IGNORECASE)
AGENCIES = frozenset(
    ["afp", "ap", "reuters", "dpa", "epa", "ansa", "efe", "bloomberg", "cnn", "bbc", "tass", "тасс", "интерфакс", "interfax", "риа", "новости", "ria", "novosti", "рбк", "xinhua", "kyodo", "yonhap", "anadolu", "upi", "pa", "sda", "apa", "ctk"]
) | {"associated press", "agence france-presse", "press association", "риа новости", "ria novosti"}


def clean_name_value(value: str) -> str:
    """A byline value without trailing dates, e-mail addresses, handles, bios and '|' / '/' tails."""
    value = re.split(r"\s[|/•·]\s|\|", value)[0]
    value = _APPOSITIVE.sub("", value)
    value = re.sub(r"\S+@\S+\.\w+", "", value)
    value = re.sub(r"(?<!\w)@\w+", "", value)
    for start, _end, _txt in dates.find_dates(value):
        value = value[:start]
        break
    value = re.sub(r"(?:\s+[-–—•·]\s*|\s*[,;:]\s*)$", "", value.strip())
    value = _TRAILING_WORDS.sub("", value)
    value = _ROLE_TAIL.sub("", value)
    return value.strip(" \t\u00a0,;:-–—")


def split_names(text: str, base: int) -> list[tuple[str, int, int]]:
    """'A, B and C' -> [(name, start, end)] with offsets shifted by ``base``."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in list(_SPLIT_NAMES.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        s, e = strip_span(text, pos, end)
        if e > s:
            out.append((text[s:e], base + s, base + e))
        if m is not None:
            pos = m.end()
    return out


def _values(doc: Document, rx: re.Pattern[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """(value, value start, label start) of every labelled value in text[start:end]."""
    out = []
    for m in rx.finditer(doc.text, start, end):
        vs, _ve = strip_span(doc.text, m.start("v"), m.end("v"))
        out.append((doc.text[vs:_ve], vs, m.start()))
    return out


def _opens_line(text: str, pos: int) -> bool:
    """Only spaces or list/emphasis markup stand between the line start and ``pos``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip(" \t\u00a0*_>-•#")


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
_TICKS = re.compile(r"(?<!\\)`+")


def in_markdown_code(text: str, pos: int) -> bool:
    """True when ``text[pos]`` stands in a fenced code block or an inline code span of Markdown.

    Fences open and close as CommonMark has it (the same character, a closing run at least as
    long); an inline code span opens with a run of backticks and closes with a run of the same
    length on its line. Indented code blocks are not recognised (too easily confused with
    indented prose in exported articles).
    """
    line_start = text.rfind("\n", 0, pos) + 1
    fence: str | None = None
    for m in _FENCE.finditer(text, 0, line_start):
        run, rest = m.group(1), m.group(2)
        if fence is None:
            fence = run
        elif run[0] == fence[0] and len(run) >= len(fence) and not rest.strip():
            fence = None
    if fence is not None:
        return True
    opened = 0
    for m in _TICKS.finditer(text, line_start, pos):
        run = len(m.group())
        if not opened:
            opened = run
        elif run == opened:
            opened = 0
    return opened > 0


# -- fields -----------------------------------------------------------------------------------------------
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


def parse_published(raw: str, options: ReaderOptions, language: str | None = None) -> str | None:
    """ISO 8601 of a shown timestamp: house formats first, then any unambiguous format."""
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


def extract_fields(doc: Document, options: ReaderOptions) -> Fields:
    """Fields from the typed segments first, metadata (front matter, JSON-LD, meta tags) second."""
    meta = doc.metadata or {}
    fields = Fields()
    text = doc.text
    article = [s for s in doc.segments if s.kind not in ("chrome", "metadata")]
    fields.language = _meta_str(meta, "language", "lang") or guess_language(
        "\n".join(doc.seg_text(s) for s in article if s.kind == "body")
    ) or options.language
    order = date_order(fields.language)

    heads = doc.segments_of("headline")
    fields.title = squash(doc.seg_text(heads[0])) if heads else _meta_str(meta, "title", "headline")

    # published: the dateline as shown, else metadata
    for seg in doc.segments_of("dateline"):
        found = find_published(doc, seg.start, seg.end, order)
        if found:
            s, e = found
            raw = text[s:e]
            fields.published = Published(raw, parse_published(raw, options, fields.language), doc.span(s, e), "text")
            break
    if fields.published.raw is None:
        raw = _meta_str(meta, "published", "date", "datePublished")
        if raw:
            source = str(meta.get("published_from", "metadata"))
            fields.published = Published(
                raw, parse_published(raw, options, fields.language), doc.field_span("published"), source
            )

    # attribution: labelled lines and bylines in the article (not Markdown code), then metadata
    def in_code(pos: int) -> bool:
        return doc.format == "markdown" and in_markdown_code(text, pos)

    authors: list[tuple[str, int, int]] = []
    sources: list[tuple[str, int, int]] = []
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
            if (seg.kind != "attribution" and not _opens_line(text, ls)) or in_code(ls):
                continue
            sources.extend(_names_or_placeholder(value, vs, split=False))
        if not authors and (seg.kind in ("attribution", "dateline") or (seg.kind == "body" and seg.end - seg.start < 200)):
            rxs = (_BYLINE, _INLINE_BYLINE) if seg.kind != "body" else (_BYLINE,)
            for rx in rxs:
                for m in rx.finditer(text, seg.start, seg.end):
                    if in_code(m.start("v")):
                        continue
                    value = clean_name_value(m.group("v"))
                    if value:
                        authors.extend(split_names(value, m.start("v") + m.group("v").find(value)))
                if authors:
                    break
        if seg.kind in ("body", "lead"):
            for m in _AGENCY_DATELINE.finditer(text, seg.start, min(seg.end, seg.start + 90)):
                if m.start() == seg.start:
                    sources.append((m.group("v"), m.start("v"), m.end("v")))
            for m in _APPEARED.finditer(text, seg.start, seg.end):
                v = m.group("v").strip().rstrip(".")
                sources.append((v, m.start("v"), m.start("v") + len(v)))
    # a news agency in the byline slot is a source, not an author
    agencies = [a for a in authors if squash(a[0]).lower() in AGENCIES]
    if agencies and len(agencies) == len(authors):
        sources = agencies + sources
        authors = []
    seen: set[str] = set()
    for name, s, e in authors:
        key = squash(name).lower()
        if key in seen and key:
            continue
        seen.add(key)
        fields.author.append(name)
        fields.author_spans.append(doc.span(s, e, field="author"))
    seen = set()
    for name, s, e in sources:
        key = squash(name).lower()
        if key in seen:
            continue
        seen.add(key)
        fields.source.append(name)
        fields.source_spans.append(doc.span(s, e, field="source"))
    if not fields.author:
        for name in _meta_list(meta, "author", "authors", "creator"):
            fields.author.append(name)
            fields.author_spans.append(doc.field_span("author"))
    if not fields.source:
        for name in _meta_list(meta, "source", "sources"):
            fields.source.append(name)
            fields.source_spans.append(doc.field_span("source"))
    fields.publisher = _meta_str(meta, "publisher", "site_name")
    fields.url = _meta_str(meta, "url", "canonical")
    return fields


def _names_or_placeholder(value: str, base: int, split: bool = True) -> list[tuple[str, int, int]]:
    """Names from a labelled value; an empty or placeholder value is kept as is for the field check."""
    if value.strip().lower().strip(".") in PLACEHOLDERS:
        return [(value.strip(), base, base + len(value.strip()))]
    cleaned = clean_name_value(value) if split else value.strip().rstrip(".")
    if not cleaned:
        return [("", base, base)]
    offset = value.find(cleaned)
    if not split:
        return [(cleaned, base + offset, base + offset + len(cleaned))]
    return split_names(cleaned, base + max(offset, 0))
