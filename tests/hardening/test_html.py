"""Defect 4 of issue 16: the HTML reader's article-root choice is linear in the paragraphs, nesting
depth is bounded before parsing, and long one-line pages are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import deep_html, flat_html, one_line_html

from auditor.cli import main
from auditor.limits import Limits
from auditor.readers import LimitExceeded, ReaderOptions, html_chrome, read_bytes
from auditor.readers.html import check_depth


def _quadratic_root(tree):
    """The choice as it was made before (every paragraph re-summed its parent's paragraphs)."""
    best, best_len = None, 0
    for p in tree.css("p"):
        parent = p.parent
        total = sum(html_chrome._text_len(c) for c in parent.iter() if c.tag == "p")
        if total > best_len:
            best, best_len = parent, total
    return best


@pytest.mark.parametrize("page", [
    flat_html(30),
    "<html><body><div><p>a</p><p>bb</p></div><section><p>cc</p><p>d</p></section></body></html>",  # a tie
    "<html><body><div><p>short</p></div><div><p>" + "long text " * 30 + "</p><p>x</p></div></body></html>",
    one_line_html(20_000),
])  # fmt: skip
def test_density_root_is_the_one_the_quadratic_scan_chose(page: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    assert html_chrome._densest(tree).mem_id == _quadratic_root(tree).mem_id


def test_density_root_measures_each_paragraph_once(monkeypatch: pytest.MonkeyPatch) -> None:
    page = one_line_html(200_000)  # ~2,700 paragraphs under one parent, no <article>/<main>
    paragraphs = page.count("<p>")
    calls = 0
    real = html_chrome._text_len

    def counting(node):
        nonlocal calls
        calls += 1
        return real(node)

    monkeypatch.setattr(html_chrome, "_text_len", counting)
    doc = read_bytes(page.encode(), "one-line.html", ReaderOptions())[0]
    assert doc.text.count("Строка текста") == paragraphs
    assert calls <= paragraphs + 50  # was paragraphs squared (7 million for this page)


def test_deep_nesting_is_refused_before_parsing() -> None:
    with pytest.raises(LimitExceeded, match="nested deeper than 256 levels"):
        read_bytes(deep_html(100_000).encode(), "deep.html", ReaderOptions())
    doc = read_bytes(deep_html(200).encode(), "ok.html", ReaderOptions())[0]
    assert "Глубоко вложенный текст." in doc.text
    with pytest.raises(LimitExceeded, match="deeper than 50"):
        read_bytes(deep_html(200).encode(), "ok.html", ReaderOptions(limits=Limits(depth=50)))


def test_depth_scan_ignores_what_does_not_nest() -> None:
    page = (
        "<html><body>" + "<p>unclosed paragraph" * 1000 + "<ul>" + "<li>item" * 1000 + "</ul>"
        + "<br><img src=x><input>" * 500 + "<!-- <div><div><div> -->" * 200
        + "<script>" + "<div>" * 1000 + "</script>" + "<div/>" * 1000 + "</body></html>"
    )  # fmt: skip
    check_depth(page, 10)
    with pytest.raises(LimitExceeded, match="line 3"):
        check_depth("<html>\n<body>\n" + "<b>" * 11, 10)
    check_depth("<div>" * 1000, 0)  # 0: no limit


def test_deep_page_is_an_error_result_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text(deep_html(100_000), encoding="utf-8")
    (tmp_path / "long.html").write_text(one_line_html(1 << 20), encoding="utf-8")  # 1 MB, one line
    out = tmp_path / "r.json"
    main(["check", str(tmp_path), "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    docs = {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert docs["deep.html"]["status"] == "error" and "--max-depth" in docs["deep.html"]["error"]
    assert docs["long.html"]["status"] in ("pass", "fail")
