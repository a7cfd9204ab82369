"""Pack regular expressions: compiled once with the ``regex`` module, searched with a timeout."""

from __future__ import annotations

import regex

# The time one search may take is the run's ``regex-time`` limit (auditor/limits.py), given to the
# checks on ``Context.regex_time`` and passed as ``timeout=``: a pathological pattern becomes a
# ``timeout`` finding and an error result for that input, never a hang.


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile a pack regex once (``regex`` module, V0); a bad one is a ValueError naming the fault."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None


# -- literal anchors: skip a search (and its timeout's set-up cost) where it cannot match -----------
_ANCHORS: dict[tuple[str, int], tuple[str, ...]] = {}
# inline flags ((?i), (?x), (?V1), ...) and braces that are not a plain {m,n} (fuzzy {e<=1} etc.)
_UNSURE = regex.compile(r"\(\?[a-zA-Z^-]+[:)]|\{(?!\d*,?\d*\})")


def anchors(rx: regex.Pattern[str]) -> tuple[str, ...]:
    """Literal strings every match of ``rx`` contains (the longest run of each required sequence
    part, at least 3 characters); empty when none can be proven. Worked out once per pattern from
    Python's own parser; a pattern it cannot read (``regex``-only syntax) gets none."""
    key = (rx.pattern, rx.flags)
    found = _ANCHORS.get(key)
    if found is None:
        found = _ANCHORS[key] = _anchors(rx.pattern, rx.flags)
    return found


def may_match(rx: regex.Pattern[str], text: str) -> bool:
    """False only when ``text`` lacks a literal that every match of ``rx`` must contain."""
    return all(a in text for a in anchors(rx))


def _anchors(pattern: str, flags: int) -> tuple[str, ...]:
    if flags & (regex.IGNORECASE | regex.VERBOSE | regex.FULLCASE) or _UNSURE.search(pattern):
        return ()  # case-folding, verbose, inline flags or fuzzy matching: no literal is certain
    try:
        from re import _parser  # Python's own regex parser (sre_parse before 3.11)

        parsed = _parser.parse(pattern)
    except Exception:
        return ()
    runs: list[str] = []
    _required(list(parsed), runs)
    best = max(runs, key=len, default="")
    return (best,) if len(best) >= 3 else ()


def _required(items: list[object], runs: list[str]) -> None:
    """Append to ``runs`` the literal runs that every match of the sequence ``items`` contains."""
    from re import _constants as C

    cur: list[str] = []

    def close() -> None:
        if cur:
            runs.append("".join(cur))
            cur.clear()

    for op, arg in items:  # type: ignore[misc]
        if op is C.LITERAL:
            cur.append(chr(arg))
        elif op is C.SUBPATTERN:  # a group: its sequence is required where the group is
            sub = list(arg[-1])
            if all(o is C.LITERAL for o, _ in sub):
                cur.extend(chr(a) for _, a in sub)
            else:
                close()
                _required(sub, runs)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1:
            close()
            _required(list(arg[2]), runs)  # at least once: its own required runs hold
        else:  # branches, classes, any, anchors, optional parts, lookarounds: nothing certain
            close()
    close()
