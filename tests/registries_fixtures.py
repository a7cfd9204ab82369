"""Registry sources in the shapes the ministries publish, built by the tests (no network, no copied
data): the persons and organisations below are made up.

``TABLE`` is a register as rows (the foreign-agents register's columns); ``build_pdf`` prints it
as a reportlab table across pages with the header repeated and long names wrapped; ``build_xlsx``
writes it with openpyxl with a title row above the header, a merged title cell and a record whose
decision is split over two rows with the number and name cells merged down; ``build_html`` is a
hand-written page with the table (a rowspan too); ``ITEMS_HTML`` is a numbered list as the
extremist and terrorist lists are printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

HEADER = [
    "№ п/п",
    "Полное наименование / ФИО",
    "Дата рождения",
    "ОГРН",
    "ИНН",
    "Основания включения",
    "Дата принятия решения о включении",
    "Дата принятия решения об исключении",
]


@dataclass(frozen=True)
class Row:
    name: str
    listed_from: date
    listed_to: date | None = None
    inn: str = ""
    ogrn: str = ""
    birth: date | None = None
    basis: str = "ст. 4 Федерального закона от 14.07.2022 № 255-ФЗ"


ROWS = [
    Row("Серебрякова Алиса Тимуровна", date(2023, 3, 17), birth=date(1984, 2, 29)),
    Row("Кондратьев Ярослав Ильич", date(2022, 12, 2), date(2024, 6, 7), inn="771234567890"),
    Row(
        "Автономная некоммерческая организация «Центр изучения прибрежных сообществ и малых городов»",
        date(2023, 9, 29),
        ogrn="1187700012345",
        inn="7701234567",
    ),
    Row("Общество с ограниченной ответственностью «Северный ветер»", date(2024, 1, 19), ogrn="1157746012345"),
    Row("Лаптева-Орлова Зинаида Марковна", date(2024, 5, 31)),
    Row("Иностранное СМИ «Голос побережья»", date(2023, 4, 14)),
]


def date_text(d: date | None, style: int = 0) -> str:
    """Dates as registers print them, in a few styles (the importer reads them all)."""
    if d is None:
        return ""
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря"]
    return [
        f"{d:%d.%m.%Y}",
        f"{d.day}.{d.month}.{d:%Y}",
        f"{d.day} {months[d.month - 1]} {d.year} г.",
        f"{d:%d.%m.%Y} г.",
    ][style % 4]


def table_rows(rows: list[Row] = ROWS) -> list[list[str]]:
    out = [HEADER]
    for i, r in enumerate(rows, start=1):
        out.append([
            str(i),
            r.name,
            date_text(r.birth),
            r.ogrn or "-",
            r.inn,
            r.basis,
            date_text(r.listed_from, i),
            date_text(r.listed_to, i + 1),
        ])
    return out


def build_pdf(rows: list[Row] = ROWS, repeat: int = 1) -> bytes:
    """A landscape reportlab table over several pages; header repeated on each page; long names
    wrap inside their cell (line breaks inside names)."""
    from pdf_fixtures import _register_fonts
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    _register_fonts()
    style = ParagraphStyle("cell", fontName="DejaVu", fontSize=7, leading=8.5)
    data = []
    for n, row in enumerate(table_rows(rows * repeat)):
        cells = [Paragraph(escape(c), style) for c in row]
        if n and repeat > 1:
            cells[0] = Paragraph(str(n), style)
        data.append(cells)
    widths = [30, 150, 55, 75, 70, 150, 90, 90]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), invariant=1, title="Реестр иностранных агентов")
    doc.build([table])
    return buf.getvalue()


def build_xlsx(rows: list[Row] = ROWS) -> bytes:
    """A title row merged across the columns above the header; dates as date cells for some rows,
    text for others; the second record's basis over two rows with № and name merged down."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Реестр"
    ws.append(["Реестр иностранных агентов"] + [None] * (len(HEADER) - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for i, r in enumerate(rows, start=1):
        from_cell: object = r.listed_from if i % 2 else date_text(r.listed_from, i)
        ws.append([i, r.name, r.birth, r.ogrn or "-", r.inn, r.basis, from_cell, r.listed_to])
        if i == 2:  # the basis continues on a second line; № and name merged down over both rows
            ws.append([None, None, None, None, None, "(повторно)", None, None])
            row = ws.max_row
            ws.merge_cells(start_row=row - 1, start_column=1, end_row=row, end_column=1)
            ws.merge_cells(start_row=row - 1, start_column=2, end_row=row, end_column=2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_html(rows: list[Row] = ROWS) -> bytes:
    """The table as a web page; names with <br> inside, «» quotes, one cell with rowspan."""
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    body = []
    for i, r in enumerate(table_rows(rows)[1:], start=1):
        cells = [escape(c) for c in r]
        cells[1] = cells[1].replace(" ", "<br>\n", 1) if i == 3 else cells[1]
        if i == 4:
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells[:5])
                        + f'<td rowspan="2">{cells[5]}</td>' + "".join(f"<td>{c}</td>" for c in cells[6:]) + "</tr>")
        elif i == 5:
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells[:5] + cells[6:]) + "</tr>")
        else:
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    page = (
        "<!doctype html><html lang=ru><head><meta charset=utf-8><title>Реестр</title></head><body>"
        "<h1>Реестр иностранных агентов</h1><table><thead><tr>" + head + "</tr></thead><tbody>\n"
        + "\n".join(body) + "\n</tbody></table></body></html>"
    )
    return page.encode("utf-8")


ITEMS = [
    ("Местная религиозная организация «Свет истины» г. Верхнереченска",
     "решение Верхнереченского областного суда от 12.03.2019, вступило в силу 16.05.2019", date(2019, 5, 16)),
    ("Межрегиональное общественное движение «Северный\nрубеж» (другие названия: «Рубеж Севера», «СР»)",
     "решение Верховного Суда Российской Федерации от 2 октября 2020 г.", date(2020, 10, 2)),
    ("Общественное объединение «Братство равнин»", "решение суда от 05.07.21", date(2021, 7, 5)),
]

ITEMS_HTML = (
    "<html><body><h2>Перечень организаций</h2>"
    + "".join(f"<p>{n}. {escape(name).replace(chr(10), '<br>')} ({escape(dec)});</p>"
              for n, (name, dec, _) in enumerate(ITEMS, start=1))
    + "<p>99. (решение суда от 01.01.2020);</p>"
    + "</body></html>"
).encode("utf-8")
