"""The name index: a CSV register of a few hundred made-up people is found in declined forms and
other name orders, never in prose of common words; statuses count on the article's date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from packs_docs import load_pack
from registries_names import CASES, COMMON_TEXT, SENTENCES, Person, people

from auditor import morph
from auditor.model import Finding
from auditor.packs import RuleSet
from auditor.readers import read_bytes
from auditor.registries.index import NameIndex
from auditor.registries.store import load_registry
from auditor.text import normalize

pytestmark = pytest.mark.skipif(not morph.available(), reason="pymorphy3 (the morph extra) is not installed")

N = 300
PEOPLE = people(N)
AS_OF = date(2026, 5, 1)


def _csv(persons: list[Person], listed_from: str = "2023-01-13") -> str:
    rows = ["name,aliases,kind,listed_from,listed_until,source_url"]
    rows += [f"{p.register_name},,foreign_agent,{listed_from},," for p in persons]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> NameIndex:
    path = tmp_path_factory.mktemp("reg") / "people.csv"
    path.write_text(_csv(PEOPLE), encoding="utf-8")
    reg = load_registry(str(path))
    assert len(reg.entries) == N and all(e.kind == "person" for e in reg.entries)
    return NameIndex.build([reg])


def _found(index: NameIndex, text: str) -> list[tuple[str, str]]:
    norm = normalize(text, fold=True, strip=False)
    return [(h.entity.name, text[slice(*norm.raw_span(h.start, h.end))]) for h in index.find(norm.text)]


@pytest.mark.parametrize("case", CASES)
def test_every_person_found_in_each_case(index: NameIndex, case: str) -> None:
    misses = []
    for p in PEOPLE:
        written = p.in_case(case)
        text = SENTENCES[case].format(x=written)
        if _found(index, text) != [(p.register_name, written)]:
            misses.append((written, _found(index, text)))
    assert misses == []


@pytest.mark.parametrize(
    "order", ["surname name patronymic", "name patronymic surname", "surname name", "name surname"]
)
def test_name_orders_in_the_genitive(index: NameIndex, order: str) -> None:
    sample = PEOPLE[::10]
    got = [_found(index, SENTENCES["gen"].format(x=p.in_case("gen", order))) for p in sample]
    assert [g[0][0] if g else None for g in got] == [p.register_name for p in sample]


def test_initials(index: NameIndex) -> None:
    p = next(x for x in PEOPLE if not x.female)
    text = f"Письмо подписал {p.name[0]}. {p.patronymic[0]}. {p.surname}, а ответил {p.surname} {p.name[0]}. {p.patronymic[0]}."
    assert [name for name, _ in _found(index, text)] == [p.register_name, p.register_name]


def test_no_hits_in_common_words(index: NameIndex) -> None:
    """Common words, lower-case words that are also names, surnames alone and first names alone."""
    assert _found(index, COMMON_TEXT) == []
    assert _found(index, COMMON_TEXT.upper().lower()) == []


def test_a_first_name_and_another_persons_surname_do_not_match(index: NameIndex) -> None:
    listed = {p.register_name for p in PEOPLE}
    a = PEOPLE[0]
    other = next(p for p in PEOPLE if p.surname != a.surname and p.female == a.female
                 and f"{p.surname} {a.name} {a.patronymic}" not in listed
                 and not any(q.surname == p.surname and q.name == a.name for q in PEOPLE))
    text = SENTENCES["nom"].format(x=f"{a.name} {other.surname}")
    assert _found(index, text) == []


# -- through the rule set: status on the article's date --------------------------------------------
def _ruleset(tmp_path: Path, listed_from: str, until: str = "") -> RuleSet:
    rows = _csv(PEOPLE[:50], listed_from)
    if until:
        rows = rows.replace(f",{listed_from},,", f",{listed_from},{until},")
    (tmp_path / "people.csv").write_text(rows, encoding="utf-8")
    return load_pack(
        tmp_path,
        "id: house\ntitle: t\nversion: '1'\nextends: [ru-designated-mentions]\nsettings:\n  registries: [./people.csv]\n",
    )


def _check(rs: RuleSet, published: str | None, who: Person) -> list[Finding]:
    front = f"---\ntitle: Новости\ndate: {published}\n---\n" if published else ""
    body = f"{front}# Новости\n\n18+ {SENTENCES['ins'].format(x=who.in_case('ins'))}\n"
    doc = read_bytes(body.encode(), "a.md", rs.reader_options)[0]
    return [f for f in rs.evaluate(doc, AS_OF)[0] if f.rule_id.startswith("ru-designated-mentions/")]


def test_listed_after_the_article_date_no_finding(tmp_path: Path) -> None:
    rs = _ruleset(tmp_path, "2024-05-01")
    who = PEOPLE[3]
    assert _check(rs, "2024-03-01", who) == []  # published before the listing
    later = _check(rs, "2024-06-01", who)
    assert [f.outcome for f in later] == ["missing"]
    assert "status on the publication date 2024-06-01" in later[0].message
    undated = _check(rs, None, who)
    assert [f.outcome for f in undated] == ["missing"]
    assert f"status on the as-of date {AS_OF}" in undated[0].message


def test_delisted_before_the_article_date_no_finding(tmp_path: Path) -> None:
    rs = _ruleset(tmp_path, "2023-01-13", until="2024-01-31")
    who = PEOPLE[5]
    assert [f.outcome for f in _check(rs, "2023-06-01", who)] == ["missing"]
    assert _check(rs, "2024-02-01", who) == []
