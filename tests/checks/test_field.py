"""field check: placeholders, missing fields pointed at, and values the Markdown reader took from code
(inline spans, fenced blocks) are not credits; real attribution lines with placeholders are still
rejected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packs_docs import AS_OF, make_doc, outcomes, write_pack

from auditor.checks.field import in_markdown_code
from auditor.cli import main
from auditor.model import Document
from auditor.packs import load_ruleset
from auditor.readers import read_bytes

ROOT = Path(__file__).resolve().parents[2]

HOWTO = """# How to credit an article

Every article ends with an `Author:` line and a `Source:` line.

| field | example |
|---|---|
| author | `Author:` |

```text
Author: TBD
Source: -
```

~~~
Author:
~~~

Write the real names there.
"""


def findings(text: str, name: str = "a.md") -> list[tuple[str, str, int | None, str | None]]:
    rs = load_ruleset(["attribution"])
    (doc,) = read_bytes(text.encode("utf-8"), name, rs.reader_options)
    out = []
    for f in rs.evaluate(doc, AS_OF)[0]:
        if f.rule_id in ("attribution/author", "attribution/source"):
            out.append((f.rule_id, f.outcome, f.span.line if f.span else None, f.evidence))
    return out


def test_code_spans_and_fenced_blocks_are_not_attribution_lines() -> None:
    got = findings(HOWTO)
    assert [(r, o) for r, o, _, _ in got] == [("attribution/author", "missing"), ("attribution/source", "missing")]


def test_real_placeholder_lines_are_still_rejected() -> None:
    text = "# Headline\n\nBody of the article, long enough to be a paragraph.\n\nAuthor: TBD\n\nSource: -\n"
    assert findings(text) == [
        ("attribution/author", "placeholder", 5, "TBD"),
        ("attribution/source", "placeholder", 7, "-"),
    ]


def test_empty_author_line_is_rejected_at_its_line() -> None:
    text = "# Headline\n\nBody of the article.\n\nAuthor:\n\nSource: Caucasian Knot\n"
    assert findings(text) == [("attribution/author", "missing", 5, None)]


def test_real_line_after_a_code_block_counts() -> None:
    text = HOWTO + "\nAuthor: Jane Roe\n\nSource: Caucasian Knot\n"
    assert findings(text) == []


def test_same_text_as_plain_text_is_not_filtered() -> None:
    # outside Markdown a backtick is just a character: the reader's value stands
    text = "Headline of the piece\n\nBody of the article, long enough.\n\nAuthor: TBD\n\nSource: CK\n"
    assert findings(text, "a.txt") == [("attribution/author", "placeholder", 5, "TBD")]


@pytest.mark.parametrize(
    ("text", "needle", "inside"),
    [
        ("the `Author:` line", "Author", True),
        ("the `Author:` line", "line", False),
        ("``a ` b`` Author", "Author", False),  # a double-backtick span holding a single backtick
        ("``a ` b`` Author", " b", True),
        ("escaped \\`Author:\\` stays text", "Author", False),
        ("```\nAuthor: X\n```\nAuthor: Y", "Author: X", True),
        ("```\nAuthor: X\n```\nAuthor: Y", "Author: Y", False),
        ("````md\n```\nAuthor: X\n````\nAfter", "Author: X", True),  # a shorter run does not close
        ("````md\n```\nAuthor: X\n````\nAfter", "After", False),
        ("~~~\nAuthor: X\n```\nstill code", "still", True),  # ``` does not close ~~~
        ("```\nnever closed\nAuthor: X", "Author", True),
    ],
)
def test_in_markdown_code(text: str, needle: str, inside: bool) -> None:
    assert in_markdown_code(text, text.index(needle)) is inside


def test_examples_readme_named_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(ROOT / "examples" / "README.md"), "--format", "json", "--no-history", "--no-cache",
                 "--as-of", AS_OF.isoformat(), "--jobs", "1"])  # fmt: skip
    out = capsys.readouterr().out
    (doc,) = json.loads(out)["documents"]
    assert code == 0
    author = [f for f in doc["findings"] if f["rule_id"] == "attribution/author"]
    assert [f["outcome"] for f in author] == ["missing"]
    assert doc["fields"]["author"] == []


def test_check_drops_a_value_a_reader_took_from_code() -> None:
    # a Markdown document whose reader (an older one, a cached result) credited the code span
    from auditor.model import Document

    text = "# Examples\n\nEvery article ends with an `Author:` line.\n"
    doc = Document("README.md", "markdown", text)
    pos = text.index("` line")
    doc.fields.author = ["`"]
    doc.fields.author_spans = [doc.span(pos, pos + 1, field="author")]
    rs = load_ruleset(["attribution"])
    got = [(f.rule_id, f.outcome) for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id == "attribution/author"]
    assert got == [("attribution/author", "missing")]
    doc.format = "text"  # outside Markdown the same value is the reader's word: a placeholder
    got = [(f.rule_id, f.outcome) for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id == "attribution/author"]
    assert got == [("attribution/author", "placeholder")]


# -- through small packs and hand-built documents ------------------------------------------------------
FIELD_ARTICLE = "01 April 2016, 19:37\n\nA headline\n\nBody paragraph lorem.\n\nAuthor: {author} Source: {source}\n"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Faik Medzhid", []),
        ("TBD", [("attribution/author", "placeholder")]),
        ("N/A", [("attribution/author", "placeholder")]),
        ("Автор", [("attribution/author", "placeholder")]),
        ("<author>", [("attribution/author", "placeholder")]),
    ],
)
def test_author_placeholders(author: str, expected: list[tuple[str, str]]) -> None:
    doc = make_doc(FIELD_ARTICLE.format(author=author, source="CK correspondent"))
    assert outcomes(["attribution"], doc) == expected


def test_missing_source_points_at_the_attribution_line() -> None:
    doc = make_doc("01 April 2016, 19:37\n\nA headline\n\nBody.\n\nAuthor: Faik Medzhid\n")
    rs = load_ruleset(["caucasian-knot"])
    fs = [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id == "attribution/source"]
    assert len(fs) == 1 and fs[0].severity == "error" and fs[0].outcome == "missing"
    assert fs[0].span is not None and fs[0].span.line == 7


def test_missing_metadata_field_points_at_the_field(tmp_path: Path) -> None:
    specs = write_pack(tmp_path, "  - id: editor\n    title: E\n    check: {kind: field, field: metadata.editor}\n")
    doc = Document("a.md", "markdown", "Text.", metadata={"editor": "-"})
    rs = load_ruleset(specs)
    (f,) = rs.evaluate(doc, AS_OF)[0]
    assert f.outcome == "placeholder" and f.span is not None and f.span.field == "editor"
    doc.metadata["editor"] = "Jane Roe"
    assert rs.evaluate(doc, AS_OF)[0] == []
