"""Text from files on a terminal: never raw control characters.

File names and article text may hold ESC/CSI/OSC sequences (clear the screen, set the window
title, rewrite earlier lines), BEL, C1 controls, a carriage return or a newline that would split
one result line in two, or bidirectional overrides that reorder what is shown. ``printable``
writes each such character as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``), whether colour is on or
off; everything else (Cyrillic, typographic quotes, combining marks, emoji) passes unchanged.
"""

from __future__ import annotations

import re
from typing import Any

# C0 (tab too: it moves the cursor), DEL, C1, and the bidi embeddings, overrides and isolates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
                     # combining marks right after such a character: escaped too, or they would sit
                     # on the last letter of its escape (``\u202e`` + U+0301 shows as ``\u202é``)
                     "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    return "".join(_one(ch) for ch in m.group())


def _one(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: Any) -> str:
    """``str(text)`` with every control or bidi-override character written as a visible escape."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s


def printable_lines(text: Any) -> list[str]:
    """Lines of ``text`` (split on newlines only), each made printable."""
    return [printable(line) for line in str(text).split("\n")]


__all__ = ["printable", "printable_lines"]
