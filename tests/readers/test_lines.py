"""Date lines (``readers/lines.py``): the fast test of a line that is a timestamp gives what the
full search gives.

``stamp_line`` looks for a timestamp only at the start of a line (``_stamp_at``); the definition
it must keep is "the first timestamp ``find_stamp`` finds in the line starts right after the
separators that open it". Lines here are made up, shaped like the heads and bodies of saved news
pages; the shared corpora are read as well when they are present.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import dates
from auditor.readers import lines as ln

SHARED = Path(__file__).resolve().parents[3] / "shared"


def _lead(body: str) -> int:
    return len(body) - len(body.lstrip(ln._STAMP_LEAD))


def _at_start(stamp: ln.Stamp | None, body: str) -> ln.Stamp | None:
    return stamp if stamp is not None and stamp.start == _lead(body) else None


def reference(body: str) -> ln.Stamp | None:
    """The definition: the first timestamp of the whole line, when it opens the line."""
    return _at_start(ln.find_stamp(body), body)


def fast(body: str) -> ln.Stamp | None:
    return _at_start(ln._stamp_at(body, _lead(body)), body)


LINES = [
    "12 марта 2024, 14:07",
    " | 12 марта 2024, 14:07 | Политика",
    "- • Понедельник, 5 марта 2024",
    "сегодня в 13:38",
    "Вчера, 20:41 (по МСК)",
    "3 часа назад",
    "20:41",
    "2025-08",
    "2024-03-05T14:07",
    "Суд продлил арест 12 марта 2024 года, сообщил адвокат.",
    "Суд продлил арест сегодня в 13:38, а 12 марта 2024 года отменил.",
    "сегодня в 13:38, а 12 марта 2024 года",
    "12 марта 2024 года, а сегодня в 13:38",
    "5 hours ago",
    "Posted 3 days ago by the desk",
    "March 5, 2024 at 2:07 pm " + "x" * 300,
    "x" * 100 + " 12.03.2024",
    "Thursday 12 September 2019 10.02 BST",
    "— 12.03.2024 · Обновлено 13.03.2024",
    "24 October 2023, 06:56",
    "Обновлено: 12.03.2024 14:00",
    "12 марта",
    "ноябрь",
]


def test_each_line_as_the_full_search() -> None:
    found = 0
    for line in LINES:
        for body in (line, line.upper(), "  " + line, line + " | Москва"):
            assert fast(body) == reference(body), body
            found += reference(body) is not None
    assert found >= 20  # most of these lines are date lines: the comparison is not all None


def test_a_date_line_is_still_found() -> None:
    st_ = ln.stamp_line("Опубликовано: 12 марта 2024, 14:07")
    assert st_ is not None and st_.value == "2024-03-12T14:07" and st_.has_time
    assert ln.stamp_line("Суд продлил арест 12 марта 2024 года, сообщил адвокат.") is None
    assert ln.stamp_line("сегодня в 13:38").flags == ["relative"]


PIECES = [
    "12", "марта", "2024", "года", ",", " ", "  ", "14:07", "сегодня", "в", "3", "часа", "назад", "|", "•", "-",
    "Понедельник", "March", "5,", "at", "2:07", "pm", "ago", "hours", "12.03.2024", "2024-03-05", "(по МСК)",
    "Обновлено:", "суд", "продлил", "арест", "Published", "\u00a0", "Sept.", "сент.", "2024年", "Today", "x" * 70,
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_any_line_of_date_pieces(pieces: list[str]) -> None:
    body = "".join(p if p in ",|•-" else p + " " for p in pieces)
    assert fast(body) == reference(body)
    assert fast(body.strip()) == reference(body.strip())


def test_first_date_is_find_dates_first() -> None:
    for line in LINES:
        for before in (0, 3, 30, 200):
            all_ = dates.find_dates(line)
            want = all_[0] if all_ and all_[0][0] <= before else None
            assert dates.first_date(line, before) == want, (line, before)


def test_shared_corpus_lines() -> None:
    corpus = SHARED / "corpus-ru"
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".md")) if corpus.is_dir() else []
    if not files:
        import pytest

        pytest.skip("../shared/corpus-ru is not present")
    n = 0
    for p in files:
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line:
                assert fast(line) == reference(line), (p.name, line)
                n += 1
    assert n > 200


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="AaBCcEeHKMOoPpTXxyzq_1 \n.,ТекстМосквааяё", max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_folding_a_range_folds_as_the_whole_text(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert ln.fold_lookalikes_in(text, start, end) == ln.fold_lookalikes(text)[start:end]


def test_folding_keeps_latin_words_and_folds_mixed_ones() -> None:
    assert ln.fold_lookalikes("Tекст BBC и Mосква") == "Текст BBC и Москва"
    assert ln.fold_lookalikes("Hello world") == "Hello world"
    assert ln.fold_lookalikes_in("Автор: Mария Petrova", 7, 13) == "Мария "


def test_a_notice_opening_is_told_from_its_folded_prefix() -> None:
    markers = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ИНОСТРАННЫМ АГЕНТОМ"]
    long_tail = " слово" * 100
    assert ln.opens_notice("НАСТОЯЩИЙ МAТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН" + long_tail, markers)  # Latin A folded
    assert ln.opens_notice("настоящий\u00ad материал произведен" + long_tail, markers)
    assert not ln.opens_notice("НАСТОЯЩИЙ МАТЕРИК" + long_tail, markers)
    assert not ln.opens_notice("Иностранным агентом признан" + long_tail, markers)  # ordinary case: talk of the law


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="НАСТОЯЩИЙ МАТЕРИАЛ ИНОСТРАННЫМ АГЕНТОМ настоящийAMOTX\u00ad\u00a0«»-*> \n", max_size=120))
def test_the_folded_prefix_agrees_with_the_whole_head(head: str) -> None:
    from auditor.readers.layout import fold_marker

    whole = fold_marker(head)
    for need in (5, 18, 30):
        part = ln._folded_head(head, need)
        assert whole.startswith(part) and (len(part) >= need or part == whole)


def test_first_date_without_a_digit_nearby() -> None:
    prose = "Суд продлил арест блогеру, сообщил его адвокат, и защита обжалует решение в апелляции. " * 3
    assert dates.first_date(prose, 0) is None
    assert dates.first_date("05.03.2024 " + prose, 12) == (0, 10, "05.03.2024")  # its digits before `before`
    assert dates.first_date(prose + " 5 марта 2024", 0) is None  # far from the start


MARKERS = ["НАСТОЯЩИЙ МАТЕРИАЛ", "ДАННОЕ СООБЩЕНИЕ", "ИНОСТРАННЫМ АГЕНТОМ", "ИНОСТРАННОГО АГЕНТА", "AGENT NOTE"]
HEAD_PIECES = ["Настоящий", "НАСТОЯЩИЙ", "HАСТОЯЩИЙ", "материал", "Данное", "дАННОЕ", "сообщение", "иностранным",
               "агентом", "Agent", "note", "И\u0306", "\u00adН", "\u200bД", "> ", "* ", "# ", "- ", "•", "«", "\"",
               "\u00a0", " ", "\n", "Ҥ", "ﬁ", "Д", "Texт", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=8), st.integers(1, 5))
def test_first_letter_gate_never_changes_opens_notice(pieces: list[str], n: int) -> None:
    """The cheap test of the first letter answers as the full comparison of the folded head does."""
    text = "".join(pieces)
    markers = [ln.fold_marker(m) for m in MARKERS[:n]]
    assert ln.opens_notice(text, markers) == ln._opens(text[:400], tuple(markers))


def test_first_letter_gate_examples() -> None:
    markers = [ln.fold_marker(m) for m in MARKERS[:4]]
    assert ln.opens_notice("> НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН", markers)
    assert ln.opens_notice("HАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН", markers)  # a Latin H
    assert not ln.opens_notice("Президент подписал закон", markers)
