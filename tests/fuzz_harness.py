"""Fuzz harness for the readers and the pack loader (issue 16): atheris when it is installed
(coverage-guided, libFuzzer), else Hypothesis (random and mutated inputs).

    python tests/fuzz_harness.py readers -runs=20000          # atheris: libFuzzer flags
    python tests/fuzz_harness.py packs -max_total_time=600
    python tests/fuzz_harness.py readers --hypothesis 5000    # without atheris

A finding is any exception other than a reader error (ReadError, UnknownFormat) for the readers,
or any exception at all from the pack loader (it must return PackErrors), and any input that
takes longer than libFuzzer's -timeout (default here: 20 s). Inputs are capped by small limits
(a read by a 5 s read-time limit), so the harness exercises the limit paths too. The seeds are the hostile corpus of tests/hostile.py.
The last line printed is ``fuzz: TARGET: N executions, 0 crashes`` (atheris prints its own stats).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/: the hostile corpus builders

FORMATS = ["text", "markdown", "html", "records", "docx", "pdf"]
EXT = {"text": "txt", "markdown": "md", "html": "html", "records": "json", "docx": "docx", "pdf": "pdf"}
_state = {"runs": 0}
READ_TIME = 5.0  # seconds: the read-time limit inside the harness (libFuzzer's -timeout is 20)


def _options():  # noqa: ANN202
    from auditor.limits import MB, Limits
    from auditor.readers import ReaderOptions

    return ReaderOptions(limits=Limits(file_size=MB, decompressed_size=4 * MB, pages=20, depth=64, yaml_nodes=5000))


def seeds() -> dict[str, list[bytes]]:
    """Seed inputs per target: valid files of each format and the hostile ones, small."""
    from hostile import ARTICLE, bomb_front_matter, bomb_pack, deep_html, one_line_html

    out: dict[str, list[bytes]] = {
        "text": [ARTICLE.encode(), ARTICLE.encode("cp1251"), b"\x00\x01\xff" + ARTICLE.encode()],
        "markdown": [("---\ntitle: T\nauthor: [A, B]\n---\n\n# Заголовок\n\n" + ARTICLE).encode(),
                     bomb_front_matter(levels=4).encode()],
        "html": [f"<html><head><title>T</title></head><body><article><h1>З</h1><p>{ARTICLE}</p></article></body></html>".encode(),
                 deep_html(80).encode(), one_line_html(3000).encode()],
        "records": [('[{"title": "A", "body": "' + ARTICLE.replace("\n", "\\n") + '"}]').encode(),
                    b'{"items": [{"headline": "x", "text": "y"}]}', b"title,body\nA,B\n"],
        "packs": [bomb_pack(levels=3).encode(), b"id: p\ntitle: P\nversion: '1'\nrules:\n  - id: r\n    kind: pattern\n"],
    }  # fmt: skip
    try:
        from hostile import docx_bytes, many_page_pdf

        out["docx"] = [docx_bytes(["Заголовок", ARTICLE])]
        out["pdf"] = [many_page_pdf(2), many_page_pdf(30, declared=1), many_page_pdf(2, depth=80)]
    except ImportError:  # the docx/pdf extras are not installed
        pass
    return out


def one_reader_input(data: bytes) -> None:
    """The first byte picks the format; the rest is the file."""
    from auditor.deadline import ReadTimeout, time_limit
    from auditor.readers import ReadError, UnknownFormat, read_bytes

    _state["runs"] += 1
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    try:
        with time_limit(READ_TIME):  # the run's read-time limit, small: a slow input is a limit hit
            docs = read_bytes(data[1:], f"fuzz.{EXT[fmt]}", _options(), fmt=fmt)
    except (ReadError, UnknownFormat, ReadTimeout):
        return
    except ImportError:  # an optional reader that is not installed
        return
    for doc in docs:
        for seg in doc.segments:
            if not 0 <= seg.start <= seg.end <= len(doc.text):
                raise AssertionError(f"segment {seg.start}-{seg.end} outside a text of {len(doc.text)}")


_PACK_DIR = Path(tempfile.mkdtemp(prefix="auditor-fuzz-"))


def one_pack_input(data: bytes) -> None:
    from auditor.packs import validate_pack

    _state["runs"] += 1
    path = _PACK_DIR / "pack.yaml"
    path.write_bytes(data)
    errors = validate_pack(str(path))
    if not isinstance(errors, list):
        raise AssertionError("validate_pack returned no list")


TARGETS = {"readers": one_reader_input, "packs": one_pack_input}


def _seed_inputs(target: str) -> list[bytes]:
    s = seeds()
    if target == "packs":
        return s["packs"]
    return [bytes([FORMATS.index(fmt)]) + blob for fmt in FORMATS for blob in s.get(fmt, [])]


def run_atheris(target: str, argv: list[str]) -> None:
    import atheris

    corpus = Path(tempfile.mkdtemp(prefix=f"auditor-fuzz-{target}-"))
    for i, blob in enumerate(_seed_inputs(target)):
        (corpus / f"seed{i}").write_bytes(blob)
    args = [sys.argv[0], *argv]
    if not any(a.startswith("-timeout=") for a in argv):
        args.append("-timeout=20")
    if not any(a.startswith("-rss_limit_mb=") for a in argv):
        args.append("-rss_limit_mb=2048")
    args.append(str(corpus))
    with atheris.instrument_imports(include=["auditor"]):  # coverage guidance inside auditor
        import auditor.packs  # noqa: F401
        import auditor.readers as readers

        for name in readers.READERS:
            with contextlib.suppress(ImportError):
                readers.get_reader(name)
    atheris.Setup(args, TARGETS[target])
    atheris.Fuzz()


def run_hypothesis(target: str, examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    base = _seed_inputs(target)
    edits = st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 16), st.binary(max_size=8)), max_size=8)

    def mutate(seed: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
        out = bytearray(seed)
        for pos, cut, insert in ops:
            i = pos % (len(out) or 1)
            out[i : i + cut] = insert
        return bytes(out)

    inputs = st.one_of(st.binary(max_size=4096), st.builds(mutate, st.sampled_from(base), edits))

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(inputs)
    def fuzz(data: bytes) -> None:
        TARGETS[target](data)

    fuzz()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TARGETS:
        print(f"usage: fuzz_harness.py {{{','.join(TARGETS)}}} [libFuzzer flags | --hypothesis N]", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)  # pdfminer warns on every damaged file
    target, rest = argv[0], argv[1:]
    use_hypothesis = "--hypothesis" in rest
    if not use_hypothesis:
        try:
            import atheris  # noqa: F401
        except ImportError:
            use_hypothesis = True
    if use_hypothesis:
        n = int(rest[rest.index("--hypothesis") + 1]) if "--hypothesis" in rest else 2000
        run_hypothesis(target, n)
        print(f"fuzz: {target}: {_state['runs']} executions (hypothesis), 0 crashes")
        return 0
    run_atheris(target, rest)  # libFuzzer exits the process itself
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
