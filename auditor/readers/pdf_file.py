"""Opening a PDF safely: the container checked, pdfplumber's errors turned into one-line reasons,
the page count bounded by walking the page tree (never trusting ``/Count``), pages loaded and closed."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from auditor.readers import LimitExceeded, ReadError
from auditor.readers.pdf_layout import PageInfo, color_of, page_lines, page_words


def sniff(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # readers accept junk before the header within the first 1 KiB



def check_container(data: bytes) -> None:
    if not data.strip():
        raise ReadError("empty file")
    if not sniff(data[:1024]):
        raise ReadError("not a PDF: no %PDF- header")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]:
        raise ReadError("truncated PDF: no end-of-file marker (%%EOF)")


def open_pdf(data: bytes) -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise ReadError("PDF support is not installed: pip install 'auditor[pdf]'") from None

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(reason(exc)) from None


def reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "encrypted PDF: needs a password"
    if name in ("PSEOF",):
        return "truncated or corrupt PDF: unexpected end of data"
    detail = str(inner).strip() or name
    return f"corrupt PDF: {detail}".splitlines()[0]


def close_pdf(pdf: Any) -> None:
    """Close the file only: ``load_pages`` closes each page as it goes, and pdfplumber's close()
    drops its page list and builds every page again to close them (one more pass over the page
    tree, which a damaged file can make slow)."""
    with contextlib.suppress(Exception):
        pdf.stream.close()


def check_pages(pdf: Any, limit: int, depth: int = 0) -> None:
    """Raise LimitExceeded past ``limit`` pages (0: none) or a page tree nested deeper than
    ``depth`` levels (0: none), counting the real pages (``count_pages``) before any is read:
    ``/Count`` is what the file says, and a hostile file can understate it."""
    if limit <= 0 and depth <= 0:
        return
    from pdfminer.pdftypes import resolve1

    try:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:
        declared = None
    if not isinstance(declared, int) or isinstance(declared, bool):
        declared = None
    if limit > 0 and declared is not None and declared > limit:  # said so: no need to walk
        raise LimitExceeded(f"{declared} pages, more than the {limit}-page limit (limit: pages, --max-pages)")
    found = count_pages(pdf.doc, limit, depth)
    if limit > 0 and found > limit:
        said = f" (its page tree's /Count says {declared})" if declared is not None else ""
        raise LimitExceeded(f"more than {limit} pages{said} (limit: pages, --max-pages)")


def count_pages(doc: Any, limit: int, depth: int = 0) -> int:
    """The pages of the document's page tree, walked without recursion and without trusting
    ``/Count``: each node once (a loop ends), stopping one page past ``limit`` (0: none) and at
    ``2 * limit + 1000`` nodes (empty branches cost too). A tree deeper than ``depth`` is a
    LimitExceeded. A file without a usable tree is counted the way pdfminer then finds its
    pages: every object of type /Page."""
    from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES
    from pdfminer.pdftypes import PDFObjRef, resolve1

    stop = limit + 1 if limit > 0 else None
    budget = 2 * limit + 1000 if limit > 0 else None
    stack: list[tuple[Any, int]] = [(doc.catalog.get("Pages"), 0)]
    seen: set[int] = set()
    pages = nodes = 0
    while stack and pages != stop:
        ref, level = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                continue
            seen.add(ref.objid)
        try:
            node = resolve1(ref)
        except Exception:  # a dangling reference: pdfminer skips it too
            continue
        if not isinstance(node, dict):
            continue
        nodes += 1
        if budget is not None and nodes > budget:
            raise LimitExceeded(f"a page tree of more than {budget} nodes for at most {limit} pages "
                                "(limit: pages, --max-pages)")
        kind = resolve1(node.get("Type") or node.get("type"))  # pdfminer reads a lower-case key too
        kids = resolve1(node.get("Kids"))
        if kind is LITERAL_PAGES and isinstance(kids, list):
            if 0 < depth <= level:
                raise LimitExceeded(f"page tree nested deeper than {depth} levels (limit: depth, --max-depth)")
            stack.extend((kid, level + 1) for kid in reversed(kids))
        elif kind is LITERAL_PAGE:
            pages += 1
    return pages if pages else _page_objects(doc, stop)


def _page_objects(doc: Any, stop: int | None) -> int:
    """Objects of type /Page anywhere in the file (pdfminer's fallback without a page tree)."""
    from pdfminer.pdfpage import LITERAL_PAGE

    pages = 0
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                obj = doc.getobj(objid)
            except Exception:
                continue
            if isinstance(obj, dict) and obj.get("Type") is LITERAL_PAGE:
                pages += 1
                if pages == stop:
                    return pages
    return pages


def load_pages(pdf: Any) -> list[PageInfo]:
    pages: list[PageInfo] = []
    for page in pdf.pages:
        n = page.page_number
        try:
            info = PageInfo(n, float(page.width), float(page.height))
            info.lines = page_lines(page_words(page), n)
            for r in page.rects:
                if r.get("fill"):
                    info.fills.append(
                        ((r["x0"], r["top"], r["x1"], r["bottom"]), color_of(r.get("non_stroking_color")))
                    )
            info.images = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"page {n}: {reason(exc)}") from None
        finally:
            page.close()
        pages.append(info)
    return pages


def metadata_of(pdf: Any, pages: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"pages": pages}
    for key, value in sorted((pdf.metadata or {}).items()):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[f"pdf_{str(key).lower()}"] = value
    return meta

