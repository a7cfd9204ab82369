"""Defect 5 of issue 16: input size limits, each configurable (auditor.toml [limits] and the command
line); a limit hit is an error result for that input with a clear reason, never a crash."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hostile import ARTICLE

from auditor.cli import main
from auditor.config import ConfigError, load_config
from auditor.limits import MB, Limits, from_config, human, parse_size


def _run(tmp_path: Path, *args: str) -> dict[str, dict]:
    out = tmp_path / "r.json"
    main(["check", *args, "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    return {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}


def test_sizes_parse_and_print() -> None:
    assert parse_size("32MB") == 32 * MB == parse_size("32 mib") == parse_size(32 * MB)
    assert parse_size("500k") == 500 * 1024 and parse_size("0") == 0
    assert human(32 * MB) == "32 MB" and human(1536) == "1.5 KB"
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")
    assert from_config({"file-size": "1MB", "pages": 5}) == Limits(file_size=MB, pages=5)
    with pytest.raises(ValueError, match="pagez: unknown limit"):
        from_config({"pagez": 5})


def test_file_size_limit_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")  # ~40 KB
    (tmp_path / "small.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _run(tmp_path, str(tmp_path), "--max-file-size", "10KB")
    assert docs["big.txt"]["status"] == "error"
    assert "larger than the 10 KB limit" in docs["big.txt"]["error"]
    assert "--max-file-size" in docs["big.txt"]["error"]
    assert docs["small.txt"]["status"] in ("pass", "fail")
    docs = _run(tmp_path, str(tmp_path), "--max-file-size", "0")  # 0: no limit
    assert docs["big.txt"]["status"] != "error"


def test_limits_from_the_config_and_the_command_line_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text('[limits]\nfile-size = "10KB"\n', encoding="utf-8")
    (tmp_path / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")
    assert load_config(tmp_path / "auditor.toml").settings.limits == {"file-size": "10KB"}
    assert _run(tmp_path, "big.txt")["big.txt"]["status"] == "error"
    assert _run(tmp_path, "big.txt", "--max-file-size", "1MB")["big.txt"]["status"] != "error"


def test_bad_limit_in_the_config_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / "auditor.toml"
    cfg.write_text('[limits]\nfile-size = "huge"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"auditor.toml:\d+: limits: file-size: .*not a size"):
        load_config(cfg)


def test_cached_run_honours_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")
    out = tmp_path / "r.json"
    for _ in range(2):  # the second run goes through the cache
        main(["check", "big.txt", "--max-file-size", "10KB", "--no-history", "-f", "json", "-o", str(out)])
        doc = json.loads(out.read_text(encoding="utf-8"))["documents"][0]
        assert doc["status"] == "error" and "10 KB limit" in doc["error"]


def test_page_limit_counts_from_the_page_tree(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    from hostile import many_page_pdf

    from auditor.readers import LimitExceeded, ReaderOptions, read_bytes

    with pytest.raises(LimitExceeded, match="10000 pages, more than the 2000-page limit"):
        read_bytes(many_page_pdf(10_000), "long.pdf", ReaderOptions())  # refused before any page is read
    assert read_bytes(many_page_pdf(3), "short.pdf", ReaderOptions())[0].text.count("Page text") == 3
    (tmp_path / "three.pdf").write_bytes(many_page_pdf(3))
    doc = _run(tmp_path, str(tmp_path / "three.pdf"), "--max-pages", "2")["three.pdf"]
    assert doc["status"] == "error" and "--max-pages" in doc["error"]


def test_text_size_limit_bounds_one_document(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(ARTICLE * 100, encoding="utf-8")  # ~16,000 characters
    doc = _run(tmp_path, str(tmp_path / "long.txt"), "--max-text-size", "5000")["long.txt"]
    assert doc["status"] == "error" and "more than the 5,000 limit" in doc["error"]
    assert "--max-text-size" in doc["error"]
    assert _run(tmp_path, str(tmp_path / "long.txt"))["long.txt"]["status"] != "error"  # default: 2,000,000


class _Pipe(io.RawIOBase):
    """A long standard input (``size`` bytes) that counts the bytes taken from it."""

    def __init__(self, chunk: bytes, size: int) -> None:
        self.chunk = chunk
        self.left = size
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = min(len(b), len(self.chunk), self.left)
        self.left -= n
        b[:n] = self.chunk[:n]
        self.taken += n
        return n


def test_stdin_is_read_no_further_than_the_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = _Pipe((ARTICLE * 50).encode("utf-8"), 4 * MB)

    class Stdin:
        buffer = io.BufferedReader(pipe)

    monkeypatch.setattr("sys.stdin", Stdin)
    doc = _run(tmp_path, "-", "--max-file-size", "10KB")["-"]
    assert doc["status"] == "error" and "larger than the 10 KB limit" in doc["error"]
    assert "--max-file-size" in doc["error"] and doc["error"].startswith("-: ")
    assert pipe.taken <= 10 * 1024 + 1 + io.DEFAULT_BUFFER_SIZE  # not the 4 MB: read one byte past the limit


def test_stdin_under_the_limit_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(ARTICLE.encode("utf-8"))

    monkeypatch.setattr("sys.stdin", Stdin)
    assert _run(tmp_path, "-", "--max-file-size", "10KB")["-"]["status"] in ("pass", "fail")


def test_regex_time_limit_makes_a_catastrophic_pack_regex_that_inputs_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hostile import slow_regex_pack

    monkeypatch.chdir(tmp_path)
    (tmp_path / "slow.yaml").write_text(slow_regex_pack(), encoding="utf-8")
    # pack lint rejects the pattern before a run
    assert main(["rules", "validate", "slow.yaml"]) == 2
    assert "slow.yaml:8:5: rules.slow.check.forbid: catastrophic backtracking" in capsys.readouterr().out
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(ARTICLE + "a" * 22 + "b\n", encoding="utf-8")  # ~0.1 s of search
    (tmp_path / "in" / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _run(tmp_path, "in", "-r", "slow.yaml", "--max-regex-time", "1ms")  # a run still goes on
    hostile = docs["hostile.txt"]
    assert hostile["status"] == "error"
    assert hostile["error"].startswith("in/hostile.txt: slow/slow: a regular expression of this rule timed out after ")
    assert "(limit: regex-time, --max-regex-time)" in hostile["error"]
    assert [f["outcome"] for f in hostile["findings"]] == ["timeout"]
    assert docs["plain.txt"]["status"] == "pass"
    # a larger limit (from the config this time) lets the same search finish: the limit is what decides
    (tmp_path / "auditor.toml").write_text('[limits]\nregex-time = "60s"\n', encoding="utf-8")
    docs = _run(tmp_path, "in", "-r", "slow.yaml")
    assert docs["hostile.txt"]["status"] == "pass" and docs["hostile.txt"]["findings"] == []
    (tmp_path / "auditor.toml").write_text('[limits]\nregex-time = "soon"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"limits: regex-time: 'soon' is not a time"):
        load_config(tmp_path / "auditor.toml")


def test_regex_time_reaches_the_checks_on_their_context() -> None:
    from hostile import slow_regex_pack

    from auditor.model import Document
    from auditor.packs import load_ruleset

    assert Limits().regex_timeout == 0.5 and Limits(regex_time=0).regex_timeout is None
    assert from_config({"regex-time": "250ms"}).regex_time == 0.25
    doc = Document("a.txt", "text", "a" * 22 + "b")
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        pack = Path(d) / "slow.yaml"
        pack.write_text(slow_regex_pack(), encoding="utf-8")
        rs = load_ruleset([str(pack)])
    (f,) = rs.evaluate(doc, date(2026, 12, 1), regex_time=0.001)[0]
    assert f.outcome == "timeout" and "after 0.001 s" in f.message
    assert rs.evaluate(doc, date(2026, 12, 1), regex_time=None)[0] == []  # no limit: the search finishes


def test_page_limit_counts_real_pages_when_count_lies(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    from hostile import many_page_pdf

    from auditor.readers import LimitExceeded, ReaderOptions, read_bytes

    small = ReaderOptions(limits=Limits(pages=10))
    liar = many_page_pdf(30, declared=1)  # 30 pages whose page tree says 1
    with pytest.raises(LimitExceeded, match=r"more than 10 pages \(its page tree's /Count says 1\) .*--max-pages"):
        read_bytes(liar, "liar.pdf", small)
    assert read_bytes(many_page_pdf(8, declared=1), "ok.pdf", small)[0].text.count("Page text") == 8
    (tmp_path / "liar.pdf").write_bytes(liar)
    doc = _run(tmp_path, str(tmp_path / "liar.pdf"), "--max-pages", "10")["liar.pdf"]
    assert doc["status"] == "error" and "/Count says 1" in doc["error"]


def test_deep_page_tree_is_a_depth_limit_not_a_recursion_error() -> None:
    pytest.importorskip("pdfplumber")
    from hostile import many_page_pdf

    from auditor.readers import LimitExceeded, ReaderOptions, read_bytes
    from auditor.readers.pdf_file import count_pages

    with pytest.raises(LimitExceeded, match=r"page tree nested deeper than 256 levels \(limit: depth, --max-depth\)"):
        read_bytes(many_page_pdf(2, depth=5000), "deep.pdf", ReaderOptions())  # pdfminer alone: RecursionError
    assert read_bytes(many_page_pdf(2, depth=40), "ok.pdf", ReaderOptions())[0].text.count("Page text") == 2

    class Doc:  # a page tree whose node lists itself among its kids (a loop) and a page
        from pdfminer.pdftypes import PDFObjRef

        def __init__(self) -> None:
            from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES

            self.objs = {1: {"Type": LITERAL_PAGES, "Kids": []}, 2: {"Type": LITERAL_PAGE}}
            self.objs[1]["Kids"] = [self.PDFObjRef(self, 1), self.PDFObjRef(self, 2), self.PDFObjRef(self, 1)]
            self.catalog = {"Pages": self.PDFObjRef(self, 1)}
            self.xrefs: list[Any] = []

        def getobj(self, objid: int) -> Any:
            return self.objs[objid]

    assert count_pages(Doc(), 10, 256) == 1


def test_read_time_limit_bounds_a_quadratic_parse(tmp_path: Path) -> None:
    """Found by atheris: pdfminer re-parses a damaged file from each cross-reference offset, time
    growing with objects x size; the read-time limit makes such a file an error result."""
    pytest.importorskip("pdfplumber")
    from hostile import word_soup_pdf

    from auditor.deadline import ReadTimeout, time_limit

    (tmp_path / "soup.pdf").write_bytes(word_soup_pdf(160))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _run(tmp_path, str(tmp_path), "--max-read-time", "0.3")  # without it: read (~25 s), status pass
    soup = docs["soup.pdf"]
    assert soup["status"] == "error"
    assert soup["error"].endswith("reading took longer than 0.3 s (limit: read-time, --max-read-time)")
    assert docs["a.txt"]["status"] in ("pass", "fail")
    assert from_config({"read-time": "90s"}).read_timeout == 90 and Limits(read_time=0).read_timeout is None
    with pytest.raises(ReadTimeout), time_limit(0.05):  # a BaseException: no parser's `except Exception` hides it
        try:
            while True:
                pass
        except Exception:
            pass
    with time_limit(None):  # no limit: the block runs as it is
        pass
