"""The runtime rule set (auditor/packs/runtime.py): `when` conditions (language, dates, metadata, any,
unless), message templates and rules disabled by a child pack's overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import AS_OF, outcomes, write_pack

from auditor.model import Document
from auditor.packs import load_ruleset


def test_when_conditions(tmp_path: Path) -> None:
    rules = (
        "  - id: ru-only\n    title: R\n    when: {language: ru, effective_from: 2025-01-01}\n"
        "    check: {kind: pattern, forbid: 'x'}\n"
        "  - id: opinion\n    title: O\n    when: {metadata: {section: [opinion, column]}}\n"
        "    check: {kind: pattern, forbid: 'x'}\n"
    )
    specs = write_pack(tmp_path, rules)
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


# -- the extended `when` on the shipped legal packs ---------------------------------------------------
EU_BODY = "# Storm warning for the coast\n\nForecasters expect strong winds along the coast from Saturday evening.\n"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("ai_generated: true", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\neditorial_review: true", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\nresponsible_editor: Jane Doe", [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\neditorial_review: true\nresponsible_editor: Jane Doe", []),
        ('ai_generated: true\neditorial_review: true\nresponsible_editor: ""', [("eu-ai-act-art50/ai-text-disclosure", "missing")]),
        ("ai_generated: true\npublic_interest: false", []),
        ("ai_generated: false", []),
        ("title: no AI flag at all", []),
    ],
)
def test_when_unless_any_and_metadata_present(front: str, expected: list[tuple[str, str]]) -> None:
    assert outcomes(["eu-ai-act-art50"], f"---\n{front}\n---\n\n{EU_BODY}") == expected


def test_when_any_of_two_metadata_keys() -> None:
    body = "# Lakes in autumn\n\nThe lakes are quiet in autumn and the hotels are cheaper.\n"
    for key in ("sponsored", "paid_content"):
        assert outcomes(["us-ftc-native-ads"], f"---\n{key}: true\n---\n\n{body}") == [
            ("us-ftc-native-ads/label", "missing")
        ]
    assert outcomes(["us-ftc-native-ads"], f"---\nsponsored: false\npaid_content: false\n---\n\n{body}") == []
