"""Front matter of plain `key: value` lines is read without ruamel (auditor/safeyaml.flat_mapping),
and gives exactly what ruamel's safe loader gives; anything it is not sure of goes to ruamel."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from auditor.safeyaml import flat_mapping


def _ruamel(text: str) -> object:
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except Exception as exc:  # a YAML error: the fast path must not have accepted it
        return type(exc)
    return {} if data is None else data


FLAT = [
    'title: "Пенсионеры Черкесска проверили решение суда"\npublished: "24 October 2023, 06:56"\nlanguage: ru\n'
    "id: a00000\nauthor: Ислам Магомедов\n",
    "# a comment\n\ntitle: 'Single quoted'\r\nsection: World news  \n",
    "",
    "author: Jean-Luc Picard, Esq.\nslug: a-b_c\n",
]
NOT_FLAT = [
    "published: 2023-10-24\n",  # a date
    "count: 12\n",  # an int
    "draft: yes\n",  # a boolean (YAML 1.1)
    "draft: False\n",
    "title: null\n",
    "true: x\n",  # the key is a boolean
    "tags:\n  - a\n  - b\n",  # nesting
    "title: &a x\nother: *a\n",  # anchors
    'title: "say \\"hi\\""\n',  # escapes
    "title: a: b\n",
    "title: x # comment\n",
    "title: x\ntitle: y\n",  # duplicate key
    "title: x\u2028y\n",  # a YAML line break
    "title: x\x07\n",  # not printable
    "title: [a, b]\n",
    "---\ntitle: x\n",
]


@pytest.mark.parametrize("text", FLAT)
def test_flat_front_matter_reads_as_ruamel_reads_it(text: str) -> None:
    got = flat_mapping(text)
    assert got is not None
    assert got == _ruamel(text)


@pytest.mark.parametrize("text", NOT_FLAT)
def test_anything_else_is_left_to_ruamel(text: str) -> None:
    assert flat_mapping(text) is None


_KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)
_VALUE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
_QUOTE = st.sampled_from(["", '"', "'"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_KEY, _QUOTE, _VALUE), max_size=6))
def test_whatever_it_accepts_is_what_ruamel_gives(items: list[tuple[str, str, str]]) -> None:
    text = "".join(f"{k}: {q}{v}{q}\n" for k, q, v in items)
    got = flat_mapping(text)
    if got is not None:
        assert got == _ruamel(text), text
