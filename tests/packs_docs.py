"""Packs and documents for the packs/checks tests: a hand-built Document, a throwaway pack, outcomes.

``make_doc`` cuts a plain-text article into one block per non-empty line and types the blocks the
way the layout rules describe: dateline, headline, notice, lead/body, attribution, then chrome (the
real readers are tested in tests/readers/). ``write_pack`` writes a one-file pack of given rules;
``outcomes`` lists the (rule id, outcome) pairs packs give on a document or an article's text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.model import Document, Fields, Published, Segment

if TYPE_CHECKING:
    from auditor.packs import RuleSet

NOTICE_WORDS = ("НАСТОЯЩИЙ", "ДАННОЕ СООБЩЕНИЕ", "ИНОСТРАННЫМ АГЕНТОМ", "HАСТОЯЩИЙ")
DATE_LINE = re.compile(
    r"^\s*(\d{1,2} \w+ \d{4}, \d{1,2}:\d{2}|\w+ \d{1,2}, \d{4} \d{1,2}:\d{2}( [AP]M)?)\s*$"
)
ATTR = re.compile(r"(Author|Source|Автор|Источник):[ \t]*(?P<value>.*?)(?=[ \t]+(?:Source|Источник):|$)")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / ".." / "shared" / "seeds" / "000_feed944fbaa189ef.txt"
AS_OF = date(2026, 11, 28)  # the audit date of the pack tests (and of most rules/cases files)


def write_pack(folder: Path, rules: str, settings: str = "") -> list[str]:
    """Pack ``p`` with the given ``rules:`` items (YAML, indented two spaces), written to folder/p.yaml;
    the pack specs to load it by."""
    path = folder / "p.yaml"
    path.write_text(f'id: p\ntitle: P\nversion: "1"\n{settings}rules:\n{rules}', encoding="utf-8")
    return [str(path)]


def load_pack(folder: Path, text: str, name: str = "house.yaml") -> RuleSet:
    """The pack ``text`` (YAML) written to folder/``name`` and loaded; it must load without errors."""
    from auditor.packs import load_ruleset

    (folder / name).write_text(text, encoding="utf-8")
    rs = load_ruleset([str(folder / name)])
    assert rs.errors == [], [str(e) for e in rs.errors]
    return rs


def outcomes(
    packs: list[str], doc: Document | str, as_of: date = AS_OF, only: str = "", fmt: str = "markdown"
) -> list[tuple[str, str]]:
    """(rule id, outcome) of each finding ``packs`` give on ``doc``, in order, for rule ids starting
    with ``only``. A str is read by the real readers as one ``fmt`` (markdown, text ...) article."""
    from auditor.packs import load_ruleset
    from auditor.readers import read_bytes

    rs = load_ruleset(packs)
    assert rs.errors == [], [str(e) for e in rs.errors]
    if isinstance(doc, str):
        name = "case.md" if fmt == "markdown" else "case.txt"
        (doc,) = read_bytes(doc.encode("utf-8"), name, rs.reader_options, fmt=fmt)
    return [(f.rule_id, f.outcome) for f in rs.evaluate(doc, as_of)[0] if f.rule_id.startswith(only)]


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
