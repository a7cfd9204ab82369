"""Bytes to text: UTF-8, UTF-8 with BOM, UTF-16 with BOM, cp1251, koi8-r and other single-byte
encodings (or an encoding the HTML declares); binary files are refused with a ReadError."""

from __future__ import annotations

import re

from auditor.readers import ReadError

_CYR_CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")
_ENCODING_NAMES = {"utf_8": "utf-8", "cp1251": "cp1251", "koi8_r": "koi8-r", "windows-1251": "cp1251"}
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _case_score(text: str) -> float:
    """Share of words written in a normal case shape (lower, Upper, UPPER); a wrong single-byte
    code page for Cyrillic swaps cases and scores low."""
    words = _WORD_RE.findall(text[:20000])
    if not words:
        return 0.0
    good = sum(1 for w in words if w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower()))
    letters = sum(1 for c in text[:20000] if c.isalpha())
    odd = sum(1 for c in text[:20000] if not (c.isalnum() or c.isspace() or c in ".,;:!?-–—()«»\"'“”„/%№*…"))
    return good / len(words) - odd / max(1, letters)


def _canonical(enc: str) -> str:
    low = enc.lower().replace("-", "_")
    return _ENCODING_NAMES.get(low, low.replace("_", "-"))


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def check_binary(data: bytes, path: str) -> None:
    """ReadError when the bytes are not text (NUL bytes or many control characters)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with BOM is text
    if b"\x00" in head:
        raise ReadError(f"{path}: binary content (NUL bytes), not a text file")
    controls = len(head.translate(None, _NOT_CONTROL))  # what is left: the control bytes
    if head and controls / len(head) > 0.05:
        raise ReadError(f"{path}: binary content ({controls} control bytes in the first {len(head)}), not a text file")


def decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding name). A UTF-8 BOM is dropped; undecodable bytes raise ReadError."""
    check_binary(data, path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ReadError(f"{path}: starts with a UTF-8 BOM but byte {exc.start + 3} is not UTF-8") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError(f"{path}: UTF-16 BOM but the content is not UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        try:
            import codecs

            candidates.append(codecs.lookup(declared).name)
        except LookupError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000]).best()
    if best is not None:
        candidates.append(best.encoding)
    if sum(1 for b in data[:20000] if b >= 0xC0) > 10:
        candidates.extend(_CYR_CANDIDATES)
    scored: list[tuple[float, int, str, str]] = []
    for i, enc in enumerate(dict.fromkeys(candidates)):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        bonus = 0.02 if (declared and i == 0) else 0.0
        scored.append((_case_score(text) + bonus, -i, enc, text))
    if not scored:
        raise ReadError(f"{path}: cannot decode the text (not UTF-8, and no known encoding fits)")
    scored.sort(reverse=True)
    _, _, enc, text = scored[0]
    return text, _canonical(enc)
