"""disclosure check (the FTC, Anzeige, Реклама, AI-text and opinion labels): labels in chrome, labels
turned into chrome, long first paragraphs, hidden characters, where a finding points, unverifiable
documents and bad term regexes."""

from __future__ import annotations

from pathlib import Path

from packs_docs import AS_OF, outcomes, write_pack

from auditor.packs import load_ruleset
from auditor.readers import read_bytes


def ftc(text: str, fmt: str = "markdown") -> list[tuple[str, str]]:
    return outcomes(["us-ftc-native-ads"], text, fmt=fmt)


SPONSORED = "---\nsponsored: true\n---\n\n"


def test_a_label_in_page_chrome_after_the_article_is_no_label() -> None:
    text = SPONSORED + "# Lakes in autumn\n\nThe lakes are quiet in autumn.\n\nAll news\n\nAdvertisement\n"
    assert ftc(text) == [("us-ftc-native-ads/label", "missing")]


def test_a_label_that_turned_the_article_into_chrome_still_counts() -> None:
    # "Advertisement" is also a chrome heading for the layout rules: everything after it is chrome
    text = SPONSORED + "# Lakes in autumn\n\nAdvertisement\n\nThe lakes are quiet in autumn.\n"
    assert ftc(text) == []


def test_a_long_first_paragraph_is_body_not_a_label_line() -> None:
    long_para = "Sponsored content is everywhere now, " + "and readers find it hard to tell apart " * 4
    text = SPONSORED + f"# Lakes in autumn\n\n{long_para}\n\nMore text.\n"
    assert ftc(text) == [("us-ftc-native-ads/label", "misplaced")]


def test_nbsp_soft_hyphen_and_look_alikes_do_not_hide_a_label() -> None:
    text = SPONSORED + "Sponsored\u00a0con\u00adtent\n\n# Lakes in autumn\n\nThe lakes are quiet in autumn.\n"
    assert ftc(text) == []
    ru = "---\npaid_content: true\nlanguage: ru\n---\n\n# Велосипеды\n\nРеклaма. ООО «Ромашка». erid: 2VtzqvWgxEU\n"
    assert outcomes(["ru-advertising"], ru) == []  # Latin "a" inside «Реклама» is folded


def test_findings_point_at_the_label_and_carry_the_expected_term() -> None:
    rs = load_ruleset(["de-anzeige"])
    text = "---\npaid_content: true\nlanguage: de\n---\n\n# Radwege im Allgäu\n\nSponsored by Scharr\n\nZwischen Seen und Bergen.\n"
    (doc,) = read_bytes(text.encode("utf-8"), "a.md", rs.reader_options)
    (f,) = rs.evaluate(doc, AS_OF)[0]
    assert (f.rule_id, f.outcome, f.evidence, f.expected) == ("de-anzeige/anzeige", "weak", "Sponsored", "Anzeige")
    assert (f.span.line, f.span.column) == (8, 1)
    assert f.severity == "error" and f.references and f.fix


def test_a_document_without_segments_is_unverified() -> None:
    from auditor.model import Document

    rs = load_ruleset(["opinion-label"])
    doc = Document("a.json", "records", "Opinion\n\nText", [], {"opinion": True})
    findings_, unverified = rs.evaluate(doc, AS_OF)
    assert findings_ == [] and unverified == ["opinion-label/label", "opinion-label/label-position"]


def test_a_bad_term_regex_is_a_pack_error(tmp_path: Path) -> None:
    bad = write_pack(tmp_path, "  - id: x\n    title: X\n    check: {kind: disclosure, label: Ad, terms: ['(unclosed']}\n")
    errors = load_ruleset(bad).errors
    assert len(errors) == 1 and "invalid regular expression" in str(errors[0]) and ":7:" in str(errors[0])
