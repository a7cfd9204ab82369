"""Shared fixtures. This folder is on sys.path, so tests in subfolders import its helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import pytest

from auditor.model import Finding
from auditor.packs import RuleSet, load_ruleset

NOTICE_2022 = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
NOTICE_2020 = (
    "Данное сообщение (материал) создано и (или) распространено иностранным средством массовой "
    "информации, выполняющим функции иностранного агента, и (или) российским юридическим лицом, "
    "выполняющим функции иностранного агента."
)


@cache
def _pack(spec: str) -> RuleSet:
    return load_ruleset([spec])


@pytest.fixture
def run_kind() -> Callable[..., list[Finding]]:
    """Findings of the rules of one kind (``notice.altered`` ...) of a shipped pack on an article.

    The article is a dateline, a headline, ``notice`` and two body paragraphs, laid out in
    segments as the readers would (tests/packs_docs.make_doc).
    """
    from packs_docs import make_doc

    def run(notice: str, kind: str, pack: str = "caucasian-knot", as_of: date = date(2026, 11, 28),
            text: str | None = None, metadata: dict[str, object] | None = None) -> list[Finding]:
        rs = _pack(pack)
        ids = {r.id for r in rs.rules if r.kind == kind and r.enabled}
        assert ids, f"no enabled {kind} rule in {pack}"
        body = text if text is not None else (
            f"01 April 2016, 19:37\n\nA headline\n\n{notice}\n\nBody paragraph one.\n\nAuthor: A. Writer Source: Newsroom\n"
        )
        findings, _ = rs.evaluate(make_doc(body, metadata=metadata), as_of)
        return [f for f in findings if f.rule_id in ids]

    return run
