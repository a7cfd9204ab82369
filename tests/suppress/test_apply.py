"""The apply stage (auditor/suppress/apply.py): one step per document after the engine and the
cache; overrides, directives, waivers, baseline and --select, and the status set once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from ci_support import FakeRuleSet, article, load_fake

from auditor.cache import Cache, CachedEngine, run_key
from auditor.config import PathOverride, Policy
from auditor.engine import Engine, RunOptions, Source
from auditor.model import DocumentResult
from auditor.runner import RunRequest, prepare
from auditor.suppress import Suppressor, apply

KNOWN = ["banned", "fake/banned", "fake/notice", "fake/old-notice"]
POLICY = Policy(rule_aliases={"banned": "fake/banned", "fake/old-notice": "fake/notice"}, known_rules=KNOWN)
IGNORED = '<!-- auditor: ignore banned reason="цитата" -->\nкликбейт'


@pytest.fixture
def status_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every document status the apply stage computes, by path."""
    calls: list[str] = []
    real = apply.status_for

    def counted(findings: list, fail_rank: int) -> str:  # type: ignore[type-arg]
        calls.append("?")
        return real(findings, fail_rank)

    monkeypatch.setattr(apply, "status_for", counted)
    yield calls


def _engine_result(path: str, text: str, policy: Policy = POLICY) -> DocumentResult:
    opts = RunOptions(as_of=date(2025, 6, 1), policy=policy)
    (res,) = Engine(FakeRuleSet(), opts).check(Source(path, None, text.encode("utf-8")))
    return res


def test_one_step_does_severity_directives_waivers_and_baseline(tmp_path: Path, status_calls: list[str]) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - {rule: fake/old-notice, path: 'archive/**', reason: архив, approved_by: a, "
                       "expires: 2099-01-01}\n", encoding="utf-8")
    policy = Policy(rule_aliases=POLICY.rule_aliases, known_rules=KNOWN,
                    overrides=[PathOverride(["archive/**"], severity={"banned": "info"})])
    text = article("Заголовок", IGNORED + "\n\nещё кликбейт", notice=False)
    res = _engine_result("archive/a.md", text, policy)
    Suppressor(policy, fail_rank=2, waivers=waivers, today=date(2026, 1, 1)).apply(res)
    got = [(f.rule_id, f.severity, f.suppression["by"] if f.suppression else None, f.baselined) for f in res.findings]
    assert got == [
        ("fake/notice", "error", "waiver", False),  # waived by its former id
        ("fake/banned", "info", "directive", False),  # severity override, then the directive
        ("fake/banned", "info", None, False),
    ]
    assert all(f.fingerprint for f in res.findings)
    assert res.status == "pass" and len(status_calls) == 1  # info does not fail at fail-on warning


def test_status_is_set_once_per_document_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              status_calls: list[str]) -> None:
    for name, body in {"a.md": IGNORED, "b.md": "чистый текст", "c.md": "кликбейт"}.items():
        (tmp_path / name).write_text(article("Заголовок", body, notice=name != "a.md"), encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('fail-on = "warning"\nignore = ["fake/notice"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = prepare(RunRequest(paths=["."], jobs=1, use_cache=False, filter_rules=True), load_fake)
    results = list(run.results(progress=False))
    assert [(Path(r.path).name, r.status) for r in results] == [("a.md", "pass"), ("b.md", "pass"), ("c.md", "fail")]
    assert len(status_calls) == 3
    a = results[0]
    assert [(f.rule_id, f.suppressed) for f in a.findings] == [("fake/banned", True)]  # --ignore'd notice gone


def test_a_cached_result_gets_the_same_apply_stage(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(article("Заголовок", IGNORED), encoding="utf-8")
    rs, opts = FakeRuleSet(), RunOptions(as_of=date(2025, 6, 1), policy=POLICY)
    folder = tmp_path / ".auditor_cache"
    cache = Cache(folder, run_key(rs, opts))
    fresh = CachedEngine(cache, Engine(rs, opts).check).check(Source("a.md", str(p)))
    assert cache.misses == 1
    cache.close()
    cache = Cache(folder, run_key(rs, opts))
    hit = CachedEngine(cache, Engine(rs, opts).check).check(Source("a.md", str(p)))
    assert cache.hits == 1
    assert hit[0].directives == fresh[0].directives and hit[0].text == fresh[0].text
    one, two = (Suppressor(POLICY, fail_rank=2).apply(r[0]) for r in (fresh, hit))
    assert one.to_dict() == two.to_dict()
    assert [f.suppressed for f in two.findings] == [True]


def test_the_text_stays_only_on_documents_with_findings() -> None:
    sup = Suppressor(Policy(), fail_rank=2)
    kept = sup.apply(_engine_result("a.md", article("Заголовок", "кликбейт")))
    assert kept.text is not None and "кликбейт" in kept.text
    # a directive alone hands the text over; with nothing to report, the apply stage drops it
    none = Suppressor(Policy(directives=False), fail_rank=2).apply(
        _engine_result("b.md", article("Заголовок", "auditor: ignore-file fake/banned reason=\"x\"\n\nтекст")))
    assert none.findings == [] and none.text is None


def test_an_unreadable_result_keeps_its_status() -> None:
    from auditor.discover import error_result

    res = error_result("x.txt", None, "x.txt: cannot read")
    Suppressor(POLICY, fail_rank=1).apply(res)
    assert res.status == "error" and res.findings[0].fingerprint
