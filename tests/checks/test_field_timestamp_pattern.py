"""field, timestamp and pattern checks through small packs written for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import make_doc

from auditor.model import Document, Published
from auditor.packs import load_ruleset

AS_OF = date(2026, 11, 28)
ARTICLE = "01 April 2016, 19:37\n\nA headline\n\nBody paragraph lorem.\n\nAuthor: {author} Source: {source}\n"


def pack(tmp_path: Path, rules: str, settings: str = "") -> list[str]:
    p = tmp_path / "p.yaml"
    p.write_text(f'id: p\ntitle: P\nversion: "1"\n{settings}rules:\n{rules}', encoding="utf-8")
    return [str(p)]


def outcomes(specs: list[str], doc: Document, as_of: date = AS_OF, only: str = "") -> list[tuple[str, str]]:
    rs = load_ruleset(specs)
    assert rs.errors == [], [str(e) for e in rs.errors]
    return [(f.rule_id, f.outcome) for f in rs.evaluate(doc, as_of)[0] if f.rule_id.startswith(only)]


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
    doc = make_doc(ARTICLE.format(author=author, source="CK correspondent"))
    assert outcomes(["attribution"], doc) == expected


def test_missing_source_points_at_the_attribution_line() -> None:
    doc = make_doc("01 April 2016, 19:37\n\nA headline\n\nBody.\n\nAuthor: Faik Medzhid\n")
    rs = load_ruleset(["caucasian-knot"])
    fs = [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id == "attribution/source"]
    assert len(fs) == 1 and fs[0].severity == "error" and fs[0].outcome == "missing"
    assert fs[0].span is not None and fs[0].span.line == 7


def test_missing_metadata_field_points_at_the_field(tmp_path: Path) -> None:
    specs = pack(tmp_path, "  - id: editor\n    title: E\n    check: {kind: field, field: metadata.editor}\n")
    doc = Document("a.md", "markdown", "Text.", metadata={"editor": "-"})
    rs = load_ruleset(specs)
    (f,) = rs.evaluate(doc, AS_OF)[0]
    assert f.outcome == "placeholder" and f.span is not None and f.span.field == "editor"
    doc.metadata["editor"] = "Jane Roe"
    assert rs.evaluate(doc, AS_OF)[0] == []


def _stamp(raw: str | None, source: str = "text") -> Document:
    doc = make_doc("A headline\n\nBody.\n")
    doc.fields.published = Published(raw=raw, source=source)
    return doc


@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [
        ("01 April 2016, 19:37", "text", []),
        (None, "text", [("timestamps/published-present", "missing")]),
        ("1 April 2016, 19:37", "text", [("timestamps/published-format", "format")]),
        ("01 Apr 2016, 19:37", "text", [("timestamps/published-format", "format")]),
        ("01 April 2016, 7:37 PM", "text", [("timestamps/published-format", "format")]),
        ("31 February 2016, 19:37", "text", [("timestamps/published-format", "invalid")]),
        ("01 April 2027, 19:37", "text", [("timestamps/published-future", "future")]),
        ("2016-04-01T19:37:00+03:00", "jsonld", []),
    ],
)
def test_house_timestamp_format(raw: str | None, source: str, expected: list[tuple[str, str]]) -> None:
    assert outcomes(["caucasian-knot"], _stamp(raw, source), only="timestamps/") == expected


def test_any_unambiguous_format_in_the_default_profile() -> None:
    assert outcomes(["default"], _stamp("Dec. 29, 2014, 5:04 PM"), only="timestamps/") == []
    bad = outcomes(["default"], _stamp("sometime last week"), only="timestamps/")
    assert bad == [("timestamps/published-format", "format")]


def test_future_uses_the_house_zone(tmp_path: Path) -> None:
    # 21:30 UTC on 28 Nov is already 29 Nov in Moscow
    specs = pack(
        tmp_path,
        "  - id: ts\n    title: T\n    check: {kind: timestamp, formats: [rfc3339], timezone: Europe/Moscow}\n",
    )
    assert outcomes(specs, _stamp("2026-11-28T21:30:00Z")) == [("p/ts", "future")]
    assert outcomes(specs, _stamp("2026-11-28T20:30:00Z")) == []


def test_pattern_forbid_and_require_with_spans(tmp_path: Path) -> None:
    rules = (
        "  - id: no-lorem\n    title: L\n    scope: [body]\n    check: {kind: pattern, forbid: '(?i)lorem'}\n"
        "  - id: needs-dateline\n    title: D\n    scope: [dateline]\n"
        "    check: {kind: pattern, require: '\\d{4}', max: 1}\n"
    )
    specs = pack(tmp_path, rules)
    doc = make_doc(ARTICLE.format(author="A", source="B"))
    rs = load_ruleset(specs)
    fs = rs.evaluate(doc, AS_OF)[0]
    assert [(f.rule_id, f.outcome, f.evidence) for f in fs] == [("p/no-lorem", "forbidden", "lorem")]
    assert fs[0].span is not None and (fs[0].span.line, fs[0].span.column) == (5, 16)


def test_pattern_on_normalised_text_maps_back_to_raw(tmp_path: Path) -> None:
    specs = pack(
        tmp_path,
        "  - id: q\n    title: Q\n    check: {kind: pattern, forbid: '\"МЕМО\"', normalize: true}\n",
    )
    doc = Document("a.txt", "text", "Тут ООО «MEMО» и всё.")
    (f,) = load_ruleset(specs).evaluate(doc, AS_OF)[0]
    assert f.evidence == "«MEMО»"  # guillemets unified, Latin M/E folded, evidence is the raw text


def test_catastrophic_regex_times_out_into_a_finding(tmp_path: Path) -> None:
    specs = pack(tmp_path, "  - id: slow\n    title: S\n    check: {kind: pattern, forbid: '(a|aa)+$'}\n")
    doc = Document("a.txt", "text", "a" * 200 + "b")
    (f,) = load_ruleset(specs).evaluate(doc, AS_OF)[0]
    assert f.outcome == "timeout" and "timed out" in f.message


def test_when_conditions(tmp_path: Path) -> None:
    rules = (
        "  - id: ru-only\n    title: R\n    when: {language: ru, effective_from: 2025-01-01}\n"
        "    check: {kind: pattern, forbid: 'x'}\n"
        "  - id: opinion\n    title: O\n    when: {metadata: {section: [opinion, column]}}\n"
        "    check: {kind: pattern, forbid: 'x'}\n"
    )
    specs = pack(tmp_path, rules)
    doc = Document("a.txt", "text", "x", metadata={"section": "Opinion", "language": "ru"})
    assert outcomes(specs, doc) == [("p/opinion", "forbidden"), ("p/ru-only", "forbidden")]
    assert outcomes(specs, doc, as_of=date(2024, 12, 31)) == [("p/opinion", "forbidden")]
    doc.metadata = {"section": "news", "language": "en"}
    assert outcomes(specs, doc) == []


def test_message_template_and_disabled_rule(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        'id: base\ntitle: B\nversion: "1"\nrules:\n  - id: a\n    title: A\n'
        "    message: 'House style: {message} (found {evidence})'\n    check: {kind: pattern, forbid: 'x+'}\n"
        "  - id: b\n    title: B\n    check: {kind: pattern, forbid: 'y'}\n",
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(
        'id: child\ntitle: C\nversion: "1"\nextends: [./base.yaml]\noverrides:\n  base/b: {enabled: false}\n',
        encoding="utf-8",
    )
    rs = load_ruleset([str(child)])
    fs = rs.evaluate(Document("a.txt", "text", "xx y"), AS_OF)[0]
    assert [f.message for f in fs] == ["House style: forbidden text 'xx' in text (found xx)"]
    assert [r["id"] for r in rs.rules_info()] == ["base/a"]
