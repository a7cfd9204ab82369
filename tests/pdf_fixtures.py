"""Builders for PDF and DOCX test fixtures: a Russian article with a statutory notice in a chosen
size, colour and place, made with reportlab (invariant bytes) or python-docx.

Fonts come from fontconfig (DejaVu), never from a fixed path: reportlab's built-in Helvetica has
no Cyrillic. Tests that need these builders skip when fontconfig or the font is missing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from xml.sax.saxutils import escape

NOTICE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО», "
    "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
)
HEADLINE = "Жители Махачкалы пожаловались на перебои с водой"
DATELINE = "01 апреля 2016, 19:37"
BODY = [
    "Жители нескольких районов Махачкалы третий день остаются без холодной воды. "
    "По словам горожан, воду подвозят в цистернах, но её не хватает на всех.",
    "В городской администрации сообщили, что авария на водоводе будет устранена "
    "к концу недели. Аварийные бригады работают круглосуточно.",
    "«Мы покупаем воду в магазине, а для хозяйственных нужд набираем из цистерны», — "
    "рассказала корреспонденту «Кавказского узла» жительница посёлка Семендер.",
    "Ранее жители Каспийска также жаловались на отключения. Тогда ремонт занял две недели, "
    "и администрация пообещала заменить изношенные трубы до начала осени.",
]
ATTRIBUTION = ["Автор: Фаик Меджид", "Источник: корреспондент «Кавказского узла»"]


@dataclass
class Article:
    """What goes on the page; sizes in points, colours as #rrggbb."""

    headline: str | None = HEADLINE
    notice: str | None = NOTICE
    body: list[str] = field(default_factory=lambda: list(BODY))
    dateline: str | None = DATELINE
    attribution: list[str] = field(default_factory=lambda: list(ATTRIBUTION))
    body_size: float = 10
    headline_size: float = 16
    notice_size: float = 22
    notice_color: str = "#000000"
    notice_position: str = "top"  # top (under the headline), end (after the body), page2
    columns: int = 1
    header: str | None = None  # drawn at the top of every page
    footer: str | None = None  # drawn at the bottom of every page; "{page}" is the page number
    repeat_body: int = 1  # repeat the body paragraphs to make more pages


@cache
def font_file(pattern: str) -> str | None:
    """The TTF file fontconfig picks for a pattern such as 'DejaVu Sans:bold', or None."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    out = subprocess.run([exe, "-f", "%{file}", pattern], capture_output=True, text=True, check=False)
    path = out.stdout.strip()
    return path if path.lower().endswith(".ttf") and "dejavu" in path.lower() else None


def fonts_available() -> bool:
    return font_file("DejaVu Sans") is not None and font_file("DejaVu Sans:bold") is not None


@cache
def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = font_file("DejaVu Sans"), font_file("DejaVu Sans:bold")
    if regular is None or bold is None:
        raise RuntimeError("DejaVu Sans not found by fontconfig")
    pdfmetrics.registerFont(TTFont("DejaVu", regular))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", bold))


def build_pdf(article: Article | None = None, encrypt: str | None = None) -> bytes:
    """A reportlab PDF of the article (same bytes on every build)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
    )

    _register_fonts()
    a = article or Article()
    body_style = ParagraphStyle("body", fontName="DejaVu", fontSize=a.body_size, leading=a.body_size * 1.3)
    small = ParagraphStyle("small", parent=body_style)
    head_style = ParagraphStyle(
        "headline", fontName="DejaVu-Bold", fontSize=a.headline_size, leading=a.headline_size * 1.25
    )
    notice_style = ParagraphStyle(
        "notice",
        fontName="DejaVu-Bold",
        fontSize=a.notice_size,
        leading=a.notice_size * 1.2,
        textColor=HexColor(a.notice_color),
    )

    def para(text: str, style: ParagraphStyle) -> list:
        return [Paragraph(escape(text), style), Spacer(1, a.body_size * 0.8)]

    top: list = []
    if a.dateline:
        top += para(a.dateline, small)
    if a.headline:
        top += para(a.headline, head_style)
    notice = para(a.notice, notice_style) if a.notice else []
    if a.notice_position == "top":
        top += notice
    body: list = []
    for _ in range(a.repeat_body):
        for text in a.body:
            body += para(text, body_style)
    for line in a.attribution:
        body += para(line, small)
    if a.notice_position == "end":
        body += notice
    elif a.notice_position == "page2":
        body += [PageBreak(), *notice]

    width, height = A4
    margin = 56.0
    buf = io.BytesIO()
    kwargs = {"encrypt": encrypt} if encrypt else {}
    doc = BaseDocTemplate(
        buf, pagesize=A4, invariant=1, title="fixture", leftMargin=margin, rightMargin=margin, **kwargs
    )

    def decorate(canvas, doc_) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("DejaVu", 8)
        if a.header:
            canvas.drawString(margin, height - 30, a.header)
        if a.footer:
            canvas.drawString(margin, 24, a.footer.replace("{page}", str(doc_.page)))
        canvas.restoreState()

    inner_w = width - 2 * margin
    frame_h = height - 2 * margin
    if a.columns == 1:
        frames = [Frame(margin, margin, inner_w, frame_h, id="main")]
        story = top + body
        templates = [PageTemplate(id="one", frames=frames, onPage=decorate)]
    else:
        gutter = 18.0
        col_w = (inner_w - gutter) / 2
        top_h = 340.0
        first = [
            Frame(margin, height - margin - top_h, inner_w, top_h, id="top"),
            Frame(margin, margin, col_w, frame_h - top_h, id="c1"),
            Frame(margin + col_w + gutter, margin, col_w, frame_h - top_h, id="c2"),
        ]
        later = [
            Frame(margin, margin, col_w, frame_h, id="l1"),
            Frame(margin + col_w + gutter, margin, col_w, frame_h, id="l2"),
        ]
        templates = [
            PageTemplate(id="first", frames=first, onPage=decorate, autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=later, onPage=decorate),
        ]
        story = [*top, FrameBreak(), *body]
    doc.addPageTemplates(templates)
    doc.build(story)
    return buf.getvalue()


def build_image_only_pdf() -> bytes:
    """A one-page PDF holding only a picture (as a scan would): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    img = Image.new("RGB", (200, 100), "white")
    ImageDraw.Draw(img).rectangle((20, 20, 180, 40), fill="black")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 50, 500, width=400, height=200)
    c.showPage()
    c.save()
    return buf.getvalue()


def build_docx(
    article: Article | None = None, notice_all_caps: bool = False, styles_only: bool = False
) -> bytes:
    """A DOCX of the article: Title style headline, notice as its own paragraph.

    With ``styles_only`` the sizes live in paragraph styles (inherited by the runs) instead of
    being set on each run, so the reader must walk the style chain.
    """
    from docx import Document as Docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    a = article or Article()
    d = Docx()
    normal = d.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(a.body_size)
    notice_style = d.styles.add_style("Notice", WD_STYLE_TYPE.PARAGRAPH)
    notice_style.base_style = normal
    notice_style.font.bold = True
    if styles_only:
        notice_style.font.size = Pt(a.notice_size)
        d.styles["Title"].font.size = Pt(a.headline_size)

    def add(text: str, style: str | None = None, size: float | None = None, bold: bool = False):  # type: ignore[no-untyped-def]
        p = d.add_paragraph(style=style)
        run = p.add_run(text)
        if size is not None and not styles_only:
            run.font.size = Pt(size)
        if bold:
            run.bold = True
        return run

    def add_notice() -> None:
        if not a.notice:
            return
        run = add(a.notice, "Notice", a.notice_size)
        color = a.notice_color.lstrip("#")
        run.font.color.rgb = RGBColor.from_string(color.upper())
        if notice_all_caps:
            run.font.all_caps = True

    if a.dateline:
        add(a.dateline)
    if a.headline:
        add(a.headline, "Title", a.headline_size)
    if a.notice_position == "top":
        add_notice()
    for _ in range(a.repeat_body):
        for text in a.body:
            add(text)
    for line in a.attribution:
        add(line)
    if a.notice_position != "top":
        add_notice()
    if a.header:
        d.sections[0].header.paragraphs[0].text = a.header
    if a.footer:
        d.sections[0].footer.paragraphs[0].text = a.footer.replace("{page}", "1")
    buf = io.BytesIO()
    d.core_properties.created = datetime(2025, 1, 1, tzinfo=UTC)
    d.core_properties.modified = datetime(2025, 1, 1, tzinfo=UTC)
    d.save(buf)
    return buf.getvalue()


def build_weasyprint_pdf(article: Article | None = None) -> bytes:
    """The article as HTML + CSS rendered by WeasyPrint (another PDF producer); columns via CSS."""
    import weasyprint

    a = article or Article()
    body = "".join(f"<p>{escape(p)}</p>" for _ in range(a.repeat_body) for p in a.body)
    notice = f'<p class="notice">{escape(a.notice)}</p>' if a.notice else ""
    top = notice if a.notice_position == "top" else ""
    end = notice if a.notice_position != "top" else ""
    columns = f"column-count: {a.columns}; column-gap: 18pt;" if a.columns > 1 else ""
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 56pt; }}
      body {{ font-family: 'DejaVu Sans'; font-size: {a.body_size}pt; }}
      h1 {{ font-size: {a.headline_size}pt; }}
      .notice {{ font-size: {a.notice_size}pt; font-weight: bold; color: {a.notice_color}; }}
      .cols {{ {columns} }}
    </style></head><body>
      <p>{escape(a.dateline or "")}</p><h1>{escape(a.headline or "")}</h1>{top}
      <div class="cols">{body}{"".join(f"<p>{escape(x)}</p>" for x in a.attribution)}{end}</div>
    </body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


# -- running the command line ------------------------------------------------------------------------
AS_OF = "2025-06-01"  # after MEMO's listing (2021) and the 2022 notice form


@cache
def cli_ready(pack: str = "caucasian-knot", kind: str = "typography") -> bool:
    """True once the CLI runs and the pack loads cleanly with a rule of this kind (the engine,
    CLI and packs are other engineers' work and land piece by piece)."""
    try:
        from auditor.cli import main  # noqa: F401
        from auditor.packs import load_ruleset

        rules = load_ruleset([pack])
    except Exception:
        return False
    return not rules.errors and any(r.kind == kind for r in rules.rules)


def run_auditor(*args: str, cwd: str) -> subprocess.CompletedProcess[str]:
    """`auditor ARGS` in a fresh process (the way CI runs it), history off, fixed as-of date."""
    import sys

    cmd = [sys.executable, "-m", "auditor.cli", *args]
    if args and args[0] == "check":
        cmd += ["--no-history", "--as-of", AS_OF, "--color", "never"]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)
