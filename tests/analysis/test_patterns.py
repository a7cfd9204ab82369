"""Literal anchors of pack regexes: a search is skipped only where it could not have matched."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.analysis.patterns import anchors, may_match

PATTERNS = [
    r"^(?:18 ?\+ ?)?THIS (?:MATERIAL|CONTENT)(?: ?\((?:INFORMATION|MATERIAL)\))? (?:IS |WAS )?(?:PRODUCED|CREATED)\b"
    r".{0,80}?\bBY (?:AN? |THE )?FOREIGN AGENT",
    r"НАСТОЯЩИЙ\s+МАТЕРИАЛ \(ИНФОРМАЦИЯ\) (?:ПРОИЗВЕДЕН|РАСПРОСТРАНЕН)(?P<agent>.{1,40}?) АГЕНТА",
    r"(?:АГ){1,2}ЕНТОМ ООО",
    r"ab{2,3}cdef",
    r"abc?d",
    r"(?:ИНОСТРАН){e<=2}АГЕНТ",  # fuzzy: no anchor may be claimed
    r"(?i)foreign agent",  # case-folding: none either
    r"\p{Lu}+ ИНОСТРАН",  # syntax Python's parser cannot read: none
]
ALPHABET = "abcdefАГЕНТОМ ООИНОСТРАНВ THISMATERIALPRODUCEDBYFOREIGNAGENT()+18НАСТОЯЩИЙМАТЕРИАЛ\n"


def test_anchors_of_typical_notice_patterns() -> None:
    got = {p: anchors(regex.compile(p)) for p in PATTERNS}
    assert got[PATTERNS[0]] == ("FOREIGN AGENT",)
    assert got[PATTERNS[2]] == ("ЕНТОМ ООО",)
    assert got[PATTERNS[3]] == ("cdef",)
    assert got[PATTERNS[4]] == ()
    assert got[PATTERNS[5]] == got[PATTERNS[6]] == got[PATTERNS[7]] == ()
    assert not may_match(regex.compile(PATTERNS[0]), "ЖИТЕЛИ НАЛЬЧИКА ОБСУДИЛИ РЕМОНТ ДОРОГИ")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet=ALPHABET, max_size=80),
       st.sampled_from(["", "FOREIGN AGENT", "ЕНТОМ ООО", "cdef", "ИНОСТРАНАГЕНТ", "abbcdef"]))
def test_a_skipped_search_never_hides_a_match(pattern: str, text: str, piece: str) -> None:
    rx = regex.compile(pattern)
    for t in (text, text + piece, piece + text):
        if rx.search(t) is not None:
            assert may_match(rx, t)
