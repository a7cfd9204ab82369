"""Defect 9 of issue 16: symlinks out of the checked folder and symlink loops, invalid UTF-8 read
as cp1251 with a warning, and an author name with a comma kept whole. (The DOCX entity half of
defect 9 is in test_docx.py.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile import ARTICLE

from auditor.cli import main
from auditor.readers.common import split_names


def _docs(tmp_path: Path, *args: str) -> dict[str, dict]:
    out = tmp_path / "r.json"
    main(["check", *args, "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    return {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    folder = tmp_path / "content"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "out-file.txt")
    os.symlink(outside, folder / "out-dir")
    os.symlink(folder / "a.txt", folder / "sub" / "in-link.txt")  # inside: followed
    os.symlink("..", folder / "sub" / "up")  # a folder already walked
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("missing.txt", folder / "broken.txt")
    return folder


def test_symlinks_out_of_the_folder_are_skipped_with_the_reason(linked: Path, tmp_path: Path) -> None:
    docs = _docs(tmp_path, str(linked))
    assert set(docs) == {"a.txt", "in-link.txt", "out-file.txt", "out-dir", "up", "loop.txt", "broken.txt"}
    assert "secret.txt" not in docs
    for name in ("out-file.txt", "out-dir"):
        assert docs[name]["status"] == "skipped" and "outside the checked folder" in docs[name]["note"]
    assert docs["up"]["status"] == "skipped" and "already checked" in docs["up"]["note"]
    assert "loop" in docs["loop.txt"]["note"] and "broken" in docs["broken.txt"]["note"]
    assert docs["in-link.txt"]["status"] in ("pass", "fail")


def test_symlink_loop_on_the_command_line_is_named_as_such(linked: Path, tmp_path: Path) -> None:
    docs = _docs(tmp_path, str(linked / "loop.txt"), str(linked / "broken.txt"))
    assert docs["loop.txt"]["status"] == "error"
    assert "symbolic link loop" in docs["loop.txt"]["error"] and "no such file" not in docs["loop.txt"]["error"]
    assert "broken symbolic link" in docs["broken.txt"]["error"]


def test_named_symlink_out_of_any_folder_is_audited(linked: Path, tmp_path: Path) -> None:
    """Named on the command line, a link is the user's choice."""
    assert _docs(tmp_path, str(linked / "out-file.txt"))["out-file.txt"]["status"] in ("pass", "fail")


def test_invalid_utf8_read_as_cp1251_warns_at_the_first_bad_byte(tmp_path: Path) -> None:
    text = "Заголовок\n\nАвтор: Иван Петров\n\nПервая строка ascii. Текст статьи о погоде.\n"
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1251"))
    (tmp_path / "utf.txt").write_text(text, encoding="utf-8")
    page = f"<html><head><meta charset='windows-1251'></head><body><h1>Заголовок</h1><p>{text}</p></body></html>"
    (tmp_path / "declared.html").write_bytes(page.encode("cp1251"))
    docs = _docs(tmp_path, str(tmp_path))
    warned = [f for f in docs["cp.txt"]["findings"] if f["rule_id"] == "auditor.encoding"]
    assert len(warned) == 1 and warned[0]["severity"] == "warning"
    assert "not UTF-8" in warned[0]["message"] and "cp1251" in warned[0]["message"]
    assert warned[0]["span"]["line"] == 1 and warned[0]["evidence"] == "З"
    assert docs["cp.txt"]["fields"]["author"] == ["Иван Петров"]  # read right, and said so
    for ok in ("utf.txt", "declared.html"):  # UTF-8, or an encoding the page declares: nothing to say
        assert not [f for f in docs[ok]["findings"] if f["rule_id"] == "auditor.encoding"]


@pytest.mark.parametrize(("text", "names"), [
    ("Петров, Иван", ["Петров, Иван"]),
    ("Иванов, И. И.", ["Иванов, И. И."]),
    ("Smith, J.", ["Smith, J."]),
    ("Smith, John", ["Smith, John"]),
    ("Иванов И., Петров П.", ["Иванов И.", "Петров П."]),
    ("Мария Петрова, Иван Сидоров", ["Мария Петрова", "Иван Сидоров"]),
    ("Петров, Иван и Сидоров, Пётр", ["Петров, Иван", "Сидоров, Пётр"]),
    ("Smith, Jones and Brown", ["Smith", "Jones", "Brown"]),
    ("ТАСС, Интерфакс", ["ТАСС", "Интерфакс"]),
])  # fmt: skip
def test_author_with_a_comma_is_one_author(text: str, names: list[str]) -> None:
    if "Иван" in text and "," in text.split()[0]:
        pytest.importorskip("pymorphy3")
    got = split_names(text, 10)
    assert [n for n, _s, _e in got] == names
    assert all(text[s - 10 : e - 10] == n for n, s, e in got)  # spans still point at the names


def test_author_with_a_comma_in_an_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE.replace("Иван Петров", "Петров, И. И."), encoding="utf-8")
    assert _docs(tmp_path, str(tmp_path / "a.txt"))["a.txt"]["fields"]["author"] == ["Петров, И. И."]
