"""Names in notice slots: compared normalised, Latin look-alikes read as Cyrillic, declension aside."""

from __future__ import annotations

from typing import Any

import regex

from auditor.text import LATIN_TO_CYRILLIC, Lookalike, normalize_text

WORD = regex.compile(r"[\p{L}\p{N}]+")
LEGAL_FORMS = frozenset({"ООО", "АО", "АНО", "ОАО", "ЗАО", "ПАО", "НКО", "МОО", "РОО", "ОО"})
_QUOTED = regex.compile(r'"[^"]*"')


def lookup(settings: dict[str, Any], path: str) -> Any:
    """A value by dotted path from the pack settings, e.g. ``settings.agent``."""
    node: Any = {"settings": settings}
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def imitates(word: str) -> bool:
    """Every letter is a Latin letter that imitates a Cyrillic one."""
    return all(c in LATIN_TO_CYRILLIC for c in word)


def fold_word(word: str) -> str:
    return "".join(LATIN_TO_CYRILLIC.get(c, c) for c in word).upper()


def name_key(value: str) -> str:
    """A name as compared: normalised, upper case, Latin look-alike words read as Cyrillic."""
    key = normalize_text(value).strip(" ,.;:")
    return WORD.sub(lambda m: fold_word(m.group(0)) if imitates(m.group(0)) else m.group(0), key)


def same_entity(a: str, b: str) -> bool:
    """Two spellings of one name: quoted parts (organisation names) equal as written, the other
    words equal up to grammatical case (lemmas), e.g. КОНЕВОЙ ЕЛЕНОЙ ЛЬВОВНОЙ = КОНЕВОЙ ЕЛЕНЫ ЛЬВОВНЫ."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    if _QUOTED.findall(ka) != _QUOTED.findall(kb):
        return False
    ra, rb = _QUOTED.sub(" ", ka), _QUOTED.sub(" ", kb)
    if not WORD.search(ra) and not WORD.search(rb):
        return True
    from auditor.morph import same_name

    return same_name(ra, rb)


def accepted_raw(ent: Any) -> list[str]:
    """The name, aliases and declined forms of a configured entity (or a bare name)."""
    if isinstance(ent, str):
        return [ent]
    if not isinstance(ent, dict) or not ent.get("name"):
        return []
    names = [ent["name"], *(ent.get("aliases") or []), *((ent.get("forms") or {}).values())]
    return [n for n in names if isinstance(n, str)]


def accepted_names(ent: Any) -> set[str]:
    return {name_key(n) for n in accepted_raw(ent)}


def latin_names(raw: str, spans: list[tuple[int, int]], known: set[str]) -> list[Lookalike]:
    """Latin look-alike letters in name slots written wholly in Latin ("OOO «MEMO»" for ООО «МЕМО»).

    A Latin word made only of letters that imitate Cyrillic ones is an imitation when its
    Cyrillic reading is a word of the expected name, when the slot also holds Cyrillic words, or
    when the name opens with a Russian legal form (OOO, AO, AHO ...).
    """
    out: list[Lookalike] = []
    for gs, ge in spans:
        value = raw[gs:ge]
        latin = [m for m in WORD.finditer(value) if imitates(m.group(0))]
        if not latin:
            continue
        cyrillic = regex.search(r"\p{Cyrillic}", value) is not None
        first = WORD.search(value)
        legal = first is not None and fold_word(first.group(0)) in LEGAL_FORMS
        for m in latin:
            word = m.group(0)
            if cyrillic or legal or fold_word(word) in known:
                for i, c in enumerate(word):
                    out.append(Lookalike(c, gs + m.start() + i, LATIN_TO_CYRILLIC[c], word))
    return out
