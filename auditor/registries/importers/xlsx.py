"""XLSX: a spreadsheet export of a list (the first sheet with a header row naming a name column).
A cell merged across columns fills them all; one merged down rows belongs to the record that
starts in its top row (the rows under it continue that record). Dates may be date cells or text."""

from __future__ import annotations

import io

from auditor.registries.importers.table import Cell, Parsed, Problem, entries_from_rows

VERSION = "xlsx/1"


def parse(data: bytes, status: str, source: str | None = None) -> Parsed:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds
        out = Parsed()
        out.problems.append(Problem("file", f"not a readable XLSX workbook: {exc}"))
        return out
    last = Parsed()
    for ws in wb.worksheets:
        grid: list[list[Cell]] = [list(r) for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            r = rng.min_row
            for c in range(rng.min_col + 1, rng.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = top
        parsed = entries_from_rows(grid, status, where=f"sheet {ws.title!r}, row", source=source)
        if parsed.entries:
            return parsed
        last = parsed
    return last
