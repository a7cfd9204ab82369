"""The runner's inputs: discovery as a stream, walked again on each pass, in the same order."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from auditor.discover import Source
from auditor.model import DocumentResult
from auditor.packs import load_ruleset
from auditor.runner import RunRequest, prepare


def _article(i: int) -> str:
    return f"Заголовок {i}\n\nТекст статьи номер {i} о событиях в Махачкале.\n\nАвтор: Иван Петров\n"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for sub in ("b", "a/2", "a/10"):
        (tmp_path / sub).mkdir(parents=True)
    for i, rel in enumerate(["b/z.txt", "b/a.md", "a/2/x.txt", "a/10/y.txt", "top.txt"]):
        (tmp_path / rel).write_text(_article(i), encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "audit.txt").write_text(_article(9), encoding="utf-8")  # auditor's own output
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _paths(items: object) -> list[str]:
    return [i.path for i in items]  # type: ignore[attr-defined]


def test_sources_are_walked_again_on_each_pass_in_the_same_order(folder: Path) -> None:
    run = prepare(RunRequest(paths=[".", "missing.txt"], use_cache=False), load_ruleset)
    assert not isinstance(run.sources, list)  # no list of every input is held
    first, second = list(run.sources), list(run.sources)
    expected = ["a/10/y.txt", "a/2/x.txt", "b/a.md", "b/z.txt", "top.txt", "missing.txt"]  # by name, folder by folder
    assert _paths(first) == _paths(second) == expected
    assert isinstance(first[-1], DocumentResult) and first[-1].status == "error"


def test_discovery_is_a_stream_walked_as_the_audit_goes(folder: Path) -> None:
    run = prepare(RunRequest(paths=["."], use_cache=False), load_ruleset)
    walk = iter(run.sources)
    assert next(walk).path == "a/10/y.txt"
    (folder / "b" / "m.txt").write_text(_article(7), encoding="utf-8")  # a later folder, not yet listed
    assert [s.path for s in walk] == ["a/2/x.txt", "b/a.md", "b/m.txt", "b/z.txt", "top.txt"]


def test_standard_input_is_read_once_and_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.BytesIO(_article(3).encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stdin))
    run = prepare(RunRequest(paths=["-", "top.txt"], use_cache=False, stdin_filename="news/x.txt"), load_ruleset)
    assert stdin.tell() > 0  # read while preparing, as before: a pipe cannot be read twice
    for _ in range(2):
        items = list(run.sources)
        assert _paths(items) == ["news/x.txt", "top.txt"]
        assert isinstance(items[0], Source) and items[0].data == _article(3).encode("utf-8")
