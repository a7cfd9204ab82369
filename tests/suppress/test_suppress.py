"""Inline directives, waivers, fingerprints and the baseline (auditor/suppress/)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from ci_support import NOTICE, FakeRuleSet, article

from auditor.config import Policy
from auditor.model import Document, DocumentResult, Finding, Segment
from auditor.readers import ReaderOptions, read_bytes
from auditor.suppress import (
    SUPPRESSION_EXPIRED,
    SUPPRESSION_INVALID,
    SUPPRESSION_UNUSED,
    BaselineError,
    Suppressor,
    apply_directives,
    assign_fingerprints,
    find_directives,
    load_baseline,
    normalise_evidence,
    render_baseline,
)

KNOWN = {"fake/notice", "fake/banned", "fake/old-notice", "banned"}
ALIASES = {"fake/old-notice": "fake/notice", "banned": "fake/banned"}
POLICY = Policy(rule_aliases=ALIASES, known_rules=sorted(KNOWN))


def _checked(text: str, path: str = "a.md") -> tuple[DocumentResult, Document]:
    doc = read_bytes(text.encode("utf-8"), path, ReaderOptions())[0]
    findings, _ = FakeRuleSet().evaluate(doc, date(2025, 1, 1))
    return DocumentResult(path=path, format=doc.format, status="fail", findings=findings), doc


def _rules(res: DocumentResult) -> list[tuple[str, bool]]:
    return [(f.rule_id, f.suppressed) for f in res.findings]


def test_ignore_directive_covers_only_the_next_block() -> None:
    text = article(
        "Заголовок",
        '<!-- auditor: ignore fake/banned reason="цитата из источника" -->\n'
        "Цитата: «кликбейт».\n\nА здесь кликбейт без оправдания.",
    )
    res, doc = _checked(text)
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    banned = [f for f in res.findings if f.rule_id == "fake/banned"]
    assert [f.suppressed for f in banned] == [True, False]
    assert banned[0].suppression == {"reason": "цитата из источника", "by": "directive", "directive": "ignore", "line": 3}
    assert not any(f.rule_id.startswith("auditor.") for f in res.findings)


def test_plain_text_directive_line_and_ignore_file_with_alias() -> None:
    text = "Заголовок\n\nauditor: ignore-file fake/old-notice reason=\"архивная статья\"\n\nТекст без пометки.\n"
    res, doc = _checked(text, "a.txt")
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    assert _rules(res) == [("fake/notice", True)]
    assert res.findings[0].suppression["directive"] == "ignore-file"


def test_directive_without_reason_is_an_error_and_does_not_suppress() -> None:
    res, doc = _checked(article("Заголовок", "<!-- auditor: ignore fake/banned -->\nкликбейт"))
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    assert ("fake/banned", False) in _rules(res)
    bad = [f for f in res.findings if f.rule_id == SUPPRESSION_INVALID]
    assert len(bad) == 1 and bad[0].severity == "error" and "no reason" in bad[0].message
    assert bad[0].span is not None and bad[0].span.line == 3


def test_unknown_rule_and_unused_directives_are_reported() -> None:
    body = (
        '<!-- auditor: ignore fake/nonexistent reason="x" -->\nабзац\n\n'
        '<!-- auditor: ignore fake/banned reason="нет такого слова" -->\nчистый абзац'
    )
    res, doc = _checked(article("Заголовок", body))
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    ids = sorted(f.rule_id for f in res.findings)
    assert ids == [SUPPRESSION_INVALID, SUPPRESSION_UNUSED]
    invalid = next(f for f in res.findings if f.rule_id == SUPPRESSION_INVALID)
    assert "unknown rule fake/nonexistent" in invalid.message
    unused = next(f for f in res.findings if f.rule_id == SUPPRESSION_UNUSED)
    assert unused.severity == "warning" and unused.span.line == 6


def test_html_comments_recorded_by_the_reader_are_directives() -> None:
    doc = Document("p.html", "html", "Заголовок\n\nкликбейт тут\n\nещё кликбейт",
                   segments=[Segment("headline", 0, 9), Segment("body", 11, 23), Segment("body", 25, 37)],
                   metadata={"comments": [[11, ' auditor: ignore fake/banned reason="цитата" ']]})
    findings, _ = FakeRuleSet().evaluate(doc, date(2025, 1, 1))
    res = DocumentResult("p.html", "html", "fail", findings=[f for f in findings if f.rule_id == "fake/banned"])
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    assert [f.suppressed for f in res.findings] == [True, False]


def test_directive_that_shares_its_block_covers_the_rest_of_it() -> None:
    doc = Document("a.txt", "text", "auditor: ignore fake/banned reason=\"ok\"\nкликбейт\n\nкликбейт",
                   segments=[Segment("body", 0, 49), Segment("body", 51, 59)])
    findings, _ = FakeRuleSet().evaluate(doc, date(2025, 1, 1))
    res = DocumentResult("a.txt", "text", "fail", findings=[f for f in findings if f.rule_id == "fake/banned"])
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    assert [f.suppressed for f in res.findings] == [True, False]


def test_malformed_directive_is_reported() -> None:
    doc = Document("a.txt", "text", 'auditor: ignore fake/banned reason="unterminated\n')
    (d,) = find_directives(doc)
    assert d.problem is not None and "malformed" in d.problem


def test_fingerprints_survive_edits_elsewhere_and_typography() -> None:
    a, _ = _checked(article("Заголовок", "Первый абзац.\n\nТут «кликбейт»."))
    b, _ = _checked(article("Другой заголовок", "Новый вводный абзац.\n\nЕщё абзац.\n\nТут «КЛИКБЕЙТ»."))
    for r in (a, b):
        assign_fingerprints(r, ALIASES, None)
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings]
    c, _ = _checked(article("Заголовок", "Тут «кликбейт».", notice=True), path="other.md")
    assign_fingerprints(c, ALIASES, None)
    assert c.findings[0].fingerprint != a.findings[0].fingerprint  # another document
    assert normalise_evidence("«Кли\u00adк\u200bбейт»\u00a0 — x") == '"кликбейт" - x'


def test_repeated_evidence_gets_distinct_fingerprints() -> None:
    res, _ = _checked(article("Заголовок", "кликбейт и кликбейт"))
    assign_fingerprints(res, {}, None)
    fps = [f.fingerprint for f in res.findings]
    assert len(set(fps)) == len(fps) == 2


def _waivers(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "waivers.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_waiver_suppresses_until_it_expires(tmp_path: Path) -> None:
    today = date(2026, 3, 1)
    wpath = _waivers(
        tmp_path,
        "waivers:\n"
        "  - rule: fake/old-notice\n    path: 'archive/**'\n    reason: архив до 2022 года\n"
        "    approved_by: legal@example.org\n    expires: 2026-03-01\n"
        "  - rule: fake/notice\n    path: 'old/**'\n    reason: старое\n"
        "    approved_by: legal@example.org\n    expires: 2026-02-28\n",
    )
    sup = Suppressor(POLICY, fail_rank=3, waivers=wpath, today=today)
    res, _ = _checked(article("З", "текст", notice=False), "archive/2019/a.md")
    sup.apply(res)
    assert res.findings[0].suppressed and res.status == "pass"
    assert res.findings[0].suppression["by"] == "waiver"
    assert res.findings[0].suppression["source"].endswith("waivers.yaml:2")
    old, _ = _checked(article("З", "текст", notice=False), "old/a.md")
    sup.apply(old)
    assert not old.findings[0].suppressed and old.status == "fail"
    (report,) = sup.finish()
    assert [(f.rule_id, f.span.line) for f in report.findings] == [(SUPPRESSION_EXPIRED, 7)]
    assert report.status == "fail" and "2026-02-28" in report.findings[0].message


def test_invalid_and_unused_waivers_are_findings(tmp_path: Path) -> None:
    wpath = _waivers(
        tmp_path,
        "waivers:\n"
        "  - {rule: fake/notice, path: 'x/**', approved_by: a, expires: 2099-01-01}\n"
        "  - {rule: fake/nope, path: 'x/**', reason: r, approved_by: a, expires: 2099-01-01}\n"
        "  - {rule: fake/banned, document: 'story-42', reason: r, approved_by: a, expires: 2099-01-01}\n"
        "  - {rule: fake/banned, path: 'x/**', reason: r, approved_by: a, expires: 2099-01-01, colour: red}\n",
    )
    sup = Suppressor(POLICY, fail_rank=3, waivers=wpath, today=date(2026, 1, 1))
    (report,) = sup.finish()
    got = [(f.rule_id, f.span.line, f.message.split(" ", 4)[-1]) for f in report.findings]
    assert got == [
        (SUPPRESSION_INVALID, 2, "has no reason"),
        (SUPPRESSION_INVALID, 3, "names unknown rule fake/nope"),
        (SUPPRESSION_UNUSED, 4, "suppresses nothing"),
        (SUPPRESSION_INVALID, 5, "has unknown key 'colour' (known: rule, path, document, reason, approved_by, expires)"),
    ]


def test_waiver_by_document_id(tmp_path: Path) -> None:
    wpath = _waivers(tmp_path, "waivers:\n  - {rule: banned, document: 'story-42', reason: r, approved_by: a, expires: 2099-01-01}\n")
    sup = Suppressor(POLICY, fail_rank=2, waivers=wpath, today=date(2026, 1, 1))
    res, _ = _checked(article("З", "кликбейт"), "cms/story.md")
    res.metadata = {"id": "story-42"}
    sup.apply(res)
    assert res.findings[0].suppressed and sup.finish() == []


def test_broken_waivers_file_is_one_finding_with_position(tmp_path: Path) -> None:
    wpath = _waivers(tmp_path, "waivers:\n  - rule: [unclosed\n")
    sup = Suppressor(fail_rank=3, waivers=wpath, today=date(2026, 1, 1))
    (report,) = sup.finish()
    assert len(report.findings) == 1
    assert report.findings[0].message.startswith(f"{wpath.as_posix()}:")
    assert "invalid YAML" in report.findings[0].message


def test_baseline_round_trip_marks_only_known_findings(tmp_path: Path) -> None:
    res, _ = _checked(article("З", "кликбейт"), "a.md")
    Suppressor(fail_rank=2).apply(res)
    data = {"documents": [DocumentResult("a.md", "markdown", res.status, findings=res.findings).to_dict()]}
    path = tmp_path / "baseline.json"
    path.write_text(render_baseline(data), encoding="utf-8")
    fps = load_baseline(path)
    assert fps == {res.findings[0].fingerprint}
    again, _ = _checked(article("Новый заголовок", "кликбейт\n\nи новый кликбейт"), "a.md")
    sup = Suppressor(fail_rank=2, baseline=fps)
    sup.apply(again)
    assert [f.baselined for f in again.findings] == [True, False]
    assert again.status == "fail"


def test_baseline_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{\n  oops", encoding="utf-8")
    with pytest.raises(BaselineError, match=r"b\.json:2:3: invalid JSON"):
        load_baseline(bad)
    bad.write_text(json.dumps({"findings": []}), encoding="utf-8")
    with pytest.raises(BaselineError, match="not an auditor baseline"):
        load_baseline(bad)
    with pytest.raises(BaselineError, match="no such baseline"):
        load_baseline(tmp_path / "missing.json")


def test_suppressed_findings_are_kept_and_do_not_fail() -> None:
    res, doc = _checked(article("З", '<!-- auditor: ignore fake/banned reason="цитата" -->\nкликбейт'))
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    Suppressor(fail_rank=1).apply(res)
    assert len(res.findings) == 1 and res.findings[0].suppressed and res.status == "pass"
    assert NOTICE in doc.text


def test_expiry_uses_today_not_as_of(tmp_path: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    wpath = _waivers(tmp_path, f"waivers:\n  - {{rule: fake/banned, path: '*', reason: r, approved_by: a, expires: {tomorrow}}}\n")
    sup = Suppressor(Policy(known_rules=sorted(KNOWN)), fail_rank=2, waivers=wpath)
    res, _ = _checked(article("З", "кликбейт"), "a.md")
    sup.apply(res)
    assert res.findings[0].suppressed
    unused = Finding("x", "error", "m")
    assert not unused.suppressed


def test_directive_in_an_html_comment_through_the_html_reader() -> None:
    html = (
        "<html><body><article><h1>Заголовок</h1><p>Первый абзац: кликбейт.</p>"
        '<!-- auditor: ignore fake/banned reason="цитата из письма" -->'
        "<p>Второй абзац: кликбейт.</p><p>Третий: кликбейт.</p></article></body></html>"
    )
    res, doc = _checked(html, "page.html")
    apply_directives(res, find_directives(doc), KNOWN, ALIASES)
    banned = [f for f in res.findings if f.rule_id == "fake/banned"]
    assert [f.suppressed for f in banned] == [False, True, False]
    assert banned[1].suppression["reason"] == "цитата из письма"
