"""CSS values the typography reader computes (see ``html_css``): colours, font sizes, weights,
families, text-transform, and the shorthands (``font``, ``background``) expanded to them.

Each parser takes tinycss2 component values and returns the value, ``UNKNOWN`` for a valid value
the reader cannot compute (calc(), var(), viewport units, alpha), or None when the declaration
says nothing usable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

UNKNOWN = "unknown"  # a valid value the reader cannot compute (calc(), var(), vw, alpha ...)
MEDIUM = 16.0  # px, CSS "medium"
_ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
             "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0}  # fmt: skip
_NAMED = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "maroon": "#800000",
    "purple": "#800080", "fuchsia": "#ff00ff", "magenta": "#ff00ff", "lime": "#00ff00", "olive": "#808000",
    "navy": "#000080", "teal": "#008080", "aqua": "#00ffff", "cyan": "#00ffff", "orange": "#ffa500",
    "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3", "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9",
    "dimgray": "#696969", "dimgrey": "#696969", "gainsboro": "#dcdcdc", "whitesmoke": "#f5f5f5",
    "darkred": "#8b0000", "darkblue": "#00008b", "darkgreen": "#006400", "pink": "#ffc0cb",
    "brown": "#a52a2a", "beige": "#f5f5dc", "ivory": "#fffff0", "snow": "#fffafa",
}  # fmt: skip
_IMAGE_FUNCS = {"url", "linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
                "repeating-radial-gradient", "repeating-conic-gradient", "image-set", "-webkit-linear-gradient",
                "-webkit-gradient", "-moz-linear-gradient", "element", "cross-fade"}  # fmt: skip
_BG_WORDS = {"none", "repeat", "no-repeat", "repeat-x", "repeat-y", "space", "round", "scroll", "fixed",
             "local", "top", "bottom", "left", "right", "center", "cover", "contain", "auto", "border-box",
             "padding-box", "content-box", "text", "initial"}  # fmt: skip


def _parts(tokens: Iterable[Any]) -> list[Any]:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _hex(value: str) -> str | None:
    v = value.lower()
    if not re.fullmatch(r"[0-9a-f]+", v):
        return None
    if len(v) in (3, 4):
        if len(v) == 4 and v[3] != "f":
            return UNKNOWN
        return "#" + "".join(c * 2 for c in v[:3])
    if len(v) in (6, 8):
        if len(v) == 8 and v[6:] != "ff":
            return "transparent" if v[6:] == "00" else UNKNOWN
        return "#" + v[:6]
    return None


def _channel(tok: Any, scale: float = 255.0) -> float | None:
    if tok.type == "percentage":
        return tok.value / 100 * scale
    if tok.type == "number":
        return float(tok.value)
    return None


def _hsl(h: float, s: float, li: float) -> tuple[float, float, float]:
    def f(n: float) -> float:
        k = (n + h / 30) % 12
        a = s * min(li, 1 - li)
        return li - a * max(-1, min(k - 3, 9 - k, 1))

    return f(0) * 255, f(8) * 255, f(4) * 255


def parse_color(tokens: Iterable[Any]) -> str | None:
    """"#rrggbb", "transparent", "currentcolor", "inherit", UNKNOWN, or None when invalid."""
    parts = _parts(tokens)
    if len(parts) != 1:
        return None
    tok = parts[0]
    if tok.type == "hash":
        return _hex(tok.value)
    if tok.type == "ident":
        name = tok.lower_value
        if name in ("transparent", "currentcolor", "inherit"):
            return name
        if name in ("initial", "unset", "revert", "revert-layer"):
            return "inherit" if name != "initial" else UNKNOWN
        return _NAMED.get(name, UNKNOWN)  # a CSS colour name not in the short table
    if tok.type == "function":
        name = tok.lower_name
        args = [a for a in _parts(tok.arguments) if not (a.type == "literal" and a.value in (",", "/"))]
        if name in ("var", "calc", "color-mix", "color", "lab", "lch", "oklab", "oklch", "hwb", "env"):
            return UNKNOWN
        if name in ("rgb", "rgba", "hsl", "hsla") and len(args) in (3, 4):
            if len(args) == 4:
                alpha = _channel(args[3], 1.0)
                if alpha is None:
                    return UNKNOWN
                if alpha <= 0:
                    return "transparent"
                if alpha < 1:
                    return UNKNOWN
            if name.startswith("rgb"):
                chans = [_channel(a) for a in args[:3]]
            else:
                hue = args[0].value if args[0].type in ("number", "dimension") else None
                sat, light = _channel(args[1], 1.0), _channel(args[2], 1.0)
                if args[1].type == "number":  # hsl(0 50 50) in the modern syntax
                    sat = sat / 100 if sat is not None else None
                    light = light / 100 if light is not None else None
                chans = list(_hsl(float(hue), sat, light)) if None not in (hue, sat, light) else [None]  # type: ignore[arg-type]
            if None in chans:
                return UNKNOWN
            return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in chans)  # type: ignore[arg-type]
    return None


Size = tuple[str, float]  # ("px", value) | ("em", factor) | ("rem", factor) | ("inherit", 1) | (UNKNOWN, 0)


def parse_size(tokens: Iterable[Any]) -> Size | None:
    """A font-size value; None when invalid (the declaration is dropped, as a browser does)."""
    parts = _parts(tokens)
    if len(parts) != 1:
        return None
    return _size_token(parts[0])


def _size_token(tok: Any) -> Size | None:
    if tok.type == "dimension":
        unit = tok.lower_unit
        if tok.value < 0:
            return None
        if unit in _ABSOLUTE:
            return "px", tok.value * _ABSOLUTE[unit]
        if unit == "em":
            return "em", float(tok.value)
        if unit == "rem":
            return "rem", float(tok.value)
        return UNKNOWN, 0.0  # ex, ch, vw, vh, ...
    if tok.type == "percentage":
        return ("em", tok.value / 100) if tok.value >= 0 else None
    if tok.type == "number" and tok.value == 0:
        return "px", 0.0
    if tok.type == "ident":
        name = tok.lower_value
        if name in _KEYWORDS:
            return "px", _KEYWORDS[name]
        if name == "larger":
            return "em", 1.2
        if name == "smaller":
            return "em", 1 / 1.2
        if name in ("inherit", "unset"):
            return "inherit", 1.0
        if name == "initial":
            return "px", MEDIUM
        return None
    if tok.type == "function" and tok.lower_name in ("calc", "var", "clamp", "min", "max", "env"):
        return UNKNOWN, 0.0
    return None


def parse_weight(tokens: Iterable[Any]) -> bool | str | None:
    parts = _parts(tokens)
    if len(parts) != 1:
        return None
    tok = parts[0]
    if tok.type == "number":
        return tok.value >= 700
    if tok.type == "ident":
        return {"bold": True, "bolder": True, "normal": False, "lighter": False, "inherit": "inherit",
                "unset": "inherit", "initial": False}.get(tok.lower_value)  # fmt: skip
    return UNKNOWN if tok.type == "function" else None


def parse_family(tokens: Iterable[Any]) -> str | None:
    words: list[str] = []
    for tok in _parts(tokens):
        if tok.type == "literal" and tok.value == ",":
            break
        if tok.type == "string":
            return tok.value.strip() or None
        if tok.type == "ident":
            words.append(tok.value)
        elif tok.type == "function":
            return UNKNOWN
    name = " ".join(words)
    if name.lower() in ("inherit", "unset"):
        return "inherit"
    return name or None


def parse_transform(tokens: Iterable[Any]) -> bool | str | None:
    parts = _parts(tokens)
    if len(parts) != 1 or parts[0].type != "ident":
        return None
    name = parts[0].lower_value
    if name == "uppercase":
        return True
    if name in ("none", "lowercase", "capitalize", "full-width", "initial"):
        return False
    return "inherit" if name in ("inherit", "unset") else None


def _is_image(tok: Any) -> bool:
    return tok.type == "url" or (tok.type == "function" and tok.lower_name in _IMAGE_FUNCS)


def expand(name: str, tokens: list[Any]) -> list[tuple[str, Any]]:
    """A declaration as (longhand property, parsed value) pairs; invalid ones give nothing."""
    if name == "font":
        return _font_shorthand(_parts(tokens))
    if name == "background":
        parts = _parts(tokens)
        image = "image" if any(_is_image(t) for t in parts) else "none"
        colour = "transparent"
        for tok in parts:
            if _is_image(tok) or (tok.type == "ident" and tok.lower_value in _BG_WORDS):
                continue
            if tok.type in ("hash", "function", "ident"):
                colour = parse_color([tok]) or UNKNOWN
        if len(parts) == 1 and parts[0].type == "ident" and parts[0].lower_value in ("inherit", "unset"):
            return []
        return [("background-color", colour), ("background-image", image)]
    if name == "background-color":
        colour = parse_color(tokens)
        return [] if colour is None else [(name, colour)]
    if name == "background-image":
        parts = _parts(tokens)
        none = len(parts) == 1 and parts[0].type == "ident" and parts[0].lower_value in ("none", "initial")
        return [(name, "none" if none else "image")]
    parser = {"font-size": parse_size, "font-weight": parse_weight, "font-family": parse_family,
              "color": parse_color, "text-transform": parse_transform}.get(name)  # fmt: skip
    if parser is not None:
        value = parser(tokens)
        return [] if value is None else [(name, value)]
    return []


def _font_shorthand(parts: list[Any]) -> list[tuple[str, Any]]:
    """``font: [style variant weight stretch] size[/line-height] family``."""
    bold: bool | str = False
    for i, tok in enumerate(parts):
        size = None
        if tok.type in ("dimension", "percentage") or (
            tok.type == "ident" and (tok.lower_value in _KEYWORDS or tok.lower_value in ("larger", "smaller"))
        ):
            size = _size_token(tok)
        elif tok.type == "function" and tok.lower_name in ("calc", "var", "clamp", "min", "max"):
            size = (UNKNOWN, 0.0)
        if size is not None:
            rest = parts[i + 1 :]
            if rest and rest[0].type == "literal" and rest[0].value == "/":
                rest = rest[2:]
            family = parse_family(rest)
            if family is None:
                return []
            return [("font-size", size), ("font-weight", bold), ("font-family", family)]
        if tok.type == "number":
            bold = tok.value >= 700
        elif tok.type == "ident" and tok.lower_value in ("bold", "bolder"):
            bold = True
        elif tok.type == "function":
            return [("font-size", (UNKNOWN, 0.0)), ("font-weight", UNKNOWN), ("font-family", UNKNOWN)]
    return []  # a system font ("font: menu") or no size: nothing known


# -- the cascade --------------------------------------------------------------------------------------
