"""HTML: a web page with the list as a table (rowspan/colspan expanded) or as numbered items
(paragraphs or list items ``12. Name (решение ... от DD.MM.YYYY)``)."""

from __future__ import annotations

from auditor.registries.importers.table import Cell, Parsed, entries_from_items, entries_from_rows

VERSION = "html/1"


def parse(data: bytes, status: str, source: str | None = None) -> Parsed:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    from auditor.readers.common import decode

    text, _ = decode(data, "page")
    tree = HTMLParser(text)
    best = Parsed()
    for table in tree.css("table"):
        parsed = entries_from_rows(_grid(table), status, where="table row", source=source)
        if len(parsed.entries) > len(best.entries):
            best = parsed
    if best.entries:
        return best
    body = tree.body or tree.root
    for br in body.css("br"):
        br.replace_with("\n")
    lines: list[str] = []
    ordered = 0
    blocks = "p, li, div, td"
    for node in body.css(blocks):
        if any(c.mem_id != node.mem_id for c in node.css(blocks)):
            continue  # only leaf blocks
        t = node.text(separator=" ").strip()
        if not t:
            continue
        if node.tag == "li" and node.parent is not None and node.parent.tag == "ol":
            ordered += 1
            t = f"{ordered}. {t}"
        lines.append(t)
    return entries_from_items("\n".join(lines), status, where="item", source=source)


def _grid(table: object) -> list[list[Cell]]:
    """Rows of a table with rowspan and colspan expanded (each covered slot holds the cell's text)."""
    grid: list[list[Cell]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.css("tr")):  # type: ignore[attr-defined]
        row: list[Cell] = []
        col = 0
        for td in tr.css("td, th"):
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            for br in td.css("br"):
                br.replace_with("\n")
            text = td.text(separator="").strip()
            span_c = _int(td.attributes.get("colspan"))
            span_r = _int(td.attributes.get("rowspan"))
            for dc in range(span_c):
                row.append(text)
                for dr in range(1, span_r):
                    pending[(r + dr, col + dc)] = text
            col += span_c
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    return grid


def _int(v: str | None) -> int:
    try:
        return max(1, min(100, int(v or 1)))
    except ValueError:
        return 1
