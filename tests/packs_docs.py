"""Hand-built Documents for the packs/checks tests (the real readers are written elsewhere).

``make_doc`` cuts a plain-text article into one block per non-empty line and types the blocks the
way the layout rules describe: dateline, headline, notice, lead/body, attribution, then chrome.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditor.model import Document, Fields, Published, Segment

NOTICE_WORDS = ("НАСТОЯЩИЙ", "ДАННОЕ СООБЩЕНИЕ", "ИНОСТРАННЫМ АГЕНТОМ", "HАСТОЯЩИЙ")
DATE_LINE = re.compile(
    r"^\s*(\d{1,2} \w+ \d{4}, \d{1,2}:\d{2}|\w+ \d{1,2}, \d{4} \d{1,2}:\d{2}( [AP]M)?)\s*$"
)
ATTR = re.compile(r"(Author|Source|Автор|Источник):[ \t]*(?P<value>.*?)(?=[ \t]+(?:Source|Источник):|$)")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / ".." / "shared" / "seeds" / "000_feed944fbaa189ef.txt"


def make_doc(text: str, path: str = "article.txt", metadata: dict | None = None) -> Document:
    segments: list[Segment] = []
    fields = Fields()
    pos = 0
    state = "start"
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        upper = line.upper()
        if any(w in upper for w in NOTICE_WORDS):
            kind = "notice"
        elif state == "start" and DATE_LINE.match(line):
            kind = "dateline"
            fields.published = Published(raw=line.strip(), span=None, source="text")
            s = start + len(line) - len(line.lstrip())
            pub_span = (s, s + len(line.strip()))
        elif state in ("start",):
            kind, state = "headline", "body"
            fields.title = line.strip()
        elif state == "body" and ATTR.match(line.strip()):
            kind, state = "attribution", "chrome"
            for m in ATTR.finditer(line):
                label = m.group(1)
                value = m.group("value").strip()
                bucket = "author" if label in ("Author", "Автор") else "source"
                getattr(fields, bucket).append(value)
        elif state == "chrome":
            kind = "chrome"
        else:
            kind = "body"
        segments.append(Segment(kind, start, end))
    doc = Document(path, "text", text, segments, metadata or {}, fields)
    if fields.published.raw is not None:
        fields.published.span = doc.span(*pub_span)
    for bucket in ("author", "source"):
        spans = getattr(fields, f"{bucket}_spans")
        for value in getattr(fields, bucket):
            at = text.find(value) if value else -1
            if at >= 0:
                spans.append(doc.span(at, at + len(value)))
    return doc
