"""Shared report figures: grouping by section, author and month; evidence highlighting."""

from __future__ import annotations

import reports_fixtures as rf

from auditor.reporters import toolkit as S


def test_section_month_author_rules() -> None:
    d = rf.document("politics/2024/a.txt", "pass", iso="2024-03-05T10:00:00+03:00", author=["  Иван  Петров "])
    assert S.section_of(d) == "politics"
    assert S.section_of({**d, "metadata": {"category": "Экономика"}}) == "Экономика"
    assert S.section_of({**d, "metadata": {"section": "Политика", "category": "x"}}) == "Политика"
    assert S.section_of(rf.document("a.txt", "pass")) == S.NO_SECTION
    assert S.month_of(d) == "2024-03"
    assert S.month_of(rf.document("a.txt", "pass", raw="весна 2024")) == "весна 2024"
    assert S.month_of(rf.document("a.txt", "pass")) == S.NO_DATE
    assert S.authors_of(d) == ["Иван Петров"]
    assert S.authors_of(rf.document("a.txt", "pass")) == [S.NO_AUTHOR]


def test_summarise_counts_active_findings_only() -> None:
    s = S.summarise(rf.make_results())
    assert (s.documents, s.passed, s.failed, s.errors, s.skipped) == (9, 4, 3, 1, 1)
    assert (s.findings, s.suppressed, s.baselined) == (9, 1, 1)
    assert s.rules["ru-fa.notice-present"].findings == 1 and s.rules["ru-fa.notice-present"].suppressed == 1
    assert s.sections["Политика"].failed == 2
    assert s.pass_rate == 0.5
    # rules seen only in unreadable documents are not matrix columns
    assert "auditor.read-error" not in s.rule_columns


def test_highlight_inside_notice_and_by_diff() -> None:
    results = rf.make_results()
    docs = {d["path"]: d for d in results["documents"]}
    doc = docs["news/2024/lookalike.txt"]
    parts = S.highlight_parts(doc["findings"][0], doc)
    assert [t for t, marked in parts if marked] == ["СОЗДAНО"]
    assert "".join(t for t, _ in parts) == rf.NOTICE_LOOKALIKE
    f = {"evidence": "ДАННОЕ СООБЩЕНИЕ СОЗДАНО", "expected": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО", "span": None}
    assert S.highlight_parts(f, {}) == [("ДАННОЕ СООБЩЕНИЕ СОЗДАНО", True)]  # nothing extra to mark: all shown
    f = {"evidence": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДAНО", "expected": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО"}
    assert [t for t, m in S.highlight_parts(f, {}) if m] == ["СОЗДAНО"]


def test_safe_url_and_controls() -> None:
    assert S.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", 'https://x" onclick="y', None):
        assert S.safe_url(bad) is None
    assert S.visible_controls("a\x07b\tc\n") == "a[U+0007]b\tc\n"


def test_section_is_the_top_folder_below_the_common_root() -> None:
    docs = [rf.document("/srv/site/news/politics/a.txt", "pass"), rf.document("/srv/site/news/sport/b.txt", "fail"),
            rf.document("/srv/site/news/c.txt", "pass")]
    s = S.summarise(rf.make_results(docs))
    assert s.root == ("srv", "site", "news")
    assert sorted(s.sections) == [S.NO_SECTION, "politics", "sport"]
    one_folder = S.summarise(rf.make_results([rf.document("/abs/examples/x.txt", "pass")]))
    assert list(one_folder.sections) == [S.NO_SECTION]
