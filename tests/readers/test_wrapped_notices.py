"""A notice hard-wrapped at any width (30..120 columns) is one notice of the right form.

Generated fixtures: the 2022 and 2020 forms wrapped by textwrap at every width from 30 to 120, as
plain text, indented text, lines with a trailing space, a Markdown paragraph, a blockquote and a
list item. Each must give exactly one notice, matched to its form, with no altered-notice and no
placement finding; a real change of a word still counts as altered.
"""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from auditor.packs import load_ruleset
from auditor.readers import read_bytes

NOTICE_2022 = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
NOTICE_2020 = (
    "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ "
    "ИНФОРМАЦИИ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА, И (ИЛИ) РОССИЙСКИМ ЮРИДИЧЕСКИМ ЛИЦОМ, "
    "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА."
)
HEAD = "Суд в Махачкале продлил арест блогера на два месяца"
BODY = "Советский районный суд продлил арест местного блогера, сообщил его адвокат. Защита обжалует решение."


def _wrap(text: str, width: int, style: str) -> str:
    if style == "markdown-list":
        return "\n".join(textwrap.wrap(text, width, initial_indent="- ", subsequent_indent="  "))
    lines = textwrap.wrap(text, width)
    if style == "indented":
        return "\n".join("    " + ln for ln in lines)
    if style == "trailing-space":
        return "\n".join(ln + " " for ln in lines)
    if style == "markdown-quote":
        return "\n".join("> " + ln for ln in lines)
    return "\n".join(lines)


def _page(notice: str, width: int, style: str) -> tuple[str, bytes]:
    name = "a.md" if style.startswith("markdown") else "a.txt"
    head = f"# {HEAD}" if style.startswith("markdown") else HEAD
    text = f"{head}\n\n{_wrap(notice, width, style)}\n\n{BODY}\n"
    return name, text.encode("utf-8")


STYLES = ["txt", "indented", "trailing-space", "markdown-paragraph", "markdown-quote", "markdown-list"]


@pytest.fixture(scope="module")
def ruleset():  # type: ignore[no-untyped-def]
    return load_ruleset(["caucasian-knot"])


def _audit(ruleset, name: str, data: bytes, as_of: date):  # type: ignore[no-untyped-def]
    doc = read_bytes(data, name, ruleset.reader_options)[0]
    findings, _ = ruleset.evaluate(doc, as_of)
    return doc, findings


@pytest.mark.parametrize("style", STYLES)
def test_2022_form_wrapped_at_every_width_is_one_notice(ruleset, style: str) -> None:  # type: ignore[no-untyped-def]
    for width in range(30, 121):
        name, data = _page(NOTICE_2022, width, style)
        doc, findings = _audit(ruleset, name, data, date(2026, 11, 28))
        assert [n.form for n in doc.notices] == ["2022"], (width, style, [n.text for n in doc.notices])
        bad = [f for f in findings if f.rule_id.startswith("ru-foreign-agent/notice")]
        assert bad == [], (width, style, [f.message for f in bad])


@pytest.mark.parametrize("style", ["txt", "markdown-quote", "markdown-list"])
def test_2020_form_wrapped_is_its_form(ruleset, style: str) -> None:  # type: ignore[no-untyped-def]
    for width in (30, 47, 64, 81, 99, 120):
        name, data = _page(NOTICE_2020, width, style)
        doc, findings = _audit(ruleset, name, data, date(2022, 6, 1))
        assert [n.form for n in doc.notices] == ["2020"], (width, style)
        assert not [f for f in findings if f.rule_id == "ru-foreign-agent/notice-form"], (width, style)


def test_a_changed_word_in_a_wrapped_notice_is_still_altered(ruleset) -> None:  # type: ignore[no-untyped-def]
    changed = NOTICE_2022.replace("КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ", "КАСАЕТСЯ РАБОТЫ")
    for width in (30, 55, 90):
        doc, findings = _audit(ruleset, *_page(changed, width, "txt"), date(2026, 11, 28))
        assert len(doc.notices) == 1 and doc.notices[0].form is None, width
        altered = [f for f in findings if f.rule_id == "ru-foreign-agent/notice-form" and f.outcome == "altered"]
        assert len(altered) == 1 and "РАБОТЫ" in (altered[0].diff or ""), width
