"""Time the mention check against a registry the size of an official list.

    python bench/bench_mentions.py                  # 3,000 people, 200 articles of 40 sentences
    python bench/bench_mentions.py --people 10000

Writes a synthetic CSV registry (made-up people built from common Russian names, all listed as
foreign agents) and a house pack that extends ru-designated-mentions with it into a temporary
folder, then prints the time to build the name index (first article) and the median time per
article after that. Every article names listed people, so every one gives findings.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

SURNAMES = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Волков",
    "Соловьёв",
    "Васильев",
    "Зайцев",
    "Павлов",
    "Семёнов",
    "Голубев",
    "Виноградов",
    "Богданов",
    "Воробьёв",
    "Фёдоров",
    "Михайлов",
    "Беляев",
    "Тарасов",
    "Белов",
    "Комаров",
    "Орлов",
    "Киселёв",
    "Макаров",
    "Андреев",
]
NAMES = [
    "Алексей",
    "Андрей",
    "Борис",
    "Вадим",
    "Глеб",
    "Денис",
    "Егор",
    "Игорь",
    "Кирилл",
    "Лев",
    "Максим",
    "Никита",
    "Олег",
    "Павел",
    "Роман",
]
PATRONYMICS = [
    "Алексеевич",
    "Андреевич",
    "Борисович",
    "Вадимович",
    "Глебович",
    "Денисович",
    "Егорович",
    "Игоревич",
]
SENTENCE = "Экономист {name} рассказал о санкциях, а журналисты телеканала спросили его о планах."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()

    from auditor.packs import load_ruleset
    from auditor.readers import read_bytes

    rnd = random.Random(7)
    people = [(rnd.choice(SURNAMES), rnd.choice(NAMES), rnd.choice(PATRONYMICS)) for _ in range(args.people)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = ["id,name,kind,status,listed_from"]
        rows += [f"p{i},{s} {n} {p},person,foreign_agent,2023-01-01" for i, (s, n, p) in enumerate(people)]
        (folder / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        (folder / "house.yaml").write_text(
            'id: bench-house\ntitle: bench\nversion: "1"\nextends: [ru-designated-mentions]\n'
            "settings:\n  registries: [./people.csv]\n",
            encoding="utf-8",
        )
        rs = load_ruleset([str(folder / "house.yaml")])
        assert not rs.errors, rs.errors
        times: list[float] = []
        findings = 0
        for i in range(args.articles):
            picks = [people[rnd.randrange(len(people))] for _ in range(40)]
            body = " ".join(SENTENCE.format(name=f"{n} {s}") for s, n, _ in picks)
            doc = read_bytes(f"Новости\n\n18+ {body}\n".encode(), f"a{i}.txt", rs.reader_options)[0]
            t0 = time.perf_counter()
            found, _ = rs.evaluate(doc, date(2026, 5, 1))
            times.append(time.perf_counter() - t0)
            findings += len(found)
    print(f"registry: {args.people} people; articles: {args.articles} x 40 sentences; findings: {findings}")
    print(f"first article (builds the name index): {times[0] * 1000:.0f} ms")
    print(f"median per article after that: {statistics.median(times[1:]) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
