"""A small mixed corpus for the engine tests (jobs, chunking, cache, Dask): Russian and English
plain text, Markdown and HTML, compliant and broken notices, a skipped project file, an empty file
(an error result) and a file of unknown format."""

from __future__ import annotations

from pathlib import Path

NOTICE = ("НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
          "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО».")


def make_corpus(root: Path, n: int = 30) -> None:
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
