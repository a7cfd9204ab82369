"""Reading speed of the PDF reader in pages per second on a generated 100-page article.

Usage: python bench/bench_pdf.py [--pages N] [--columns 1|2] [--runs N] [--file some.pdf]
Builds the PDF with reportlab (tests/pdf_fixtures.py: DejaVu from fontconfig, running header and
footer on every page), then times ``auditor.readers.pdf.read`` (pdfplumber, layout, chrome,
typography) and prints pages, the best and median time and pages per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(pages: int, columns: int) -> bytes:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_fixtures import Article, build_pdf, fonts_available

    if not fonts_available():
        raise SystemExit("DejaVu Sans not found by fontconfig (Debian: fonts-dejavu-core)")
    art = Article(header="Кавказский узел — новости", footer="Страница {page}", columns=columns)
    repeat = max(1, pages * 2)  # a first guess, then scaled to the page count it gave
    for _ in range(4):
        art.repeat_body = repeat
        data = build_pdf(art)
        got = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
        if got == pages or got == 0:
            break
        repeat = max(1, round(repeat * pages / got))
    return data


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--columns", type=int, choices=(1, 2), default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--file", help="time this PDF instead of a generated one")
    args = ap.parse_args()

    from auditor.readers import ReaderOptions
    from auditor.readers import pdf as reader

    data = Path(args.file).read_bytes() if args.file else build(args.pages, args.columns)
    times = []
    doc = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        doc = reader.read(data, "bench.pdf", ReaderOptions())[0]
        times.append(time.perf_counter() - t0)
    assert doc is not None
    pages = doc.metadata["pages"]
    best, median = min(times), statistics.median(times)
    print(
        f"pdf: {len(data) / 1024:.0f} KiB, {pages} pages, {len(doc.text)} characters, {len(doc.segments)} segments"
    )
    print(f"read: best {best:.2f} s, median {median:.2f} s over {args.runs} runs")
    print(f"speed: {pages / best:.1f} pages/s (best), {pages / median:.1f} pages/s (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
