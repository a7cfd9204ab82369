"""Shared fixtures of the whole suite.

tests/ mirrors the package (tests/<package path>/test_<module>.py); tests/hardening/ holds the
hostile-input tests, tests/bench/ the bench scripts' tests. This folder is on sys.path
(pyproject: ``pythonpath = ["tests"]``), so any test imports the helper modules beside this file by
name: packs_docs (hand-built documents, throwaway packs, outcomes), hostile, pdf_fixtures,
reports_fixtures, registries_fixtures, registries_names, ci_support, web_support, pg_support,
perf_fixtures; fuzz_harness.py runs on its own (docs/robustness.md).
A folder's own fixtures live in its conftest.py (tests/reporters/conftest.py).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType

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


REPO = Path(__file__).resolve().parents[1]


@cache
def _bench_script(name: str) -> ModuleType:
    path = REPO / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(f"bench_{name}", mod)  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def bench_script() -> Callable[[str], ModuleType]:
    """``bench_script("accuracy")``: bench/accuracy.py loaded as a module (bench/ is not a package)."""
    return _bench_script


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
