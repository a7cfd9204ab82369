"""The progress bar: only for a person at a terminal, never in CI logs; items pass through unchanged."""

from __future__ import annotations

import io

import pytest

from auditor.progress import track, wanted


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_in_ci_or_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("CI", "true")
    assert wanted(_Tty()) is False
    monkeypatch.delenv("CI")
    assert wanted(io.StringIO()) is False
    assert wanted(_Tty()) is True
    monkeypatch.setenv("AUDITOR_NO_PROGRESS", "1")
    assert wanted(_Tty()) is False


def test_items_pass_through_and_short_runs_stay_quiet() -> None:
    quiet = io.StringIO()
    assert list(track(iter(range(50)), 50, stream=quiet, enabled=True)) == list(range(50))
    assert quiet.getvalue() == ""  # done before the one-second delay
    shown = _Tty()
    assert list(track(iter(range(5)), 5, stream=shown, enabled=True, delay=0.0)) == list(range(5))
    assert shown.getvalue() != ""  # the bar was drawn (and cleared) on the terminal stream
    assert list(track(iter("abc"), 3, stream=shown, enabled=False)) == ["a", "b", "c"]


def test_an_item_standing_for_several_files_counts_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.progress as progress

    seen: list[int] = []

    class _Bar:
        def update(self, _task: object, completed: int) -> None:
            seen.append(completed)

        def stop(self) -> None:
            pass

    monkeypatch.setattr(progress, "_start", lambda total, label, stream, done: (_Bar(), 0))
    blocks = [["a", "b", "c"], ["d"], ["e", "f"]]  # e.g. blocks of unchanged files answered together
    assert list(track(iter(blocks), 6, stream=_Tty(), enabled=True, delay=0.0, size=len)) == blocks
    assert seen[-1] == 6
