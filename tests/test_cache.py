"""The result cache (auditor/cache.py): keys, round trips, and a cache folder that cannot be made."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from ci_support import FakeRuleSet, article

from auditor import cache as cache_mod
from auditor import engine as engine_mod
from auditor.cache import DB_NAME, INDEX, Cache, CachedEngine, dump_results, load_results, run_key
from auditor.config import PathOverride, Policy
from auditor.engine import RunOptions, Source, check_source
from auditor.model import DocumentResult


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
    miss = replace(src)
    assert cache.lookup(miss) is None and miss.data == p.read_bytes()
    cache.store(miss, check_source(miss, rs, opts))
    assert miss.data is None  # the run's list of sources does not keep every file's bytes
    cache.close()
    cache = Cache(tmp_path / ".auditor_cache", run_key(rs, opts))
    hit = cache.lookup(replace(src))
    assert hit is not None and [r.path for r in hit] == ["a.txt"] and (cache.hits, cache.misses) == (1, 0)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    cache = Cache(blocked, "k")
    assert cache.lookup(replace(src)) is None
    assert "cache disabled" in capsys.readouterr().err


# -- the cache around the engine, and its per-file index ------------------------------------------
def _filled(tmp_path: Path, text: str) -> tuple[Path, Source, FakeRuleSet, RunOptions]:
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    rs, opts = FakeRuleSet(), _opts()
    src = Source(path="a.txt", fs_path=str(p))
    engine = CachedEngine(Cache(tmp_path / ".auditor_cache", run_key(rs, opts)), lambda s: check_source(s, rs, opts))
    engine.check(replace(src))
    engine.cache.close()
    return p, src, rs, opts


def _engine(tmp_path: Path, rs: FakeRuleSet, opts: RunOptions, calls: list[str]) -> CachedEngine:
    def check(s: Source) -> list[DocumentResult]:
        calls.append(s.path)
        return check_source(s, rs, opts)

    return CachedEngine(Cache(tmp_path / ".auditor_cache", run_key(rs, opts)), check)


def _files(tmp_path: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(tmp_path / ".auditor_cache" / DB_NAME) as db:
        db.execute(sql, args)


def test_an_unchanged_file_is_answered_from_the_index_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _p, src, rs, opts = _filled(tmp_path, article("Заголовок", "кликбейт в тексте"))
    fresh = [r.to_dict() for r in check_source(replace(src), rs, opts)]
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)  # the file was written a moment ago
    monkeypatch.setattr(engine_mod, "read_capped", lambda *a: pytest.fail("an unchanged file was read"))
    calls: list[str] = []
    cached = _engine(tmp_path, rs, opts, calls)
    out = cached.check(replace(src))
    assert calls == [] and cached.cache.hits == 1
    assert [r.to_dict() for r in out] == fresh and any(f["rule_id"] for f in fresh[0]["findings"])


def test_a_changed_file_is_checked_again_and_a_touched_one_is_served(tmp_path: Path) -> None:
    p, src, rs, opts = _filled(tmp_path, article("Заголовок", "обычный текст"))
    calls: list[str] = []
    os.utime(p, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))  # touched: new times, same bytes
    cached = _engine(tmp_path, rs, opts, calls)
    assert cached.check(replace(src))[0].findings == [] and calls == []
    p.write_text(article("Заголовок", "кликбейт текст"), encoding="utf-8")
    out = cached.check(replace(src))
    assert calls == ["a.txt"] and [f.evidence for f in out[0].findings] == ["кликбейт"]
    cached.cache.close()


def test_an_index_entry_made_within_the_time_granularity_is_not_trusted(tmp_path: Path) -> None:
    """A file rewritten with the same size within its file system's time granularity keeps its
    stat; an entry read that soon after the file's times must make the cache hash the bytes."""
    p, src, rs, opts = _filled(tmp_path, article("Заголовок", "текст абв"))
    old = p.stat()
    p.write_text(article("Заголовок", "текст где"), encoding="utf-8")
    assert p.stat().st_size == old.st_size
    st = p.stat()
    # the index now claims the new stat for the old bytes: as if both writes fell within one tick
    _files(tmp_path, f"UPDATE {INDEX} SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, read_ns = ?",
           st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, max(st.st_mtime_ns, st.st_ctime_ns) + 10**9)
    calls: list[str] = []
    cached = _engine(tmp_path, rs, opts, calls)
    assert cached.answer(replace(src)) is None  # hashed, and the new bytes are not in the cache
    cached.cache.close()
    # the same entry read long after the file's times is trusted: the index really is used
    _files(tmp_path, f"UPDATE {INDEX} SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, read_ns = ?, sha = ?",
           st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, max(st.st_mtime_ns, st.st_ctime_ns) + 10**10,
           hashlib.sha256(article("Заголовок", "текст абв").encode("utf-8")).digest())
    fresh = _engine(tmp_path, rs, opts, calls)
    assert fresh.answer(replace(src)) is not None


@pytest.mark.parametrize("damage", [
    f"UPDATE {INDEX} SET sha = x'00'",
    f"UPDATE {INDEX} SET sha = 'not bytes', read_ns = 'x'",
    "UPDATE results SET value = '[{\"path\": 1'",
    "UPDATE results SET value = '[{}]'",
])
def test_a_damaged_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    _p, src, rs, opts = _filled(tmp_path, article("Заголовок", "кликбейт"))
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    _files(tmp_path, damage)
    calls: list[str] = []
    cached = _engine(tmp_path, rs, opts, calls)
    out = cached.check(replace(src))
    assert [r.to_dict() for r in out] == [r.to_dict() for r in check_source(replace(src), rs, opts)]
    assert calls == (["a.txt"] if "results" in damage else [])  # a damaged index entry: hashed and served
    cached.cache.close()
    again = _engine(tmp_path, rs, opts, calls)  # the entry was rewritten
    assert again.answer(replace(src)) is not None


def test_cached_run_after_an_edit_prints_what_a_fresh_run_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.cli import main

    folder = tmp_path / "content"
    folder.mkdir()
    for i in range(6):
        (folder / f"a{i}.md").write_text(article(f"# Заголовок {i}", f"текст номер {i}", notice=i % 2 == 0),
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)

    def run(tag: str, *argv: str) -> bytes:
        out = tmp_path / f"{tag}.json"
        main(["check", "content", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
              "-f", "json", "-o", str(out), *argv])
        return re.sub(rb'"started": ("[^"]*"|null)', b"", out.read_bytes())

    assert run("fill") == run("cached") == run("fresh", "--no-cache")
    edited = folder / "a3.md"
    st = edited.stat()
    edited.write_text(edited.read_text(encoding="utf-8").replace("номер", "НОМЕР"), encoding="utf-8")
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: only ctime moved
    os.utime(folder / "a4.md")  # touched, unchanged
    cached = run("after")
    assert cached == run("fresh-after", "--no-cache") and "НОМЕР" in cached.decode("utf-8")


def _content(tmp_path: Path, n: int = 6) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    export = Path(__file__).resolve().parent / "fixtures" / "records" / "export.jsonl"
    (folder / "export.jsonl").write_bytes(export.read_bytes())  # one file, three documents
    for i in range(n):
        (folder / f"a{i}.md").write_text(article(f"# Заголовок {i}", f"текст номер {i}", notice=i % 2 == 0),
                                         encoding="utf-8")
    return folder


def _check(tmp_path: Path, tag: str, *argv: str, fmt: str = "json") -> bytes:
    from auditor.cli import main

    out = tmp_path / f"{tag}.{fmt}"
    main(["check", "content", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
          "-f", fmt, "-o", str(out), *argv])
    return re.sub(rb'"(started|startTimeUtc|endTimeUtc)": ("[^"]*"|null)', rb'"\1": null', out.read_bytes())


def test_rendered_lines_never_stand_in_for_what_waivers_a_baseline_or_select_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unchanged files are answered with their JSON lines only when nothing after the engine changes
    them: a run with a baseline, waivers or --select right after one that stored lines prints what a
    run without the cache prints."""
    from auditor.cli import main

    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    plain = _check(tmp_path, "fill")
    assert _check(tmp_path, "cached") == plain and b"missing" in plain
    main(["baseline", "create", "content", "--rules", "caucasian-knot", "--as-of", "2026-11-28",
          "-o", str(tmp_path / "baseline.json")])
    (tmp_path / "content" / "a1.md").write_text(article("# Новый", "кликбейт", notice=False), encoding="utf-8")
    for argv in (["--baseline", "baseline.json"], ["--select", "ru-foreign-agent/*"], ["--ignore", "attribution/*"]):
        assert _check(tmp_path, "cached", *argv) == _check(tmp_path, "fresh", *argv, "--no-cache"), argv
    baselined = json.loads(_check(tmp_path, "b", "--baseline", "baseline.json"))
    assert baselined["summary"]["baselined"] > 0
    assert _check(tmp_path, "cached", fmt="sarif") == _check(tmp_path, "fresh", "--no-cache", fmt="sarif")
    capsys.readouterr()
    console = []
    for argv in ([], ["--no-cache"]):
        main(["check", "content", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
              "--color", "never", *argv])
        console.append(capsys.readouterr().out)
    assert console[0] == console[1] and "a1.md" in console[0]
    assert _check(tmp_path, "cached") == _check(tmp_path, "fresh", "--no-cache")


def test_damaged_rendered_lines_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _content(tmp_path, n=3)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    plain = _check(tmp_path, "fill")
    with sqlite3.connect(tmp_path / ".auditor_cache" / DB_NAME) as db:  # the run kept every file's lines
        assert db.execute(f"SELECT count(*) FROM {INDEX} WHERE lines LIKE '{{\"path\": %'").fetchone()[0] == 4
    for damage in ("summary = 'pass:x:0:0:0:0'", "summary = 'odd:0:0:0:0:0'", "summary = 'pass:0:0'",
                   "summary = '[not json'", "summary = '[[1, \"nonsense\", {}, 0, 0]]'", "lines = NULL",
                   "summary = '[]'", "lines = 'one' || char(10) || 'two'"):
        _files(tmp_path, f"UPDATE {INDEX} SET {damage}")
        assert _check(tmp_path, "cached") == plain, damage


def test_unchanged_files_answered_as_blocks_print_what_a_fresh_run_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Consecutive unchanged files come from the index as one block of lines (``spill.RenderedBlock``);
    a changed file, a file of several documents and named files in between keep their place."""
    from auditor import results as results_mod

    blocks: list[int] = []
    add_block = results_mod.Results._add_block

    def spy(self: results_mod.Results, block: object) -> None:
        blocks.append(len(block))  # type: ignore[arg-type]
        add_block(self, block)  # type: ignore[arg-type]

    monkeypatch.setattr(results_mod.Results, "_add_block", spy)
    _content(tmp_path, n=8)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    assert _check(tmp_path, "fill") == _check(tmp_path, "fresh", "--no-cache")
    assert blocks == []  # nothing was stored yet
    cached = _check(tmp_path, "cached")
    assert cached == _check(tmp_path, "fresh", "--no-cache")
    assert blocks == [8]  # a0..a7 in one block; the export's three documents the long way
    (tmp_path / "content" / "a3.md").write_text(article("# Новый", "кликбейт", notice=False), encoding="utf-8")
    blocks.clear()
    after = _check(tmp_path, "after")
    assert after == _check(tmp_path, "fresh-after", "--no-cache") and after != cached
    assert blocks == [3, 4]  # a0-a2, then a4-a7: the edited file between them was checked
    assert _named(tmp_path, "named") == _named(tmp_path, "named-fresh", "--no-cache")
    assert blocks[-1] == 2  # both named files in one block: the run's verdict reads their documents


def _named(tmp_path: Path, tag: str, *argv: str) -> bytes:
    from auditor.cli import main

    out = tmp_path / f"{tag}.json"
    main(["check", "content/a5.md", "content/a1.md", "--rules", "caucasian-knot", "--as-of", "2026-11-28",
          "--no-history", "-f", "json", "-o", str(out), *argv])
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', out.read_bytes())


def test_a_file_named_another_way_is_not_answered_with_the_other_names_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is keyed by the file's absolute path; its stored line names the path as the run
    that stored it named the file. From another folder of the same project (same config root),
    the same file has another name: its line is not this run's."""
    from auditor.cli import main

    _content(tmp_path, n=2)
    (tmp_path / "auditor.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    _check(tmp_path, "fill")
    _check(tmp_path, "stored")  # the lines are stored by the first run they were answered in
    monkeypatch.chdir(tmp_path / "content")

    def run(tag: str, *argv: str) -> bytes:
        out = tmp_path / f"{tag}.json"
        main(["check", "a1.md", "a0.md", "--rules", "caucasian-knot", "--as-of", "2026-11-28",
              "--no-history", "-f", "json", "-o", str(out), *argv])
        return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', out.read_bytes())

    cached = run("cached")
    assert cached == run("fresh", "--no-cache") and b'"path": "a1.md"' in cached
