"""Word-level comparison of a notice with the closest accepted wording."""

from __future__ import annotations

import difflib

import regex

from auditor.analysis.forms import TOKEN
from auditor.analysis.names import WORD
from auditor.text import normalize_text


def nameless(bare: list[str], window: list[str]) -> bool:
    """True when a wording with name slots lines up with the article and every slot gets no words
    (e.g. "... ИНОСТРАННЫМ АГЕНТОМ." with the names and the second half left out)."""
    slots = [i for i, w in enumerate(bare) if w == "\x00"]
    if not slots:
        return False
    filled = 0
    sm = difflib.SequenceMatcher(None, bare, window, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op in ("replace", "insert") and any(a1 <= i < a2 or (op == "insert" and i == a1) for i in slots):
            filled += sum(1 for w in window[b1:b2] if WORD.fullmatch(w))
    return filled == 0


def tokens(text: str) -> list[str]:
    return [m.group(0) for m in TOKEN.finditer(normalize_text(text))] if text else []


def fill_slots(want: list[str], have: list[str]) -> list[str]:
    """Let each unknown-name slot (a \\x00 token) take the article's words it lines up with."""
    if "\x00" not in want:
        return want
    out: list[str] = []
    sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "replace" and want[a1:a2] == ["\x00"]:
            out.extend(have[b1:b2])
        else:
            out.extend(want[a1:a2])
    return out


def word_diff(want: list[str], have: list[str], shown: list[str] | None = None) -> str:
    """Word-level diff, article against the form: ``[-word-]`` not in the form, ``{+word+}`` missing.

    ``shown`` are the article's tokens as printed (its own quotes and case) for ``have``."""
    shown = shown if shown is not None and len(shown) == len(have) else have
    sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
    out: list[str] = []
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            out.extend(shown[b1:b2])
            continue
        if b2 > b1:
            out.append("[-" + " ".join(shown[b1:b2]) + "-]")
        if a2 > a1:
            shown_want = " ".join("<name>" if w == "\x00" else w for w in want[a1:a2])
            out.append("{+" + shown_want + "+}")
    return detokenize(" ".join(out))


_OPEN_Q = "«„“‚‹"
_CLOSE_Q = "»”’›"


def detokenize(text: str) -> str:
    """Tokens joined back as text: no space before , . ; : ) or a closing quote, none after ( or an
    opening quote; a straight quote opens and closes by turns (ООО "МЕМО", not ООО " МЕМО ")."""
    text = regex.sub(r" ([,.;:)])", r"\1", text)
    text = regex.sub(r"\( ", "(", text)
    text = regex.sub(rf"([{_OPEN_Q}]) ", r"\1", text)
    text = regex.sub(rf" ([{_CLOSE_Q}])", r"\1", text)
    out: list[str] = []
    opened = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if opened and out and out[-1] == " ":
                out.pop()  # closing: no space before
            out.append(ch)
            if not opened and text[i + 1 : i + 2] == " ":
                i += 1  # opening: no space after
            opened = not opened
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def diff_summary(diff: str | None) -> str:
    if not diff:
        return "no word changes"
    missing = regex.findall(r"\{\+(.*?)\+\}", diff)
    extra = regex.findall(r"\[-(.*?)-\]", diff)
    parts = []
    if missing:
        parts.append("missing: " + ", ".join(detokenize(m) for m in missing))
    if extra:
        parts.append("not in the form: " + ", ".join(detokenize(x) for x in extra))
    return "; ".join(parts)
