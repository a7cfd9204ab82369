"""Typography of an HTML page where the page itself states it: ``<style>`` rules, ``style``
attributes and the old presentational attributes, cascaded and inherited the way a browser does
for the few properties the typography check reads (font size, family, weight, colour,
background, upper case).

Known, not guessed. A value is only computed from what the page declares:

- font sizes in px, pt, pc, in, cm, mm, Q; em and % of the parent, rem of the root; the absolute
  keywords (``medium`` = 16 px ... ``xx-large`` = 32 px) and ``larger`` / ``smaller`` (x1.2);
- the browser's default size (``medium``) is the root size only when the page declares a font
  size on ``html`` or ``body``; otherwise a relative size has nothing to stand on and is unknown;
- elements whose size the browser's own stylesheet changes (headings, ``small``, ``sub``,
  monospace code ...) have an unknown size unless the page sets it;
- ``calc()``, ``var()``, viewport units and media queries with conditions are unknown / skipped;
- colours: ``#rgb``, ``#rrggbb`` (alpha 1), ``rgb()``/``rgba()``, ``hsl()``, basic named colours;
  the text colour is unknown unless declared; the background is the nearest declared one on the
  element or its ancestors, the white canvas when none is, unknown under a background image;
- a page that links external stylesheets (``<link rel=stylesheet>``, ``@import``; never fetched)
  has rules we cannot see: only an element's own ``style`` attribute counts there.

Rules are parsed with tinycss2 (a small CSS tokenizer and parser); selectors are matched by the
HTML parser itself (selectolax/lexbor), and specificity and source order decide between them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from auditor.model import Style
from auditor.readers.html_css_values import (  # noqa: F401  (re-exported)
    MEDIUM,
    UNKNOWN,
    Size,
    expand,
    parse_color,
    parse_family,
    parse_size,
    parse_transform,
    parse_weight,
)

WHITE = "#ffffff"
_FONT_TAG = {1: "x-small", 2: "small", 3: "medium", 4: "large", 5: "x-large", 6: "xx-large", 7: "xxx-large"}
# sized by the browser's own stylesheet: unknown unless the page sets a size
_UA_SIZED = {"h1", "h2", "h3", "h4", "h5", "h6", "small", "big", "sub", "sup", "code", "pre", "kbd",
             "samp", "tt", "listing", "xmp", "plaintext"}  # fmt: skip
_UA_BOLD = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_PROPS = {"font-size", "font-weight", "font-family", "color", "background-color", "background-image",
          "text-transform"}  # fmt: skip
_INHERITED = ("font_size", "font_name", "bold", "color", "upper")
# states and generated content: never the text as it stands on the page
_NOT_STATIC = re.compile(
    r"::|:(?:hover|focus|focus-within|focus-visible|active|visited|target|before|after|first-line|"
    r"first-letter|placeholder|selection|marker|checked|disabled|invalid)\b",
    re.IGNORECASE,
)
Key = tuple[bool, int, tuple[int, int, int], int]  # important, origin (inline 1), specificity, order


@dataclass(slots=True, frozen=True)
class Computed:
    """The computed typography of one element; None is unknown."""

    font_size: float | None = None
    font_name: str | None = None
    bold: bool | None = None
    color: str | None = None
    background: str | None = WHITE  # what shows under the text
    upper: bool | None = None


def specificity(selector: str) -> tuple[int, int, int]:
    """(ids, classes/attributes/pseudo-classes, types) of one complex selector."""
    s = re.sub(r'"[^"]*"|\'[^\']*\'', "", selector)
    s = re.sub(r":where\((?:[^()]|\([^()]*\))*\)", "", s, flags=re.IGNORECASE)
    s = re.sub(r"(:nth-[\w-]+|:lang|:dir)\([^)]*\)", r"\1", s, flags=re.IGNORECASE)
    attrs = len(re.findall(r"\[[^\]]*\]", s))
    s = re.sub(r"\[[^\]]*\]", "", s)
    ids = len(re.findall(r"#[\w-]+", s))
    classes = len(re.findall(r"\.[\w-]+", s))
    pseudo = len(re.findall(r"(?<!:):(?!not\(|is\(|has\()[\w-]+", s, flags=re.IGNORECASE))
    types = len(re.findall(r"(?:^|[\s>+~(,])([a-zA-Z][\w-]*)", s))
    return ids, classes + attrs + pseudo, types


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    out, depth, cur = [], 0, []
    for ch in prelude:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [s for s in out if s]


def _media_applies(query: str) -> bool:
    """Media the page is read in: none, ``all`` or ``screen`` without conditions."""
    query = " ".join(query.lower().split())
    if not query:
        return True
    return any(q.strip() in ("all", "screen", "only screen") for q in query.split(","))


class Styler:
    """Computed typography of the elements of one parsed page (selectolax/lexbor tree)."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.external = False
        self.active = False  # the page states any typography at all
        self._order = 0
        self._cascaded: dict[int, dict[str, tuple[Key, Any]]] = {}
        self._computed: dict[int, Computed] = {}
        self._root_size: float | None = None
        self._root_known = False
        self._collect()

    # collecting -----------------------------------------------------------------------------
    def _collect(self) -> None:
        tree = self.tree
        links = tree.css("link[rel]")
        if any("stylesheet" in (n.attributes.get("rel") or "").lower().split() for n in links):
            self.external = True
        sheets = [n for n in tree.css("style") if _media_applies(n.attributes.get("media") or "")]
        inline = tree.css("[style]")
        hints = tree.css("font[color], font[size], font[face], [bgcolor]")
        if not (sheets or inline or hints):
            return
        import tinycss2

        self.active = True
        if not self.external:  # else only style attributes count (see _value): no need to match rules
            for node in sheets:
                rules = tinycss2.parse_stylesheet(node.text(deep=True) or "", skip_comments=True,
                                                  skip_whitespace=True)  # fmt: skip
                self._rules(rules, tinycss2)
            for node in hints:
                self._hints(node)
        for node in inline:
            decls = tinycss2.parse_declaration_list(node.attributes.get("style") or "", skip_comments=True,
                                                    skip_whitespace=True)  # fmt: skip
            for d in decls:
                if d.type == "declaration":
                    self._declare(node.mem_id, d.lower_name, d.value, (d.important, 1, (0, 0, 0), self._next()))

    def _next(self) -> int:
        self._order += 1
        return self._order

    def _rules(self, rules: list[Any], tinycss2: Any) -> None:
        for rule in rules:
            if rule.type == "at-rule":
                kw = rule.lower_at_keyword
                if kw == "import":
                    self.external = True
                elif kw in ("media", "supports", "layer", "document", "container") and rule.content is not None:
                    if kw == "media" and not _media_applies(tinycss2.serialize(rule.prelude)):
                        continue
                    if kw == "container":
                        continue  # depends on the size of a box
                    inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                    self._rules(inner, tinycss2)
                continue
            if rule.type != "qualified-rule":
                continue
            decls = [
                d
                for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                if d.type == "declaration" and (d.lower_name in _PROPS or d.lower_name in ("font", "background"))
            ]
            if not decls:
                continue
            for selector in _split_selectors(tinycss2.serialize(rule.prelude)):
                if _NOT_STATIC.search(selector):
                    continue
                try:
                    nodes = self.tree.css(selector)
                except Exception:  # a selector lexbor does not know: its rule cannot be applied
                    continue
                if not nodes:
                    continue
                spec = specificity(selector)
                order = self._next()
                for node in nodes:
                    for d in decls:
                        self._declare(node.mem_id, d.lower_name, d.value, (d.important, 0, spec, order))

    def _hints(self, node: Any) -> None:
        """<font color size face>, bgcolor=: below every CSS rule."""
        import tinycss2

        key: Key = (False, 0, (-1, 0, 0), self._next())
        attrs = node.attributes
        if node.tag == "font":
            if attrs.get("color"):
                self._declare(node.mem_id, "color", tinycss2.parse_component_value_list(attrs["color"]), key)
            size = (attrs.get("size") or "").strip()
            if re.fullmatch(r"[+-]?\d", size):
                n = int(size) + (3 if size[0] in "+-" else 0)
                kw = _FONT_TAG[max(1, min(7, n))]
                self._declare(node.mem_id, "font-size", tinycss2.parse_component_value_list(kw), key)
            if attrs.get("face"):
                self._set(node.mem_id, "font-family", attrs["face"].split(",")[0].strip(), key)
        if attrs.get("bgcolor"):
            value = tinycss2.parse_component_value_list(attrs["bgcolor"])
            self._declare(node.mem_id, "background-color", value, key)

    def _declare(self, nid: int, name: str, tokens: list[Any], key: Key) -> None:
        for prop, value in expand(name, tokens):
            self._set(nid, prop, value, key)

    def _set(self, nid: int, prop: str, value: Any, key: Key) -> None:
        slot = self._cascaded.setdefault(nid, {})
        old = slot.get(prop)
        if old is None or key >= old[0]:
            slot[prop] = (key, value)

    # computing ------------------------------------------------------------------------------
    def style_of(self, node: Any) -> Computed | None:
        """The computed typography of an element (None when the page states none at all)."""
        if not self.active or node is None:
            return None
        chain = []
        cur = node
        while cur is not None and not cur.tag.startswith(("-", "#")) and cur.mem_id not in self._computed:
            chain.append(cur)
            cur = cur.parent
        parent = self._computed.get(cur.mem_id) if cur is not None else None
        for el in reversed(chain):
            if parent is None:  # the root element
                self._root_known = self._declares_size(el) or any(
                    self._declares_size(b) for b in el.iter() if b.tag == "body"
                )
                base = Computed(font_size=MEDIUM if self._root_known else None)
                parent = self._compute(el, base)
                self._root_size = parent.font_size
            else:
                parent = self._compute(el, parent)
            self._computed[el.mem_id] = parent
        return parent

    def _declares_size(self, node: Any) -> bool:
        slot = self._cascaded.get(node.mem_id) or {}
        return "font-size" in slot

    def _value(self, slot: dict[str, tuple[Key, Any]], prop: str) -> Any:
        got = slot.get(prop)
        if got is None:
            return None
        key, value = got
        if self.external and key[1] != 1:
            return UNKNOWN
        return value

    def _compute(self, node: Any, parent: Computed) -> Computed:
        slot = self._cascaded.get(node.mem_id) or {}
        inherited = {k: getattr(parent, k) for k in _INHERITED}
        if self.external:  # rules we cannot see may set anything: only the own style attribute counts
            inherited = dict.fromkeys(_INHERITED)
        size = self._size(self._value(slot, "font-size"), parent, node.tag, inherited["font_size"])
        weight = self._value(slot, "font-weight")
        bold = inherited["bold"] if weight in (None, "inherit") else (None if weight == UNKNOWN else weight)
        if weight is None and node.tag in _UA_BOLD:
            bold = True
        family = self._value(slot, "font-family")
        font_name = inherited["font_name"] if family in (None, "inherit") else (None if family == UNKNOWN else family)
        colour = self._value(slot, "color")
        if colour in (None, "inherit", "currentcolor"):
            colour = inherited["color"]
        elif colour in (UNKNOWN, "transparent"):
            colour = None
        transform = self._value(slot, "text-transform")
        upper = inherited["upper"] if transform in (None, "inherit") else (None if transform == UNKNOWN else transform)
        return Computed(size, font_name, bold, colour, self._background(slot, parent), upper)

    def _size(self, value: Size | None | str, parent: Computed, tag: str, inherited: float | None) -> float | None:
        if value is None:
            return None if tag in _UA_SIZED else inherited
        if value == UNKNOWN or value[0] == UNKNOWN:
            return None
        kind, amount = value
        if kind == "px":
            return round(amount, 3)
        if kind == "inherit":
            return parent.font_size
        if kind == "em":
            return round(parent.font_size * amount, 3) if parent.font_size is not None else None
        if kind == "rem":
            root = self._root_size if self._root_size is not None else (MEDIUM if self._root_known else None)
            return round(root * amount, 3) if root is not None else None
        return None

    def _background(self, slot: dict[str, tuple[Key, Any]], parent: Computed) -> str | None:
        image = self._value(slot, "background-image")
        if image in ("image", UNKNOWN):
            return None
        colour = self._value(slot, "background-color")
        if colour is None or colour == "transparent":
            return None if self.external else parent.background
        if colour == "inherit":
            return parent.background
        if colour in (UNKNOWN, "currentcolor"):
            return None
        return colour


# -- blocks and the body ------------------------------------------------------------------------------
def block_style(runs: list[tuple[int, Computed]]) -> Style | None:
    """One block's style from its text runs: the smallest size (unknown if any run's is), the
    family and colour pair carrying most characters, bold / upper case when all runs agree."""
    runs = [(n, c) for n, c in runs if n > 0]
    if not runs:
        return None
    sizes = [c.font_size for _, c in runs]
    style = Style(font_size=None if None in sizes else min(sizes))  # type: ignore[type-var]
    style.font_name = weighted(runs, "font_name")
    bolds = {c.bold for _, c in runs}
    style.bold = bolds.pop() if len(bolds) == 1 else (False if False in bolds else None)
    uppers = {c.upper for _, c in runs}
    style.upper = uppers.pop() if len(uppers) == 1 else (False if False in uppers else None)
    if all(c.color and c.background for _, c in runs):  # the colour pair carrying most characters
        style.color, style.background = weighted([(n, (c.color, c.background)) for n, c in runs], "")
    else:
        style.color, style.background = weighted(runs, "color"), weighted(runs, "background")
    return style


def weighted(runs: list[tuple[int, Any]], attr: str) -> Any:
    """The value (of ``attr``, or the item itself) carrying most characters; None when unknown
    text carries the most."""
    counts: Counter[Any] = Counter()
    for n, c in runs:
        counts[getattr(c, attr) if attr else c] += n
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v, n in counts.items() if n == best)


def body_style(runs: list[tuple[int, Computed]]) -> Style | None:
    """The body text's style: per property, the value carrying most characters of body text."""
    if not runs:
        return None
    style = Style(
        font_size=weighted(runs, "font_size"),
        font_name=weighted(runs, "font_name"),
        bold=weighted(runs, "bold"),
        color=weighted(runs, "color"),
        background=weighted(runs, "background"),
        upper=weighted(runs, "upper"),
    )
    return style if style.to_dict() else None
