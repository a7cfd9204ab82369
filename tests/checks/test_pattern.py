"""pattern check: forbid and require with spans, normalised matching mapped back to the raw text, and a
catastrophic regex timing out into a finding, through small packs written for the test."""

from __future__ import annotations

from pathlib import Path

from packs_docs import AS_OF, make_doc, write_pack

from auditor.model import Document
from auditor.packs import load_ruleset

ARTICLE = "01 April 2016, 19:37\n\nA headline\n\nBody paragraph lorem.\n\nAuthor: {author} Source: {source}\n"


def test_pattern_forbid_and_require_with_spans(tmp_path: Path) -> None:
    rules = (
        "  - id: no-lorem\n    title: L\n    scope: [body]\n    check: {kind: pattern, forbid: '(?i)lorem'}\n"
        "  - id: needs-dateline\n    title: D\n    scope: [dateline]\n"
        "    check: {kind: pattern, require: '\\d{4}', max: 1}\n"
    )
    specs = write_pack(tmp_path, rules)
    doc = make_doc(ARTICLE.format(author="A", source="B"))
    rs = load_ruleset(specs)
    fs = rs.evaluate(doc, AS_OF)[0]
    assert [(f.rule_id, f.outcome, f.evidence) for f in fs] == [("p/no-lorem", "forbidden", "lorem")]
    assert fs[0].span is not None and (fs[0].span.line, fs[0].span.column) == (5, 16)


def test_pattern_on_normalised_text_maps_back_to_raw(tmp_path: Path) -> None:
    specs = write_pack(
        tmp_path,
        "  - id: q\n    title: Q\n    check: {kind: pattern, forbid: '\"МЕМО\"', normalize: true}\n",
    )
    doc = Document("a.txt", "text", "Тут ООО «MEMО» и всё.")
    (f,) = load_ruleset(specs).evaluate(doc, AS_OF)[0]
    assert f.evidence == "«MEMО»"  # guillemets unified, Latin M/E folded, evidence is the raw text


def test_catastrophic_regex_times_out_into_a_finding(tmp_path: Path) -> None:
    specs = write_pack(tmp_path, "  - id: slow\n    title: S\n    check: {kind: pattern, forbid: '(a|aa)+$'}\n")
    doc = Document("a.txt", "text", "a" * 200 + "b")
    (f,) = load_ruleset(specs).evaluate(doc, AS_OF)[0]
    assert f.outcome == "timeout" and "timed out" in f.message
