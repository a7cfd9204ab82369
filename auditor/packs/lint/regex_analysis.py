"""The regex analysis behind the pack linter: parse a pattern with the stdlib parser and tell
whether it can backtrack catastrophically or can never match where the rule looks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

try:  # the stdlib regex parser (a private module, stable in 3.11-3.13)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

REGEX_KEYS = ("require", "forbid", "pattern", "head")
REGEX_LIST_KEYS = ("placeholders",)
_ALPHABET = (
    "".join(chr(c) for c in range(32, 127))
    + "\n\t\u00a0\u00ad«»“”„—–ёЁ"
    + "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    + "\x00"  # stands for "any other character"
)
_UNBOUNDED = C.MAXREPEAT


@dataclass(slots=True)
class Rx:
    where: str  # option path, e.g. check.forbid
    pattern: str
    normalize: bool
    ignore_case: bool


# -- the regex analysis ----------------------------------------------------------------------------
def parse(pattern: str, ignore_case: bool) -> Any:
    """Parse with the stdlib parser; \\p{..} classes (regex module) stand in as \\w for the analysis."""
    simplified = re.sub(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]", r"\\w", pattern)
    simplified = re.sub(r"\(\?V[01]\)", "", simplified)
    try:
        return sre_parse.parse(simplified, re.IGNORECASE if ignore_case else 0)
    except (re.error, RecursionError, OverflowError):
        return None


def _category(cat: Any, ch: str) -> bool:
    name = str(cat)
    tests = {
        "CATEGORY_DIGIT": ch.isdigit(),
        "CATEGORY_NOT_DIGIT": not ch.isdigit(),
        "CATEGORY_SPACE": ch.isspace(),
        "CATEGORY_NOT_SPACE": not ch.isspace(),
        "CATEGORY_WORD": ch.isalnum() or ch == "_",
        "CATEGORY_NOT_WORD": not (ch.isalnum() or ch == "_"),
    }
    for key, val in tests.items():
        if name.endswith(key):
            return val
    return True


def _in_class(items: list[Any], ch: str, fold: bool) -> bool:
    negate = False
    hit = False
    cands = {ch, ch.lower(), ch.upper()} if fold else {ch}
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or chr(av) in cands
        elif op is C.RANGE:
            hit = hit or any(av[0] <= ord(c) <= av[1] for c in cands)
        elif op is C.CATEGORY:
            hit = hit or _category(av, ch)
    return hit != negate


def _first(seq: Any, fold: bool) -> tuple[set[str], bool]:
    """(characters of the sample alphabet a sequence can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in seq:
        chars, nullable = _first_item(op, av, fold)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_item(op: Any, av: Any, fold: bool) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        c = chr(av)
        return ({c, c.lower(), c.upper()} if fold else {c}), False
    if op is C.NOT_LITERAL:
        return {c for c in _ALPHABET if c != chr(av)}, False
    if op is C.ANY:
        return {c for c in _ALPHABET if c != "\n"}, False
    if op is C.IN:
        own = {chr(a) for o, a in av if o is C.LITERAL} | {chr(a[0]) for o, a in av if o is C.RANGE}
        return {c for c in set(_ALPHABET) | own if _in_class(av, c, fold)}, False
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, body = av
        chars, nullable = _first(body, fold)
        return chars, nullable or lo == 0
    if op is C.SUBPATTERN:
        return _first(av[-1], fold)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _first(av, fold)
    if op is C.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alt in av[1]:
            c, n = _first(alt, fold)
            chars |= c
            nullable = nullable or n
        return chars, nullable
    if op is C.GROUPREF:
        return set(_ALPHABET), True
    return set(), True  # anchors and look-arounds consume nothing


def _children(op: Any, av: Any) -> list[Any]:
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        return [av[2]]
    if op is C.SUBPATTERN:
        return [av[-1]]
    if op is C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is getattr(C, "ATOMIC_GROUP", None):
        return [av]
    if op is C.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _is_repeat(op: Any) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT)


def _tail_repeats(seq: Any, fold: bool) -> set[str]:
    """Characters that an unbounded repeat standing at the end of a match of seq can consume."""
    out: set[str] = set()
    for op, av in reversed(list(seq)):
        if _is_repeat(op) and av[1] == _UNBOUNDED:
            out |= _first(av[2], fold)[0] | _tail_repeats(av[2], fold)
        elif op is C.SUBPATTERN:
            out |= _tail_repeats(av[-1], fold)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _tail_repeats(alt, fold)
        if not _first_item(op, av, fold)[1]:
            break
    return out


def _only_branch(seq: Any) -> Any:
    items = list(seq)
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][-1])
    return items[0][1] if len(items) == 1 and items[0][0] is C.BRANCH else None


def _scan(pattern: str) -> Iterator[tuple[int, str, bool]]:
    """(index, token, structural) over a raw pattern; escapes and character classes are not structural."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        step = 2 if c == "\\" else 1
        structural = c != "\\" and not in_class and c != "["
        if c == "]" and in_class:
            in_class = False
        elif c == "[" and not in_class:
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                step = 2
        yield i, pattern[i : i + step], structural
        i += step


def _quantified_groups(pattern: str) -> list[str]:
    """Contents of the groups in the raw pattern that an unbounded, non-possessive quantifier follows.

    Read from the source because the stdlib parser factors ``(a|aa)`` into ``a(?:|a)`` and merges
    ``(\\d|\\w)`` into one class, while the ``regex`` module the checks use may try each branch.
    """
    out: list[str] = []
    stack: list[int] = []
    for i, tok, structural in _scan(pattern):
        if not structural:
            continue
        if tok == "(":
            stack.append(i)
        elif tok == ")" and stack:
            start = stack.pop()
            m = re.match(r"(?:[*+]|\{\d*,\})(?![+])", pattern[i + 1 :])
            body = pattern[start + 1 : i]
            if m and not body.startswith(("?=", "?!", "?<=", "?<!", "?>", "?#")):
                out.append(re.sub(r"^\?(?:P?<[A-Za-z_]\w*>|:|[a-zA-Z]+:)", "", body))
    return out


def _top_alternatives(body: str) -> list[str]:
    alts: list[str] = []
    cur: list[str] = []
    depth = 0
    for _i, tok, structural in _scan(body):
        if structural and tok == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
            continue
        if structural:
            depth += {"(": 1, ")": -1}.get(tok, 0)
        cur.append(tok)
    alts.append("".join(cur))
    return alts


def overlapping_alternation(pattern: str, fold: bool) -> bool:
    for body in _quantified_groups(pattern):
        alts = _top_alternatives(body)
        if len(alts) < 2:
            continue
        firsts = []
        for alt in alts:
            seq = parse(alt, fold)
            if seq is None:
                return False
            firsts.append(_first(seq, fold)[0])
        if _overlap(firsts):
            return True
    return False


def _overlap(firsts: list[set[str]]) -> bool:
    return any(firsts[i] & firsts[j] for i in range(len(firsts)) for j in range(i + 1, len(firsts)))


def backtracking(seq: Any, fold: bool) -> str | None:
    """Why this pattern can take exponential time, or None (atomic groups and possessive repeats are safe)."""
    for op, av in seq:
        if _is_repeat(op) and av[1] == _UNBOUNDED:
            body = av[2]
            starts = _first(body, fold)[0]
            if starts & _tail_repeats(body, fold):
                return "a repeated group ends in an unbounded repeat that can also start the next round (like (a+)+)"
            branch = _only_branch(body)
            if branch is not None and _overlap([_first(alt, fold)[0] for alt in branch[1]]):
                return "a repeated alternation has branches that can start with the same character (like (a|aa)+)"
        if op is getattr(C, "ATOMIC_GROUP", None) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            continue
        for child in _children(op, av):
            why = backtracking(child, fold)
            if why:
                return why
    return None


def _mandatory_literals(seq: Any) -> list[str]:
    """Characters every match must contain (top-level literals and those of required groups)."""
    out: list[str] = []
    for op, av in seq:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.SUBPATTERN:
            out += _mandatory_literals(av[-1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            out += _mandatory_literals(av[2])
    return out


def impossible(seq: Any, multiline: bool, fold: bool) -> str | None:
    """Why this pattern can never match any text, or None."""
    items = list(seq)
    for i, (op, av) in enumerate(items):
        rest = items[i + 1 :]
        before = items[:i]
        if op is C.AT:
            name = str(av)
            after, rest_nullable = _first(rest, fold)
            if name.endswith("AT_END_STRING") and not rest_nullable:
                return "it requires text after the end of the text (\\Z followed by more)"
            if name.endswith("AT_END") and not rest_nullable and "\n" not in after:
                return "it requires text after the end of a line ($ followed by something other than a line break)"
            starts_text = name.endswith("AT_BEGINNING_STRING") or (name.endswith("AT_BEGINNING") and not multiline)
            if starts_text and before and not _first(before, fold)[1]:
                return "it requires text before the start of the text (\\A or ^ after something)"
            if name.endswith("AT_BEGINNING") and multiline and before:
                last_op, last_av = before[-1]
                if last_op is C.LITERAL and chr(last_av) != "\n":
                    return "it requires text before the start of a line (^ after a character other than a line break)"
        if op is C.ASSERT_NOT and not list(av[1]):
            return "it holds (?!), which never matches"
        if op in (C.LITERAL, C.IN, C.NOT_LITERAL, C.ANY):
            chars, _ = _first_item(op, av, fold)
            if not chars:
                return "it holds a character class that matches no character"
        if op is C.SUBPATTERN:
            why = impossible(av[-1], multiline, fold)
            if why:
                return why
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            why = impossible(av[2], multiline, fold)
            if why:
                return why
        if op is C.BRANCH:
            whys = [impossible(alt, multiline, fold) for alt in av[1]]
            if all(whys):
                return whys[0]
    return None


def never_matches(rx: Rx, scope: list[str], seq: Any) -> str | None:
    fold = rx.ignore_case
    why = impossible(seq, multiline=True, fold=fold)
    if why:
        return why
    literals = _mandatory_literals(seq)
    one_line = bool(scope) and all(s.startswith(("metadata.", "field.")) for s in scope)
    if "\n" in literals and (rx.normalize or one_line):
        where = "normalised text (line breaks become spaces)" if rx.normalize else "one-line values (" + ", ".join(scope) + ")"
        return f"it requires a line break, and {where} has none"
    if rx.normalize:
        from auditor.text import DASHES, INVISIBLE, QUOTES

        gone = [c for c in literals if c in QUOTES and c != '"' or c in DASHES or c in INVISIBLE or c == "\u00a0"]
        if gone:
            name = unicodedata.name(gone[0], repr(gone[0]))
            return f"it requires {name} (U+{ord(gone[0]):04X}), which normalisation replaces; write the plain form"
        for word in re.findall(r"[^\W\d_]+", "".join(c if c.isalpha() else " " for c in literals)):
            has_cyr = any("CYRILLIC" in unicodedata.name(c, "") for c in word)
            has_lat = any("LATIN" in unicodedata.name(c, "") for c in word)
            if has_cyr and has_lat:
                return f"the word {word!r} mixes Latin and Cyrillic letters; normalised text folds look-alikes to Cyrillic"
    return None


def regexes_of(options: dict[str, Any], prefix: str = "check") -> list[Rx]:
    out: list[Rx] = []
    norm = bool(options.get("normalize", False))
    icase = bool(options.get("ignore_case", False))
    for key, val in options.items():
        where = f"{prefix}.{key}"
        if key in REGEX_KEYS and isinstance(val, str):
            out.append(Rx(where, val, norm, icase))
        elif key in REGEX_LIST_KEYS and isinstance(val, list):
            out += [Rx(f"{where}[{i}]", v, norm, True) for i, v in enumerate(val) if isinstance(v, str)]
        elif isinstance(val, dict):
            out += regexes_of({**val, "normalize": val.get("normalize", norm)}, where)
        elif isinstance(val, list):
            for i, item in enumerate(val):
                if isinstance(item, dict):
                    out += regexes_of({**item, "normalize": item.get("normalize", norm)}, f"{where}[{i}]")
    return out
