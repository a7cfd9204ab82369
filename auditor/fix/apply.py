"""Appliers: a document's fixes -> the file's new bytes, one module per format.

``apply_fixes(doc, data, fixes, settings)`` returns the new bytes. Text, Markdown and HTML are
edited as decoded text (``source_edits`` gives the changes in the decoded file, which the language
server also sends as TextEdits) and encoded back the way they came: encoding, BOM, line endings.
DOCX is edited through python-docx. PDF and CMS exports are never edited in place: ``NotEditable``
says so and where the fix belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditor.model import Document, Fix

SourceEdit = tuple[int, int, str]  # [start, end) of the decoded file -> new text

NOT_EDITABLE = {
    "pdf": "a PDF is never edited in place: fix the source document it was made from (DOCX, CMS) and export it again",
    "records": "a CMS export is never edited in place: fix the article in the CMS and export it again",
}


class NotEditable(Exception):
    """The format is not edited in place (PDF, CMS exports)."""


class CannotApply(Exception):
    """A fix whose place in the file could not be found for sure: left for a human."""


def decode_source(doc: Document, data: bytes) -> tuple[str, str, bytes]:
    """(decoded text, encoding, BOM bytes) of the file the document was read from."""
    from auditor.readers.common import decode

    text, encoding = decode(data, doc.path)
    bom = b""
    if encoding == "utf-8-sig":
        bom, encoding = b"\xef\xbb\xbf", "utf-8"
    elif encoding == "utf-16":
        bom = data[:2]
        encoding = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    return text, encoding, bom


def _editor(fmt: str) -> Callable[[Document, str, list[Fix], dict[str, Any]], list[SourceEdit]] | None:
    if fmt in ("text", "markdown"):
        from auditor.fix.apply_text import source_edits

        return source_edits
    if fmt == "html":
        from auditor.fix.apply_html import source_edits as html_edits

        return html_edits
    return None


def source_edits(doc: Document, source: str, fixes: list[Fix], settings: dict[str, Any] | None = None) -> list[SourceEdit]:
    """The changes of the decoded file (text, Markdown, HTML) that carry out ``fixes``; sorted, disjoint."""
    editor = _editor(doc.format)
    if editor is None:
        raise NotEditable(NOT_EDITABLE.get(doc.format, f"{doc.format} files are not edited by `auditor fix`"))
    edits = editor(doc, source, fixes, settings or {})
    edits.sort(key=lambda e: (e[0], e[1]))
    for a, b in zip(edits, edits[1:], strict=False):
        if b[0] < a[1]:
            raise CannotApply("two edits overlap")
    return edits


def splice(source: str, edits: list[SourceEdit]) -> str:
    out: list[str] = []
    pos = 0
    for s, e, new in edits:
        out.append(source[pos:s])
        out.append(new)
        pos = e
    out.append(source[pos:])
    return "".join(out)


def apply_fixes(doc: Document, data: bytes, fixes: list[Fix], settings: dict[str, Any] | None = None) -> bytes:
    """The file's bytes with ``fixes`` applied (each format's own way)."""
    if doc.format == "docx":
        from auditor.fix.apply_docx import apply as docx_apply

        return docx_apply(doc, data, fixes, settings or {})
    if _editor(doc.format) is None:
        raise NotEditable(NOT_EDITABLE.get(doc.format, f"{doc.format} files are not edited by `auditor fix`"))
    text, encoding, bom = decode_source(doc, data)
    new = splice(text, source_edits(doc, text, fixes, settings))
    try:
        return bom + new.encode(encoding)
    except UnicodeEncodeError as exc:
        raise CannotApply(f"the new text cannot be written in the file's encoding {encoding}: {exc.reason}") from None
