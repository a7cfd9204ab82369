"""Same JSON bytes whatever the jobs, the chunking of the process pool, the cache or the engine.

The corpus mixes Russian and English plain text, Markdown and HTML articles, compliant and broken
notices, project files that are skipped, an empty file (an error result) and an unknown format, so
that results of every kind are interleaved with the ones the pool computes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor import engine
from auditor.cli import main

NOTICE = ("НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
          "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО».")


def _corpus(root: Path, n: int = 30) -> None:
    for i in range(n):
        folder = root / f"{i // 10:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        notice = NOTICE if i % 3 == 0 else (NOTICE.replace("ПРОИЗВЕДЕН И ", "") if i % 3 == 1 else "")
        stamp = f"{(i % 27) + 1:02d} March 2024, 1{i % 10}:3{i % 6}"
        if i % 4 == 0:
            body = f"Жители Нальчика обсудили ремонт дороги {i}.\n\nПравозащитники потребовали ответа."
            top = f"{notice}\n\n" if notice else ""
            text = (f"{stamp}\n\nЗаголовок статьи {i}\n\n{top}{body}\n\n"
                    f"Автор: Амина Даурова Источник: корреспондент\n\nAll news\n")
            (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
        elif i % 4 == 1:
            text = (f"---\ntitle: Article {i}\npublished: \"{stamp}\"\nlanguage: en\n---\n\n# Article {i}\n\n"
                    f"Residents of Grozny discussed the bridge project.\n\n{notice}\n\nSource: local media\n")
            (folder / f"a{i:03d}.md").write_text(text, encoding="utf-8")
        elif i % 4 == 2:
            text = (f"<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Статья {i}</title></head>"
                    f"<body><article><div class=\"date\">{stamp}</div><h1>Статья {i}</h1><p>{notice}</p>"
                    f"<p>Фермеры Сочи оспорили решение суда.</p><p class=\"byline\">Author: Руслан Хасанов</p>"
                    f"</article></body></html>\n")
            (folder / f"a{i:03d}.html").write_text(text, encoding="utf-8")
        else:
            text = f"{stamp}\n\nTitle {i}\n\nA text with no notice and no author line at all.\n"
            (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    (root / "05").mkdir(exist_ok=True)
    (root / "05" / "README.md").write_text("# About this folder\n", encoding="utf-8")  # skipped
    (root / "05" / "empty.txt").write_text("", encoding="utf-8")  # an error result
    (root / "05" / "photo.bin").write_bytes(b"\x00\x01\x02binary")


def _run(tmp: Path, tag: str, *argv: str) -> bytes:
    out = tmp / f"{tag}.json"
    rc = main(["check", "corpus", "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
               "-f", "json", "-o", str(out), *argv])
    assert rc in (0, 1)
    return re.sub(rb'"started": ("[^"]*"|null)', b'"started": null', out.read_bytes())


def test_same_json_bytes_whatever_jobs_chunking_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    one = _run(tmp_path, "one", "--jobs", "1", "--no-cache")
    data = json.loads(one)
    statuses = {d["status"] for d in data["documents"]}
    assert {"pass", "fail", "error", "skipped"} <= statuses  # every kind of result is in the mix
    assert data["summary"]["documents"] == 33
    paths = [d["path"] for d in data["documents"]]
    assert paths == sorted(paths)  # input order
    for chunk, window in ((1, 1), (3, 2), (64, 8)):
        monkeypatch.setattr(engine, "CHUNK", chunk)
        monkeypatch.setattr(engine, "WINDOW", window)
        assert _run(tmp_path, f"two-{chunk}", "--jobs", "2", "--no-cache") == one, (chunk, window)
    assert _run(tmp_path, "fill", "--jobs", "2") == one  # fills the cache
    assert (tmp_path / ".auditor_cache").is_dir()
    assert _run(tmp_path, "cached", "--jobs", "1") == one
    assert _run(tmp_path, "cached-2", "--jobs", "2") == one
