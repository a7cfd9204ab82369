"""Time the designated-mentions matching against a register the size of an official list.

    python bench/bench_mentions.py                         # 1,000 people, 200 articles of 40 sentences
    python bench/bench_mentions.py --people 3000 --articles 100

Part 1 (the index, auditor/registries/index.py): builds a CSV register of made-up people (realistic
names from tests/registries_names.py, ``Фамилия Имя Отчество``, all foreign agents), loads it,
times building the name index once, then times ``NameIndex.find`` per article (40 sentences of
varied prose, each naming one listed person in a random case, plus unlisted namesakes).

Part 2 (the first stage, token -> name word, three ways, same articles): the index's dict lookup
per token; one pyahocorasick automaton over the upper-cased text with every surface form as a
pattern (word boundaries checked after); one combined regular expression of every form. Each is
built once and run over the same articles, alternating, so a shared machine's noise hits all three.

Part 3 (the whole rule set): the median time per article of ``RuleSet.evaluate`` with the
ru-designated-mentions pack and the register (mention windows, phrases, verdicts included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FILLER = [
    "Администрация района пообещала отремонтировать дороги до начала зимы.",
    "Цены на продукты в городе выросли за месяц почти на три процента.",
    "Жители жалуются на перебои с водой и отоплением в старых домах.",
    "На набережной открыли новый сквер с фонтаном и детской площадкой.",
    "Суд отложил рассмотрение дела до следующей недели по просьбе защиты.",
    "Синоптики обещают снег и сильный ветер в горных районах республики.",
]


def articles(people: list, n: int, rnd: random.Random) -> list[str]:
    from tests.registries_names import CASES, SENTENCES

    out = []
    for _ in range(n):
        parts = []
        for _ in range(40):
            p = people[rnd.randrange(len(people))]
            case = rnd.choice(CASES)
            parts.append(SENTENCES[case].format(x=p.in_case(case)))
            parts.append(rnd.choice(FILLER))
        out.append("Новости\n\n18+ " + " ".join(parts) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()

    from auditor import morph
    from auditor.registries.index import NameIndex
    from auditor.registries.store import load_registry
    from auditor.text import normalize
    from tests.registries_names import people as make_people

    rnd = random.Random(7)
    people = make_people(args.people)
    texts = articles(people, args.articles, rnd)
    norms = [normalize(t, fold=True, strip=False).text for t in texts]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = ["name,aliases,kind,listed_from,listed_until,source_url"]
        rows += [f"{p.register_name},,foreign_agent,2023-01-13,," for p in people]
        (folder / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        reg = load_registry(str(folder / "people.csv"))
        t_load = time.perf_counter() - t0
        morph._analyzer()  # the dictionary loads once per process, whatever uses it first
        t0 = time.perf_counter()
        index = NameIndex.build([reg])
        t_build = time.perf_counter() - t0
        print(f"register: {len(reg.entries)} people ({sum(len(e.names) for e in index.entities)} names and "
              f"variants, {index.words} distinct words, {len(index.forms)} surface forms); "
              f"morphology: {'pymorphy3' if index.lemmatised else 'suffix stripping'}")
        print(f"load CSV: {t_load * 1000:.0f} ms; build the index: {t_build * 1000:.0f} ms")

        hits = 0
        per: list[float] = []
        for norm in norms:
            t0 = time.perf_counter()
            hits += len(index.find(norm))
            per.append(time.perf_counter() - t0)
        words = sum(len(index.tokens(n)) for n in norms) / len(norms)
        print(f"articles: {len(norms)} x 40 sentences (~{words:.0f} tokens); names found: {hits} "
              f"(expected {40 * len(norms)})")
        print(f"match (index.find) per article: median {statistics.median(per) * 1000:.2f} ms")

        stage_one(index, norms)

        (folder / "house.yaml").write_text(
            'id: bench-house\ntitle: bench\nversion: "1"\nextends: [ru-designated-mentions]\n'
            "settings:\n  registries: [./people.csv]\n",
            encoding="utf-8",
        )
        from auditor.packs import load_ruleset
        from auditor.readers import read_bytes

        rs = load_ruleset([str(folder / "house.yaml")])
        assert not rs.errors, rs.errors
        times: list[float] = []
        findings = 0
        for i, text in enumerate(texts[: min(60, len(texts))]):
            doc = read_bytes(text.encode(), f"a{i}.txt", rs.reader_options)[0]
            t0 = time.perf_counter()
            found, _ = rs.evaluate(doc, date(2026, 5, 1))
            times.append(time.perf_counter() - t0)
            findings += len(found)
        print(f"whole rule set per article (evaluate, {len(times)} articles, {findings} findings): "
              f"median {statistics.median(times[1:]) * 1000:.1f} ms")


def stage_one(index: object, norms: list[str]) -> None:
    """Token -> candidate name words: dict per token vs pyahocorasick vs one combined regex."""
    import regex

    forms = sorted(index.forms)  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    alternation = regex.compile(
        r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\p{L}\p{N}])"
    )
    t_rx = time.perf_counter() - t0
    automaton = None
    try:
        import ahocorasick

        t0 = time.perf_counter()
        automaton = ahocorasick.Automaton()
        for f in forms:
            automaton.add_word(f, f)
        automaton.make_automaton()
        t_ac = time.perf_counter() - t0
    except ImportError:
        t_ac = 0.0

    def by_dict(text: str) -> int:
        return sum(1 for t in index.tokens(text) if index.forms.get(index.key(t.text)))  # type: ignore[attr-defined]

    def by_regex(text: str) -> int:
        return sum(1 for _ in alternation.finditer(text.upper().replace("Ё", "Е")))

    def by_automaton(text: str) -> int:
        up = text.upper().replace("Ё", "Е")
        n = 0
        for end, f in automaton.iter_long(up):  # type: ignore[union-attr]
            start = end - len(f) + 1
            if (start == 0 or not up[start - 1].isalnum()) and (end + 1 == len(up) or not up[end + 1].isalnum()):
                n += 1
        return n

    ways = [("dict per token", by_dict), ("combined regex", by_regex)]
    if automaton is not None:
        ways.append(("pyahocorasick", by_automaton))
    times: dict[str, list[float]] = {name: [] for name, _ in ways}
    counts: dict[str, int] = {name: 0 for name, _ in ways}
    for text in norms:
        for name, fn in ways:  # alternate, so noise hits every way alike
            t0 = time.perf_counter()
            counts[name] += fn(text)
            times[name].append(time.perf_counter() - t0)
    built = {"dict per token": "built with the index", "combined regex": f"compiled in {t_rx * 1000:.0f} ms",
             "pyahocorasick": f"built in {t_ac * 1000:.0f} ms"}
    for name, _ in ways:
        print(f"stage 1, {name:<15}: median {statistics.median(times[name]) * 1000:.2f} ms per article, "
              f"{counts[name]} candidate words; {built[name]}")
    if automaton is None:
        print("stage 1, pyahocorasick : not installed (pip install pyahocorasick)")


if __name__ == "__main__":
    main()
