"""`auditor rules explain` / `auditor explain RULE` (auditor/packs/explain.py): the law with its
confidence and the rule's pass and fail examples from rules/cases/."""

from __future__ import annotations

from auditor.packs import load_ruleset, show_rule


def test_explain_shows_the_law_with_confidence_and_both_kinds_of_example() -> None:
    text = show_rule(load_ruleset([]), "us-ftc-native-ads/weak-term", explain=True)  # not in default
    assert text is not None
    assert "[UNCONFIRMED]" in text and "[CONFIRMED]" in text and "ftc.gov" in text
    assert "pass (no finding): " in text
    assert 'fail -> weak: §2.2 ❌ "Promoted" as the only label' in text
    assert "        | Promoted" in text  # the example's text is shown


def test_show_without_explain_has_no_examples() -> None:
    text = show_rule(load_ruleset(["opinion-label"]), "opinion-label/label")
    assert text is not None and "examples" not in text and "SPJ Code of Ethics" in text
