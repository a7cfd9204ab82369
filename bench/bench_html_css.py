"""Time the HTML reader on a generated page with a large embedded stylesheet, with and without
its typography (the cost of parsing the rules, matching the selectors and computing styles).

Usage: python bench/bench_html_css.py [--rules N] [--paragraphs N] [--runs N]
Prints the median read time of the styled page and of the same page without any CSS.
"""

from __future__ import annotations

import argparse
import statistics
import time


def make_page(rules: int, paragraphs: int, styled: bool) -> bytes:
    css = ["html { font-size: 16px } body { font-size: 1rem; color: #222; background: #fff }"]
    for i in range(rules):
        kind = i % 4
        if kind == 0:
            css.append(f".c{i} {{ font-size: {10 + i % 20}px; color: #{i % 4096:03x} }}")
        elif kind == 1:
            css.append(f"article .w{i} > p, #id{i} {{ font-weight: bold; font: italic 1.{i % 9}em serif }}")
        elif kind == 2:
            css.append(f"@media screen {{ div.c{i - 2} span {{ text-transform: uppercase }} }}")
        else:
            css.append(f"a.c{i}:hover {{ color: red }} .c{i}::before {{ content: 'x' }}")
    style = f"<style>{' '.join(css)}</style>" if styled else ""
    body = []
    for i in range(paragraphs):
        cls = f"c{(i * 4) % max(rules, 1)}"
        body.append(f'<div class="{cls}"><p>Paragraph {i} of the article, with <span>some</span> text '
                    f'and a <b>bold</b> word, long enough to be body text.</p></div>')  # fmt: skip
    notice = '<p class="agent-notice" style="font-size: 2rem">НАСТОЯЩИЙ МАТЕРИАЛ ПРОИЗВЕДЕН</p>'
    html = (f"<!DOCTYPE html><html><head><title>Bench</title>{style}</head><body><main><article>"
            f"<h1>Bench headline</h1>{notice}{''.join(body)}</article></main></body></html>")  # fmt: skip
    return html.encode("utf-8")


def median_read(data: bytes, runs: int) -> float:
    from auditor.readers import ReaderOptions, read_bytes

    opts = ReaderOptions(notice_markers=["НАСТОЯЩИЙ МАТЕРИАЛ"])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        read_bytes(data, "bench.html", opts)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=int, default=2000)
    ap.add_argument("--paragraphs", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    styled = make_page(args.rules, args.paragraphs, True)
    plain = make_page(args.rules, args.paragraphs, False)
    median_read(plain, 1)  # warm-up: imports
    t_styled = median_read(styled, args.runs)
    t_plain = median_read(plain, args.runs)
    print(f"page: {args.paragraphs} paragraphs, {args.rules} CSS rules ({len(styled) // 1024} KiB)")
    print(f"read with typography   {t_styled * 1000:8.1f} ms (median of {args.runs})")
    print(f"read without CSS       {t_plain * 1000:8.1f} ms")
    print(f"typography costs       {(t_styled - t_plain) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
