"""How well the HTML reader extracts authors and published timestamps from real pages.

Runs the HTML reader on every page of the development corpus (../shared/corpus next to the
repository, or the folder given as the first argument) and compares with the hand labels in
labels.csv. Prints a table; ``--misses`` also lists every page where extraction differs.

What counts as a match (tests/readers/test_html_corpus.py asserts on the same figures):
- author: the label, compared after folding case and whitespace, equals the reader's authors
  either as shown in the text (from the first name to the last, separators as printed) or as
  the list joined by ", ", " and ", " & " or "A, B and C". A label the labeller annotated
  ("X (reporting) and Y (photography)", "A (byline block); B (closing ...)") also matches
  without its parenthesised remarks, or by any one of its ";"-separated alternatives.
- timestamp: the reader's published raw text equals published_timestamp_as_shown after
  collapsing whitespace (no other folding).
- invented: an author or a timestamp where the label has none (from the visible text, and
  separately from metadata).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NOTICE_MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ"]


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def _norm(value: str) -> str:
    return " ".join(value.casefold().split()).strip(" .,;:")


def _label_forms(label: str) -> set[str]:
    forms = {_norm(label)}
    no_remarks = re.sub(r"\s*\([^)]*\)", "", label)
    no_remarks = re.sub(r"\s*'[^']*'\s*(?:label above)?", "", no_remarks)
    forms.add(_norm(no_remarks))
    for alt in label.split(";"):
        forms.add(_norm(alt))
        forms.add(_norm(re.sub(r"\s*\([^)]*\)", "", alt)))
    return {f for f in forms if f}


def _author_forms(doc: Any) -> set[str]:
    names = [n for n in doc.fields.author if n]
    if not names:
        return set()
    forms = {_norm(", ".join(names)), _norm(" and ".join(names)), _norm(" & ".join(names))}
    if len(names) > 2:
        forms.add(_norm(", ".join(names[:-1]) + " and " + names[-1]))
    spans = [sp for sp in doc.fields.author_spans if sp.end > sp.start]
    if spans and len(spans) == len(doc.fields.author_spans):
        forms.add(_norm(doc.text[spans[0].start : spans[-1].end]))
    return forms


def _from_text(spans: list[Any]) -> bool:
    return any(sp.end > sp.start for sp in spans)


@dataclass
class Stats:
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    authors_labelled: int = 0
    authors_matched: int = 0
    stamps_labelled: int = 0
    stamps_matched: int = 0
    stamps_from_text: int = 0
    invented_author_text: int = 0
    invented_author_meta: int = 0
    no_author_labelled: int = 0
    invented_stamp_text: int = 0
    invented_stamp_meta: int = 0
    no_stamp_labelled: int = 0
    notice_pages: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def author_share(self) -> float:
        return self.authors_matched / self.authors_labelled if self.authors_labelled else 0.0

    @property
    def stamp_share(self) -> float:
        return self.stamps_matched / self.stamps_labelled if self.stamps_labelled else 0.0


def evaluate(corpus: Path) -> Stats:
    from auditor.readers import ReaderOptions, ReadError
    from auditor.readers.html import read

    stats = Stats()
    with open(corpus / "labels.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for markers in (NOTICE_MARKERS, []):
        options = ReaderOptions(notice_markers=list(markers))
        for row in rows:
            path = corpus / "articles" / row["file"]
            try:
                doc = read(path.read_bytes(), row["file"], options)[0]
            except ReadError as exc:
                if markers:
                    stats.errors.append(str(exc))
                continue
            if doc.segments_of("notice"):
                stats.notice_pages.append(f"{row['file']} (markers={'yes' if markers else 'none'})")
            if markers:
                _score(stats, row, doc)
    return stats


def _score(stats: Stats, row: dict[str, str], doc: Any) -> None:
    stats.pages += 1
    f = doc.fields
    name = row["file"]
    if row["has_author"] == "yes":
        stats.authors_labelled += 1
        if _label_forms(row["author"]) & _author_forms(doc):
            stats.authors_matched += 1
        else:
            stats.misses.append(f"author    {name}: label {row['author']!r}, got {f.author!r}")
    else:
        stats.no_author_labelled += 1
        if f.author:
            if _from_text(f.author_spans):
                stats.invented_author_text += 1
                stats.misses.append(f"invented  {name}: author {f.author!r} (text)")
            else:
                stats.invented_author_meta += 1
    label = row["published_timestamp_as_shown"]
    raw = f.published.raw
    if label:
        stats.stamps_labelled += 1
        if f.published.source == "text":
            stats.stamps_from_text += 1
        if raw is not None and " ".join(raw.split()) == " ".join(label.split()):
            stats.stamps_matched += 1
        else:
            stats.misses.append(f"timestamp {name}: label {label!r}, got {raw!r} ({f.published.source})")
    else:
        stats.no_stamp_labelled += 1
        if raw is not None:
            if f.published.source == "text":
                stats.invented_stamp_text += 1
                stats.misses.append(f"invented  {name}: timestamp {raw!r} (text)")
            else:
                stats.invented_stamp_meta += 1


def table(stats: Stats) -> str:
    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"

    lines = [
        f"pages read                           {stats.pages} ({len(stats.errors)} read errors)",
        f"authors extracted exactly            {pct(stats.authors_matched, stats.authors_labelled)}",
        f"timestamps as shown, exactly         {pct(stats.stamps_matched, stats.stamps_labelled)}",
        f"  (timestamp taken from visible text {pct(stats.stamps_from_text, stats.stamps_labelled)})",
        f"author where label has none          text {stats.invented_author_text}, metadata "
        f"{stats.invented_author_meta} (of {stats.no_author_labelled} pages)",
        f"timestamp where label has none       text {stats.invented_stamp_text}, metadata "
        f"{stats.invented_stamp_meta} (of {stats.no_stamp_labelled} pages)",
        f"pages with a notice segment          {len(stats.notice_pages)}",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else default_corpus()
    if not (corpus / "labels.csv").is_file():
        print(f"no corpus at {corpus} (labels.csv missing)", file=sys.stderr)
        return 2
    stats = evaluate(corpus)
    print(table(stats))
    if "--misses" in argv:
        for line in stats.misses + stats.errors + stats.notice_pages:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
