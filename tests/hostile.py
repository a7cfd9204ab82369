"""A hostile corpus, generated small (nothing large is committed): builders for the inputs that
tests/hardening/test_*.py and the fuzz harness throw at auditor."""

from __future__ import annotations

import io
import zipfile

ARTICLE = (
    "Заголовок статьи\n\n"
    "Автор: Иван Петров\n\n"
    "Москва, 1 декабря 2026 г. Текст статьи о погоде и городе, довольно длинный абзац, чтобы быть телом.\n"
)


def yaml_bomb(levels: int = 9, width: int = 9, prefix: str = "") -> list[str]:
    """Billion laughs: ``levels`` anchors, each a list of ``width`` aliases of the one before
    (9 levels x 9 = 387,420,489 strings from ~500 bytes)."""
    lol = ", ".join(['"lol"'] * width)
    lines = [f"{prefix}a0: &a0 [{lol}]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"{prefix}a{i}: &a{i} [{refs}]")
    return lines


def bomb_pack(levels: int = 9) -> str:
    return "id: bomb\ntitle: Bomb\nversion: '1'\nrules: []\n" + "\n".join(yaml_bomb(levels, prefix="x-")) + "\n"


def slow_regex_pack(pattern: str = "(a|aa)+$") -> str:
    """A pack whose one rule forbids a catastrophic-backtracking pattern (``(a|aa)+$``: exponential
    on a run of ``a`` that ends in another letter)."""
    return ("id: slow\ntitle: Slow\nversion: '1'\njurisdiction: RU\nrules:\n"
            f"  - id: slow\n    title: Slow\n    check: {{kind: pattern, forbid: '{pattern}'}}\n")


def deep_yaml(depth: int) -> str:
    return "key: " + "[" * depth + "]" * depth + "\n"


def bomb_front_matter(field: str = "author", levels: int = 9) -> str:
    return "---\ntitle: Заголовок\n" + "\n".join(yaml_bomb(levels)) + f"\n{field}: *a{levels - 1}\n---\n\n" + ARTICLE


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal valid DOCX built by python-docx."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bomb_docx(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes (mostly spaces inside the
    body): ~1000x compression, so 200 MB costs ~200 KB."""
    base = docx_bytes(["Короткий текст."])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                head, sep, tail = data.partition(b"<w:body>")
                with dst.open(info.filename, "w", force_zip64=True) as w:
                    w.write(head + sep)
                    chunk = b" " * (1024 * 1024)
                    left = inflated
                    while left > 0:
                        w.write(chunk[: min(left, len(chunk))])
                        left -= len(chunk)
                    w.write(tail)
            else:
                dst.writestr(info, data)
    return out.getvalue()


def deep_html(depth: int, tag: str = "div") -> str:
    return "<!doctype html><html><body>" + f"<{tag}>" * depth + "<p>Глубоко вложенный текст.</p>" + f"</{tag}>" * depth + "</body></html>"


def flat_html(paragraphs: int, para: str = "Абзац текста статьи, в котором достаточно слов для плотности.") -> str:
    """A page with no <article>/<main>: many <div>s of paragraphs (the root is chosen by density)."""
    blocks = "".join(f"<div class='c{i % 7}'><p>{para} {i}</p><p>{para}</p></div>" for i in range(paragraphs))
    return f"<!doctype html><html><head><title>T</title></head><body><h1>Заголовок</h1>{blocks}</body></html>"


def one_line_html(size: int) -> str:
    """A page that is one line of ``size`` characters (paragraphs without newlines)."""
    p = "<p>Строка текста без переводов строки, много слов подряд для объёма.</p>"
    n = max(1, size // len(p))
    return "<!doctype html><html><body><h1>Заголовок</h1>" + p * n + "</body></html>"


def many_page_pdf(pages: int, declared: int | None = None, depth: int = 0) -> bytes:
    """A valid PDF of ``pages`` pages sharing one small content stream (10,000 pages ~ 0.6 MB).
    ``declared``: the page tree's /Count, when it should lie; ``depth``: intermediate /Pages nodes
    of one kid each between the root and the pages (a deep tree)."""
    objs: list[bytes] = []
    first_page = 4 + depth
    kids = " ".join(f"{i + first_page} 0 R" for i in range(pages))
    stream = b"BT /F1 12 Tf 72 720 Td (Page text) Tj ET"
    count = pages if declared is None else declared
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    if depth:
        objs.append(f"<< /Type /Pages /Kids [4 0 R] /Count {count} >>".encode())
    else:
        objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    for level in range(depth):  # object 4 + level; the last one holds the pages
        inner = f"{5 + level} 0 R" if level < depth - 1 else kids
        parent = 2 if level == 0 else 3 + level
        objs.append(f"<< /Type /Pages /Parent {parent} 0 R /Kids [{inner}] /Count {count} >>".encode())
    parent = 2 if not depth else 3 + depth
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources " % parent
                    + font + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def word_soup_pdf(depth: int = 200) -> bytes:
    """A damaged PDF as the fuzzer made one: the objects of a deep page tree overwritten by a run of
    words, the cross-reference table still pointing into it. pdfminer parses from each offset through
    the run, so reading takes time that grows with objects x run length (16 KB: ~25 s)."""
    good = many_page_pdf(2, depth=depth)
    start = good.index(b"\n9 0 obj") + 1
    end = good.index(b"\n%d 0 obj" % depth) + 1
    words = "Строка текста без переводов строки, много слов подряд. ".encode()
    return good[:start] + (words * ((end - start) // len(words) + 1))[: end - start] + good[end:]
