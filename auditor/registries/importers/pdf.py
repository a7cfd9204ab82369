"""PDF: the table the Ministry of Justice publishes (the register of foreign agents, the list of
undesirable organisations), one table across many pages with its header repeated on each page;
a numbered list when the PDF holds no table (the extremist and terrorist lists printed as text)."""

from __future__ import annotations

import io

from auditor.registries.importers.table import Cell, Parsed, Problem, entries_from_items, entries_from_rows

VERSION = "pdf/1"


def parse(data: bytes, status: str, source: str | None = None) -> Parsed:
    import pdfplumber

    rows: list[list[Cell]] = []
    text_parts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                for table in page.extract_tables():
                    rows.extend([list(r) for r in table])
                text_parts.append(page.extract_text() or "")
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        out = Parsed()
        out.problems.append(Problem("file", f"not a readable PDF: {exc}"))
        return out
    if rows:
        return entries_from_rows(rows, status, where="table row", source=source)
    return entries_from_items("\n".join(text_parts), status, where="item", source=source)
