"""The result cache (auditor/cache.py): keys, round trips, and a cache folder that cannot be made."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from ci_support import FakeRuleSet, article

from auditor.cache import Cache, dump_results, load_results, run_key
from auditor.config import PathOverride, Policy
from auditor.engine import RunOptions, Source, check_source


def _opts(**kw: object) -> RunOptions:
    kw.setdefault("as_of", date(2025, 1, 1))
    return RunOptions(**kw)  # type: ignore[arg-type]


def test_run_key_changes_with_everything_that_changes_a_verdict() -> None:
    rs = FakeRuleSet()
    base = run_key(rs, _opts())
    assert run_key(FakeRuleSet(), _opts()) == base
    assert run_key(rs, _opts(as_of=date(2025, 1, 2))) != base
    assert run_key(rs, _opts(fail_on="warning")) != base
    assert run_key(rs, _opts(field_map={"body": "content"})) != base
    assert run_key(rs, _opts(policy=Policy(overrides=[PathOverride(["a/**"], disable=["x"])]))) != base
    other = FakeRuleSet()
    other.packs = [{**other.packs[0], "sha256": "0" * 64}]
    assert run_key(other, _opts()) != base
    with_registry = FakeRuleSet()
    with_registry.registries_info = lambda: [{"id": "agents", "sha256": "1" * 64}]  # type: ignore[attr-defined]
    assert run_key(with_registry, _opts()) != base


def test_results_round_trip_to_the_same_json(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(article("# Заголовок", "кликбейт и «кликбейт»", notice=False), encoding="utf-8")
    results = check_source(Source(path="a.md", fs_path=str(p)), FakeRuleSet(), _opts())
    again = load_results(dump_results(results))
    assert [json.dumps(r.to_dict(), ensure_ascii=False) for r in again] == [
        json.dumps(r.to_dict(), ensure_ascii=False) for r in results]


def test_hits_misses_and_an_unusable_cache_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.txt"
    p.write_text(article("Заголовок", "текст"), encoding="utf-8")
    rs, opts = FakeRuleSet(), _opts()
    src = Source(path="a.txt", fs_path=str(p))
    cache = Cache(tmp_path / ".auditor_cache", run_key(rs, opts))
    (miss,) = list(cache.resolve([replace(src)]))
    assert isinstance(miss, Source) and miss.data == p.read_bytes()
    cache.store(miss, check_source(miss, rs, opts))
    cache.close()
    cache = Cache(tmp_path / ".auditor_cache", run_key(rs, opts))
    (hit,) = list(cache.resolve([replace(src)]))
    assert not isinstance(hit, Source) and hit.path == "a.txt" and (cache.hits, cache.misses) == (1, 0)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    cache = Cache(blocked, "k")
    assert list(cache.resolve([src])) == [src]
    assert "cache disabled" in capsys.readouterr().err
