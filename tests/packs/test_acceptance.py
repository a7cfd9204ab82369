"""The shipped packs on the founding article (examples/01 is the seed, byte for byte)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import SEED, make_doc

from auditor.packs import load_ruleset

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
AS_OF = date(2026, 11, 28)
NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО “МЕМО”, "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО “МЕМО”."
)


def seed_text() -> str:
    return (EXAMPLES / "01-seed-notice-after-article.txt").read_text(encoding="utf-8")


def moved_under_headline(text: str) -> str:
    lines = text.split("\n")
    lines.remove(NOTICE)
    lines.insert(3, NOTICE)  # line 4, directly under the headline at line 3
    return "\n".join(lines)


def test_examples_copy_is_the_seed() -> None:
    if not SEED.is_file():
        pytest.skip("shared seed folder absent")
    assert SEED.read_text(encoding="utf-8") == seed_text()


def test_seed_with_caucasian_knot_has_exactly_one_error_misplaced_notice() -> None:
    rs = load_ruleset(["caucasian-knot"])
    assert rs.errors == []
    doc = make_doc(seed_text())
    findings, unverified = rs.evaluate(doc, AS_OF)
    errors = [f for f in findings if f.severity == "error"]
    assert len(errors) == 1, [(f.rule_id, f.message) for f in findings]
    f = errors[0]
    assert f.rule_id == "ru-foreign-agent/notice-placement"
    assert f.outcome == "misplaced"
    assert f.span is not None and f.span.line == 22 and f.span.column == 1
    assert "line 22" in f.message and "headline (line 3)" in f.message
    assert f.evidence == NOTICE
    # issue 17: expected says where the notice must go, not the notice text again
    assert f.expected is not None and f.expected.startswith("directly under the headline “Ismayilova") and "(line 3)" in f.expected
    assert f.references and f.fix
    # the notice itself is a valid 2022 notice naming MEMO; author, source, timestamp pass
    assert [(n.form, n.span.line) for n in doc.notices] == [("2022", 22)]
    assert not [f for f in findings if f.rule_id.startswith(("attribution/", "timestamps/"))]
    assert findings == errors  # no warnings either


def test_seed_with_notice_under_headline_has_no_error() -> None:
    rs = load_ruleset(["caucasian-knot"])
    doc = make_doc(moved_under_headline(seed_text()))
    findings, _ = rs.evaluate(doc, AS_OF)
    assert findings == []
    assert [(n.form, n.span.line) for n in doc.notices] == [("2022", 4)]


def test_dateline_between_headline_and_notice_is_allowed_but_body_is_not() -> None:
    rs = load_ruleset(["caucasian-knot"])
    text = f"Headline of the story\n\n18 June 2025, 14:05\n\n{NOTICE}\n\nBody text."
    doc = make_doc(text)
    doc.segments[0].kind, doc.segments[1].kind = "headline", "dateline"
    assert not [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.endswith("notice-placement")]
    text = f"Headline of the story\n\nFirst paragraph of the body.\n\n{NOTICE}\n\nMore body."
    findings, _ = rs.evaluate(make_doc("01 April 2016, 19:37\n\n" + text), AS_OF)
    notice = [f.rule_id for f in findings if f.rule_id.startswith("ru-foreign-agent/")]
    assert notice == ["ru-foreign-agent/notice-placement"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("02-compliant.txt", []),
        ("03-notice-removed.txt", [("ru-foreign-agent/notice-required", "missing", "error")]),
        ("04-notice-dropped-word.txt", [("ru-foreign-agent/notice-form", "altered", "error")]),
        ("05-notice-latin-lookalikes.txt", [("ru-foreign-agent/notice-form", "altered", "error")]),
        ("06-notice-2020-form.txt", [("ru-foreign-agent/notice-outdated", "outdated", "error")]),
        ("07-author-missing.txt", [("attribution/author", "missing", "warning")]),
        ("08-timestamp-wrong-format.txt", [("timestamps/published-format", "format", "error")]),
    ],
)
def test_examples_with_caucasian_knot(name: str, expected: list[tuple[str, str, str]]) -> None:
    rs = load_ruleset(["caucasian-knot"])
    findings, _ = rs.evaluate(make_doc((EXAMPLES / name).read_text(encoding="utf-8")), AS_OF)
    assert [(f.rule_id, f.outcome, f.severity) for f in findings] == expected


def test_default_pack_requires_no_notice_and_warns_on_attribution() -> None:
    rs = load_ruleset([])
    removed = make_doc((EXAMPLES / "03-notice-removed.txt").read_text(encoding="utf-8"))
    assert rs.evaluate(removed, AS_OF)[0] == []
    # the 12-hour US timestamp is an unambiguous date: accepted by the default profile
    wrong_fmt = make_doc((EXAMPLES / "08-timestamp-wrong-format.txt").read_text(encoding="utf-8"))
    assert rs.evaluate(wrong_fmt, AS_OF)[0] == []
    no_author = make_doc((EXAMPLES / "07-author-missing.txt").read_text(encoding="utf-8"))
    assert [(f.rule_id, f.severity) for f in rs.evaluate(no_author, AS_OF)[0]] == [
        ("attribution/author", "warning")
    ]


def test_notice_required_only_while_the_agent_is_listed() -> None:
    rs = load_ruleset(["caucasian-knot"])
    removed = (EXAMPLES / "03-notice-removed.txt").read_text(encoding="utf-8")
    before_listing = rs.evaluate(make_doc(removed), date(2021, 10, 7))[0]
    assert not [f for f in before_listing if f.outcome == "missing"]
    assert [f.outcome for f in rs.evaluate(make_doc(removed), date(2021, 10, 8))[0]] == ["missing"]


def test_findings_are_deterministic_and_ordered() -> None:
    rs = load_ruleset(["caucasian-knot"])
    text = (
        (EXAMPLES / "07-author-missing.txt")
        .read_text(encoding="utf-8")
        .replace("01 April 2016", "31 April 2016")
    )
    runs = [[f.to_dict() for f in rs.evaluate(make_doc(text), AS_OF)[0]] for _ in range(2)]
    assert runs[0] == runs[1]
    starts = [f["span"]["start"] for f in runs[0]]
    assert starts == sorted(starts)
    assert [f["rule_id"] for f in runs[0]] == ["timestamps/published-format", "attribution/author"]
    assert runs[0][0]["outcome"] == "invalid"  # 31 April has the house shape but is not a real date
