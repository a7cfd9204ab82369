"""Defect 8 of issue 16: the console never prints raw control characters from file names or
content (ESC/CSI/OSC, BEL, C0/C1, bidi overrides), with or without colour, and a newline in a file
name cannot split a result line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile import ARTICLE

from auditor.cli import main
from auditor.escape import printable

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r\u202e"
OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def _controls(text: str) -> list[str]:
    return sorted({c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c == "\u202e"})


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("a\x1b[2Jb\x07\nc\t\u202e") == "a\\x1b[2Jb\\x07\\nc\\t\\u202e"
    text = "«Мемориал» — ёж 🙂 e\u0301 NBSP\u00a0"
    assert printable(text) == text
    # a combining mark after an escaped character is escaped too: it would sit on the escape's last letter
    assert printable("x\u202e\u0301\u0308.txt") == "x\\u202e\\u0301\\u0308.txt"


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / f"evil{HOSTILE}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "two\nlines.txt").write_text(ARTICLE, encoding="utf-8")
    body = ARTICLE.replace("Иван Петров", f"Иван{HOSTILE}Петров").replace("Текст", f"Текст{HOSTILE}")
    (folder / "content.txt").write_text(body, encoding="utf-8")
    (folder / "binary\x1b.txt").write_bytes(b"\x1b]0;x\x07" + b"\x00" * 10)
    return folder


@pytest.mark.parametrize("colour", ["never", "always"])
def test_console_prints_no_raw_control_characters(hostile_folder: Path, colour: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    main(["check", str(hostile_folder), "--no-cache", "--no-history", "--color", colour, "-v"])
    out = capsys.readouterr().out
    shown = OUR_COLOURS.sub("", out) if colour == "always" else out
    assert _controls(shown) == []
    if colour == "never":
        assert "\x1b" not in out
    results = [line for line in shown.splitlines() if re.match(r"(PASS|FAIL|ERROR|SKIP) +\S*content/", line)]
    assert len(results) == 4  # one line per file: the newline in a name did not split one
    assert any("two\\nlines.txt" in line for line in results)
    assert any("evil\\x1b[2J\\x1b]0;pwned\\x07" in line for line in results)


def test_inspect_prints_no_raw_control_characters(hostile_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["inspect", str(hostile_folder / "content.txt"), "--color", "always"])
    out = OUR_COLOURS.sub("", capsys.readouterr().out)
    assert _controls(out) == [] and "\\x1b]0;pwned\\x07" in out


def test_json_report_keeps_the_true_names(hostile_folder: Path, tmp_path: Path) -> None:
    """Escaping is for the terminal: machine formats keep the exact name (JSON escapes it itself)."""
    out = tmp_path / "r.json"
    main(["check", str(hostile_folder), "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    names = {Path(d["path"]).name for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert f"evil{HOSTILE}.txt" in names and "two\nlines.txt" in names
