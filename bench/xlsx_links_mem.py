"""Peak RSS while openpyxl saves an XLSX of two sheets x 65,000 hyperlinks (40 distinct URLs), as the
Findings sheets of a 1M-article run: ``python bench/xlsx_links_mem.py [--stock]``.

``--stock`` uses openpyxl's own hyperlink writer (the path before issue 13's fix), for comparison.
"""

from __future__ import annotations

import gc
import io
import resource
import sys

from auditor.reporters import xlsx_book
from auditor.reporters.xlsx_book import EXCEL_MAX_LINKS, Book, Table


def rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return int(f.read().split("VmRSS:")[1].split()[0]) // 1024


def main() -> None:
    if "--stock" in sys.argv:
        xlsx_book.install_link_writer = lambda ws: None  # type: ignore[assignment]
    book = Book(EXCEL_MAX_LINKS + 1)  # one sheet per 65,000 rows, each row linked
    for _part in range(2):
        table = Table(book, "Findings", [("Document", 10), ("Law", 30)])
        for i in range(EXCEL_MAX_LINKS):
            ws = table.next_ws()
            table.append([f"doc-{i}", table.link(ws, f"law {i % 40}", f"https://law.example/ref/{i % 40}")])
        table.finish()
    gc.collect()
    before = rss_mb()
    out = io.BytesIO()
    book.wb.save(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{'stock' if '--stock' in sys.argv else 'auditor'}: RSS before save {before} MB, "
          f"peak RSS {peak} MB, workbook {len(out.getvalue()) // 1024} KB")


if __name__ == "__main__":
    main()
