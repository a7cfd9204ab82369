"""Issue 16, properties (Hypothesis): normalisation and span mapping over arbitrary Unicode, the pack
loader over any YAML, the readers over any bytes. Each property would have caught a crash class:
an offset past the text, a loader exception that is not a PackError, a reader exception that is not
a ReadError."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from hostile import ARTICLE, docx_bytes, many_page_pdf
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.limits import MB, Limits
from auditor.model import Document
from auditor.readers import READERS, ReaderOptions, ReadError, UnknownFormat, read_bytes
from auditor.text import normalize

SMALL = Limits(file_size=MB, decompressed_size=4 * MB, pages=20, depth=64, yaml_nodes=5000)
OPTIONS = ReaderOptions(limits=SMALL)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Unicode with what real articles and hostile ones hold: controls, surrogate-free planes, marks,
# bidi controls, NBSP and soft hyphens, look-alikes, typographic quotes
unicode_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\u00a0\u00ad\u200b\u202e\u0301«»„“”—–-\r\n\t\x1b\x00Ёё" + "АаВЕКМНОРСТХ" + "AaBEKMHOPCTX")),
    ),
    max_size=200,
)


# -- normalisation and spans --------------------------------------------------------------------
@PROFILE
@given(raw=unicode_text, upper=st.booleans(), fold=st.booleans(), strip=st.booleans())
def test_normalised_text_maps_inside_the_raw_text(raw: str, upper: bool, fold: bool, strip: bool) -> None:
    n = normalize(raw, upper=upper, fold=fold, strip=strip)
    assert len(n.starts) == len(n.ends) == len(n.text)
    prev = 0
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)
        assert s >= prev
        prev = s
    for a in range(0, len(n.text) + 1, 7):
        s, e = n.raw_span(a, a + 5)
        assert 0 <= s <= e <= len(raw)


@PROFILE
@given(text=unicode_text.filter(lambda t: t.strip()), data=st.data())
def test_document_spans_point_inside_the_text(text: str, data: st.DataObject) -> None:
    doc = Document("x.txt", "text", text, [])
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sp = doc.span(start, end)
    assert (sp.start, sp.end) == (start, end)
    assert sp.line == text.count("\n", 0, start) + 1
    assert sp.column == start - (text.rfind("\n", 0, start) + 1) + 1


_WORDS = st.lists(st.sampled_from(["Мемориал", "иностранный агент", "НАСТОЯЩИЙ МАТЕРИАЛ", "«ООО»", "Автор:",
                                   "1 декабря 2026", "Иван Петров", "\u00a0", "\u00ad", "\n\n", "ВЫПОЛНЕН"]),
                  max_size=12)  # fmt: skip


@pytest.fixture(scope="module")
def ruleset():  # noqa: ANN201
    from auditor.packs import load_ruleset

    return load_ruleset(["caucasian-knot"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(words=_WORDS, noise=unicode_text)
def test_every_finding_points_inside_the_document_and_evidence_is_the_text_there(ruleset, words: list[str],
                                                                                  noise: str) -> None:  # fmt: skip
    body = ARTICLE + " ".join(words) + noise
    try:
        doc = read_bytes(body.encode("utf-8", "surrogatepass"), "x.txt", OPTIONS)[0]
    except ReadError:
        return
    findings, _ = ruleset.evaluate(doc, date(2026, 12, 1))
    for f in findings:
        if f.span is None:
            continue
        assert 0 <= f.span.start <= f.span.end <= len(doc.text), f.rule_id
        if f.evidence and f.span.end > f.span.start and not f.span.field:
            assert f.evidence == doc.text[f.span.start : f.span.end], (f.rule_id, f.evidence)


# -- the pack loader ----------------------------------------------------------------------------
yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
yaml_data = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(string.ascii_lowercase, max_size=8), inner, max_size=4)),
    max_leaves=20,
)
PACK_KEYS = ["id", "title", "version", "rules", "extends", "settings", "overrides", "registries", "kind", "check",
             "severity", "references", "fix", "when", "pattern", "forbid", "require", "message"]  # fmt: skip


def _dump(data: object) -> str:
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buf)
    return buf.getvalue()


def _loads_or_pack_errors(tmp_path: Path, text: str | bytes) -> None:
    from auditor.packs import validate_pack
    from auditor.packs.loader import PackError

    p = tmp_path / "pack.yaml"
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    errors = validate_pack(str(p))  # must return, never raise
    assert isinstance(errors, list) and all(isinstance(e, PackError) for e in errors)


@PROFILE
@given(raw=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_text_gives_a_pack_or_pack_errors(tmp_path_factory: pytest.TempPathFactory, raw: str | bytes) -> None:
    _loads_or_pack_errors(tmp_path_factory.mktemp("p"), raw)


@PROFILE
@given(data=st.dictionaries(st.sampled_from(PACK_KEYS), yaml_data, max_size=6),
       rules=st.lists(st.dictionaries(st.sampled_from(PACK_KEYS), yaml_data, max_size=5), max_size=3))  # fmt: skip
def test_any_pack_shaped_yaml_gives_a_pack_or_pack_errors(tmp_path_factory: pytest.TempPathFactory,
                                                           data: dict, rules: list) -> None:  # fmt: skip
    pack = {"id": "fuzz", "title": "F", "version": "1", **data, "rules": rules}
    _loads_or_pack_errors(tmp_path_factory.mktemp("p"), _dump(pack))


# -- readers --------------------------------------------------------------------------------------
def _seeds() -> dict[str, bytes]:
    seeds = {
        "text": ARTICLE.encode(),
        "markdown": ("---\ntitle: T\nauthor: [A, B]\n---\n\n# Заголовок\n\n" + ARTICLE).encode(),
        "html": f"<html><head><title>T</title></head><body><article><h1>З</h1><p>{ARTICLE}</p></article></body></html>".encode(),
        "records": ('[{"title": "A", "body": "' + ARTICLE.replace("\n", "\\n") + '"}]').encode(),
    }
    try:
        seeds["docx"] = docx_bytes(["Заголовок", ARTICLE])
        seeds["pdf"] = many_page_pdf(2)
    except ImportError:
        pass
    return seeds


SEEDS = _seeds()


def _mutate(seed: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(seed)
    for pos, cut, insert in edits:
        if not out:
            break
        i = pos % len(out)
        out[i : i + cut] = insert
    return bytes(out)


_EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=6)), max_size=6)


def _read_or_reader_error(fmt: str, data: bytes) -> None:
    ext = {"text": "txt", "markdown": "md", "html": "html", "records": "json", "docx": "docx", "pdf": "pdf"}[fmt]
    try:
        docs = read_bytes(data, f"fuzz.{ext}", OPTIONS, fmt=fmt)
    except (ReadError, UnknownFormat):
        return
    for doc in docs:
        for seg in doc.segments:
            assert 0 <= seg.start <= seg.end <= len(doc.text)


@PROFILE
@given(fmt=st.sampled_from(sorted(READERS)), data=st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_reader_error(fmt: str, data: bytes) -> None:
    assume(fmt in SEEDS)
    _read_or_reader_error(fmt, data)


@PROFILE
@given(fmt=st.sampled_from(sorted(READERS)), edits=_EDITS)
def test_damaged_real_files_give_a_document_or_a_reader_error(fmt: str, edits: list) -> None:
    assume(fmt in SEEDS)
    _read_or_reader_error(fmt, _mutate(SEEDS[fmt], edits))
