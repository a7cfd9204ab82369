"""The engine (auditor/engine.py): ``Engine.check`` is pure, and per-path ``disable`` chooses the
rules before they run."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from typing import Any

from ci_support import FakeRuleSet, article

from auditor import engine
from auditor.config import PathOverride, Policy
from auditor.engine import Engine, RunOptions, Source
from auditor.model import Document, Finding
from auditor.packs import load_ruleset
from auditor.packs.runtime import RuleSet

DIRECTIVE = '<!-- auditor: ignore fake/banned reason="цитата" -->\nкликбейт'


def _opts(policy: Policy | None = None) -> RunOptions:
    return RunOptions(as_of=date(2025, 6, 1), policy=policy or Policy())


def _src(path: str, text: str) -> Source:
    return Source(path=path, fs_path=None, data=text.encode("utf-8"))


def test_check_is_pure_no_hooks_no_suppression_no_verdict() -> None:
    assert not hasattr(engine, "_POST_HOOKS")
    imported = {f"{n.module}.{a.name}" for n in ast.walk(ast.parse(inspect.getsource(engine)))
                if isinstance(n, ast.ImportFrom) for a in n.names}
    # the engine neither applies suppressions nor judges: that is the apply stage's, after it
    assert not {i for i in imported if i.startswith(("auditor.suppress.apply", "auditor.suppress.Suppressor"))}
    assert not {i for i in imported if i.endswith((".status_for", ".apply_severity", ".apply_directives"))}
    policy = Policy(rule_aliases={"banned": "fake/banned"}, known_rules=["fake/banned", "fake/notice", "banned"])
    (res,) = Engine(FakeRuleSet(), _opts(policy)).check(_src("a.md", article("Заголовок", DIRECTIVE, notice=False)))
    # the rules' findings as they are: nothing suppressed, no fingerprint, no verdict yet
    assert sorted(f.rule_id for f in res.findings) == ["fake/banned", "fake/notice"]
    assert not any(f.suppressed or f.baselined or f.fingerprint for f in res.findings)
    assert res.status == "pass"  # "checked": the apply stage says pass or fail
    # what the apply stage needs travels on the result: the directive, located, and the text
    (d,) = res.directives
    assert d.rules == ["fake/banned"] and d.reason == "цитата" and d.line == 3 and d.span is not None
    assert res.text is not None and "кликбейт" in res.text
    assert "directives" not in res.to_dict() and "text" not in res.to_dict()  # never in the JSON results


def test_the_same_source_gives_the_same_result_twice() -> None:
    eng = Engine(FakeRuleSet(), _opts())
    src = _src("a.md", article("Заголовок", DIRECTIVE))
    assert [r.to_record() for r in eng.check(src)] == [r.to_record() for r in eng.check(src)]


def test_a_document_without_findings_or_directives_hands_over_no_text() -> None:
    (res,) = Engine(FakeRuleSet(), _opts()).check(_src("a.md", article("Заголовок", "чистый текст")))
    assert res.findings == [] and res.directives == [] and res.text is None


class _Spy:
    """Stands in for a rule's check and records on which documents it ran."""

    def __init__(self, real: Any, calls: list[str]) -> None:
        self._real, self._calls = real, calls

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def run(self, doc: Document, ctx: Any) -> list[Finding]:
        self._calls.append(doc.path)
        return list(self._real.run(doc, ctx))


def _spied(rs: RuleSet, rule_id: str) -> list[str]:
    calls: list[str] = []
    rule = next(r for r in rs.rules if r.id == rule_id)
    rule.check = _Spy(rule.check, calls)  # type: ignore[assignment]
    return calls


def test_a_rule_disabled_for_a_path_never_runs_there() -> None:
    rs = load_ruleset(["caucasian-knot"])
    calls = _spied(rs, "attribution/source")
    policy = Policy(overrides=[PathOverride(["opinion/**"], disable=["attribution/source"])])
    eng = Engine(rs, _opts(policy))
    text = "Заголовок статьи\n\nТекст статьи без указания источника.\n"
    (opinion,) = eng.check(_src("opinion/a.txt", text))
    (news,) = eng.check(_src("news/a.txt", text))
    assert calls == ["news/a.txt"]
    assert "attribution/source" in {f.rule_id for f in news.findings}
    assert "attribution/source" not in {f.rule_id for f in opinion.findings}
    # the other rules ran on both, alike
    assert {f.rule_id for f in opinion.findings} == {f.rule_id for f in news.findings} - {"attribution/source"}


def test_a_pack_only_some_paths_ask_for_runs_only_there() -> None:
    rs = load_ruleset(["caucasian-knot"])
    pack = next(r.info.pack for r in rs.rules if r.id == "attribution/source")
    calls = _spied(rs, "attribution/source")
    policy = Policy(overrides=[PathOverride(["investigations/**"], pack_ids=[pack])], override_only_packs=[pack])
    eng = Engine(rs, _opts(policy))
    text = "Заголовок статьи\n\nТекст статьи без указания источника.\n"
    eng.check(_src("news/a.txt", text))
    eng.check(_src("investigations/a.txt", text))
    assert calls == ["investigations/a.txt"]
