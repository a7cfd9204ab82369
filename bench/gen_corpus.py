"""Write a corpus of generated Russian and English articles for benchmarks (default 10,000 files).

Every word is produced here from small word lists by a seeded random generator, so the same seed
gives the same corpus byte for byte. Articles come as plain text, Markdown with front matter and
HTML, in folders of 200; about a third carry the statutory notice correctly, the rest miss it,
alter it or carry other problems (no author, no source, odd timestamps). ``--profile seed`` gives
the caucasian-knot page layout instead (date, title, 4-9 KB of text, byline, "All news", the
notice and a feed of other headlines with their dates), which is what ``bench/run.py`` times.

    python bench/gen_corpus.py                 # -> bench/out/corpus/ (gitignored)
    python bench/gen_corpus.py -n 500 --seed 7 --out bench/out/small
    python bench/gen_corpus.py -n 10000 --profile seed --out bench/out/seed-10k

``iter_corpus(n, seed, profile)`` yields (relative path, text) without touching the disk, so a
benchmark can write a million articles as it goes and delete them afterwards.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from html import escape
from pathlib import Path

NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
ALTERED = [
    NOTICE.replace("ПРОИЗВЕДЕН И ", ""),  # a dropped word
    NOTICE.replace("А", "A").replace("О", "O"),  # Latin look-alikes
    "ДАННОЕ СООБЩЕНИЕ СОЗДАНО ИНОСТРАННЫМ АГЕНТОМ.",  # a home-made wording
]

RU = {
    "subj": ["жители", "депутаты", "правозащитники", "активисты", "врачи", "учителя", "фермеры", "студенты",
             "журналисты", "волонтёры", "предприниматели", "пенсионеры"],
    "place": ["Нальчика", "Махачкалы", "Грозного", "Владикавказа", "Черкесска", "Магаса", "Ставрополя",
              "Краснодара", "Сочи", "Дербента", "Хасавюрта", "Пятигорска"],
    "verb": ["потребовали", "обсудили", "оспорили", "поддержали", "раскритиковали", "предложили", "отложили",
             "подписали", "проверили", "объявили"],
    "obj": ["снос рынка", "ремонт дороги", "новый закон", "решение суда", "план застройки", "тарифы на воду",
            "закрытие школы", "строительство моста", "итоги выборов", "бюджет района"],
    "extra": ["во вторник утром", "на прошлой неделе", "после долгих споров", "у здания администрации",
              "на общем собрании", "в социальных сетях", "в ответ на жалобы", "без объяснения причин"],
    "names": ["Амина Даурова", "Руслан Хасанов", "Марина Ковалёва", "Ислам Магомедов", "Олег Сидоренко",
              "Заира Алиева", "Тимур Бекоев", "Елена Гаврилова"],
    "source": ["корреспондент «Кавказского узла»", "пресс-служба суда", "местные СМИ", "очевидцы"],
    "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
               "октября", "ноября", "декабря"],
}
EN = {
    "subj": ["residents", "lawmakers", "rights defenders", "activists", "doctors", "teachers", "farmers",
             "students", "reporters", "volunteers", "shop owners", "pensioners"],
    "place": ["Nalchik", "Makhachkala", "Grozny", "Vladikavkaz", "Cherkessk", "Magas", "Stavropol",
              "Krasnodar", "Sochi", "Derbent", "Khasavyurt", "Pyatigorsk"],
    "verb": ["demanded", "discussed", "challenged", "backed", "criticised", "proposed", "postponed", "signed",
             "inspected", "announced"],
    "obj": ["the market demolition", "the road repairs", "a new law", "the court ruling", "the building plan",
            "water tariffs", "the school closure", "the bridge project", "the election results", "the district budget"],
    "extra": ["on Tuesday morning", "last week", "after a long debate", "outside the administration",
              "at a general meeting", "on social media", "in reply to complaints", "without explanation"],
    "names": ["Amina Daurova", "Ruslan Khasanov", "Marina Kovaleva", "Islam Magomedov", "Oleg Sidorenko",
              "Zaira Alieva", "Timur Bekoev", "Elena Gavrilova"],
    "source": ["CK correspondent", "the court press office", "local media", "eyewitnesses"],
    "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"],
}


def _sentence(rng: random.Random, w: dict[str, list[str]], ru: bool) -> str:
    s = f"{rng.choice(w['subj'])} {rng.choice(w['place'])} {rng.choice(w['verb'])} {rng.choice(w['obj'])} {rng.choice(w['extra'])}"
    if not ru:
        s = f"{rng.choice(w['subj'])} in {rng.choice(w['place'])} {rng.choice(w['verb'])} {rng.choice(w['obj'])} {rng.choice(w['extra'])}"
    return s[0].upper() + s[1:] + "."


def _article(rng: random.Random, i: int) -> dict[str, object]:
    ru = rng.random() < 0.6
    w = RU if ru else EN
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2026)
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    if rng.random() < 0.9:
        stamp = f"{day:02d} {EN['months'][month - 1]} {year}, {hour:02d}:{minute:02d}"
    else:
        stamp = f"{day} {w['months'][month - 1]} {year} г. в {hour}:{minute:02d}" if ru else f"{month}/{day}/{year} {hour}:{minute:02d}"
    title = _sentence(rng, w, ru).rstrip(".")
    paragraphs = [" ".join(_sentence(rng, w, ru) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 9))]
    roll = rng.random()
    notice = NOTICE if roll < 0.35 else (rng.choice(ALTERED) if roll < 0.5 else None)
    author = rng.choice(w["names"]) if rng.random() < 0.85 else None
    source = rng.choice(w["source"]) if rng.random() < 0.8 else None
    return {"id": f"a{i:07d}" if i >= 100_000 else f"a{i:05d}", "ru": ru, "stamp": stamp, "title": title, "paragraphs": paragraphs,
            "notice": notice, "author": author, "source": source}


def _byline(a: dict[str, object]) -> str:
    bits = []
    if a["author"]:
        bits.append(f"Author: {a['author']}")
    if a["source"]:
        bits.append(f"Source: {a['source']}")
    return " ".join(bits)


def render_text(a: dict[str, object]) -> str:
    parts = [str(a["stamp"]), str(a["title"])]
    if a["notice"]:
        parts.append(str(a["notice"]))
    parts += list(a["paragraphs"])  # type: ignore[arg-type]
    if _byline(a):
        parts.append(_byline(a))
    return "\n\n".join(parts) + "\n"


def render_markdown(a: dict[str, object]) -> str:
    front = [f"title: \"{a['title']}\"", f"published: \"{a['stamp']}\"", f"language: {'ru' if a['ru'] else 'en'}",
             f"id: {a['id']}"]
    if a["author"]:
        front.append(f"author: {a['author']}")
    body = [f"# {a['title']}"]
    if a["notice"]:
        body.append(str(a["notice"]))
    body += list(a["paragraphs"])  # type: ignore[arg-type]
    if a["source"]:
        body.append(f"Source: {a['source']}")
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def render_html(a: dict[str, object]) -> str:
    lang = "ru" if a["ru"] else "en"
    ps = "\n".join(f"<p>{escape(str(p))}</p>" for p in a["paragraphs"])  # type: ignore[attr-defined]
    notice = f'<p class="notice">{escape(str(a["notice"]))}</p>\n' if a["notice"] else ""
    byline = f'<p class="byline">{escape(_byline(a))}</p>\n' if _byline(a) else ""
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(str(a["title"]))}</title></head>\n'
        f'<body><nav><a href="/">All news</a></nav>\n<article>\n<div class="date">{escape(str(a["stamp"]))}</div>\n'
        f'<h1>{escape(str(a["title"]))}</h1>\n{notice}{ps}\n{byline}</article>\n<footer>© publisher</footer></body></html>\n'
    )


# -- the caucasian-knot page layout (seed-like) -------------------------------------------------
QUOTE_STYLES = ("«{}»", "“{}”", '"{}"')


def _seed_article(rng: random.Random, i: int) -> dict[str, object]:
    a = _article(rng, i)
    w = RU if a["ru"] else EN
    # a real page: 4-9 KB of body, a quotation or two, and the feed of other headlines below
    a["paragraphs"] = [" ".join(_sentence(rng, w, bool(a["ru"])) for _ in range(rng.randint(3, 6)))
                       for _ in range(rng.randint(6, 14 if not a["ru"] else 9))]
    if rng.random() < 0.5:
        q = rng.choice(QUOTE_STYLES).format(_sentence(rng, w, bool(a["ru"])).rstrip("."))
        a["paragraphs"].insert(1, q + (" - сказал собеседник." if a["ru"] else ", a witness said."))  # type: ignore[attr-defined]
    feed = []
    for _ in range(rng.randint(3, 7)):
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2026)
        feed.append((f"{EN['months'][m - 1]} {d:02d}, {y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                     _sentence(rng, w, bool(a["ru"])).rstrip("."), _sentence(rng, w, bool(a["ru"]))))
    a["feed"] = feed
    a["full_text"] = rng.random() < 0.5
    # the notice sits after "All news" on the real pages; some pages put it on top, some lack it
    a["notice_place"] = "bottom" if rng.random() < 0.8 else "top"
    return a


def render_seed(a: dict[str, object]) -> str:
    parts = [str(a["stamp"]), str(a["title"])]
    if a["notice"] and a["notice_place"] == "top":
        parts.append(str(a["notice"]))
    parts += list(a["paragraphs"])  # type: ignore[arg-type]
    if a["full_text"]:
        parts.append("Full text of the article is available on the Russian page of 24/7 Internet agency "
                     "‘Caucasian Knot’.")
    if _byline(a):
        parts.append(_byline(a))
    parts.append("All news")
    if a["notice"] and a["notice_place"] == "bottom":
        parts.append(str(a["notice"]))
    for stamp, head, lead in a["feed"]:  # type: ignore[attr-defined]
        parts.append(stamp)
        parts.append(f"  • {head}\n\n    {lead}")
    parts.append("News archive")
    return "\n\n".join(parts) + "\n"


def iter_corpus(n: int, seed: int = 2024, profile: str = "mixed") -> Iterator[tuple[str, str]]:
    """(relative path, text) for n articles, in folders of 200; the same seed gives the same bytes."""
    rng = random.Random(seed)
    # share of plain text, then Markdown; the rest is HTML
    txt, md, make, render = (0.6, 0.85, _seed_article, render_seed) if profile == "seed" else (
        0.5, 0.8, _article, render_text)
    for i in range(n):
        folder = f"{i // 200:04d}" if n > 200_000 else f"{i // 200:03d}"
        a = make(rng, i)
        kind = rng.random()
        if kind < txt:
            yield f"{folder}/{a['id']}.txt", render(a)
        elif kind < md:
            yield f"{folder}/{a['id']}.md", render_markdown(a)
        else:
            yield f"{folder}/{a['id']}.html", render_html(a)


def generate(out: Path, n: int, seed: int, profile: str = "mixed") -> int:
    if out.exists():
        shutil.rmtree(out)
    written = 0
    made: set[str] = set()
    for rel, text in iter_corpus(n, seed, profile):
        folder = rel.rsplit("/", 1)[0]
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (out / rel).write_text(text, encoding="utf-8")
        written += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of articles (default 10000)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "corpus")
    ap.add_argument("--profile", choices=["mixed", "seed"], default="mixed",
                    help="mixed: short txt/md/html articles; seed: the caucasian-knot page layout, 4-9 KB")
    args = ap.parse_args()
    count = generate(args.out, args.n, args.seed, args.profile)
    print(f"wrote {count} articles to {args.out}")


if __name__ == "__main__":
    main()
