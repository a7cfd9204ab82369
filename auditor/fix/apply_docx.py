"""DOCX: fixes as paragraph edits through python-docx; every other paragraph and run untouched.

A notice goes in as a new paragraph right after the title, in capitals, bold, at twice the body
font size (the reader's body size, else the document default). A removed notice takes its
paragraph with it; a replacement rewrites the runs that held the old text (the first keeps its
formatting and takes the new text) and leaves the paragraph's other runs alone.
"""

from __future__ import annotations

import io
from typing import Any

from auditor.fix.apply import CannotApply
from auditor.model import Document, Fix


def _visible_runs(para: Any, resolver: Any) -> list[Any]:
    from auditor.readers.docx import _runs

    out = []
    for run in _runs(para):
        if not run.text:
            continue
        _st, hidden = resolver.style_of(run, para, para.style)
        if not hidden:
            out.append(run)
    return out


def _para_for(doc: Document, offset: int, paras: list[Any]) -> Any:
    seg = doc.segment_at(offset)
    if seg is None or seg.paragraph is None or not 1 <= seg.paragraph <= len(paras):
        raise CannotApply("no paragraph holds the text")
    return paras[seg.paragraph - 1]  # Segment.paragraph counts from 1 (issue 17)


def _new_notice(text: str, size_pt: float, like: Any) -> Any:
    from docx.oxml import OxmlElement
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    p = OxmlElement("w:p")
    para = Paragraph(p, like._parent)
    run = para.add_run(text.upper())
    run.font.size = Pt(size_pt)
    run.bold = True
    return p


def _replace_in(para: Any, runs: list[Any], old: str, new: str) -> None:
    text = "".join(r.text for r in runs)
    at = text.find(old)
    if at < 0:
        raise CannotApply("the paragraph does not hold the text to replace")
    end = at + len(old)
    pos = 0
    first = True
    for run in runs:
        rs, re_ = pos, pos + len(run.text)
        pos = re_
        if re_ <= at or rs >= end:
            continue  # a run outside the replaced text stays as it is
        keep_head = run.text[: max(0, at - rs)]
        keep_tail = run.text[max(0, end - rs) :] if end < re_ else ""
        run.text = keep_head + (new if first else "") + keep_tail
        first = False


def apply(doc: Document, data: bytes, fixes: list[Fix], settings: dict[str, Any]) -> bytes:
    from auditor.readers.docx import DEFAULT_SIZE_PT, _open, _paragraphs, _Resolver

    document = _open(data)
    resolver = _Resolver(document)
    paras = list(_paragraphs(document))
    body = (doc.body_style.font_size if doc.body_style else None) or resolver.default_size or DEFAULT_SIZE_PT
    removals: list[Any] = []
    for fix in fixes:
        for e in fix.edits:
            if e.block and e.start == e.end:
                seg = next((s for s in doc.segments if s.end == e.start and s.start < e.start), None)
                if seg is not None and seg.paragraph is not None:
                    anchor = paras[seg.paragraph - 1]  # counted from 1
                    anchor._p.addnext(_new_notice(e.text, 2 * body, anchor))
                else:
                    anchor = _para_for(doc, e.start, paras)
                    anchor._p.addprevious(_new_notice(e.text, 2 * body, anchor))
            elif e.block and not e.text:
                para = _para_for(doc, e.start, paras)
                runs = _visible_runs(para, resolver)
                if "".join(r.text for r in runs).strip() != doc.text[e.start : e.end].strip():
                    raise CannotApply("the notice shares its paragraph with other text")
                removals.append(para)
            else:
                para = _para_for(doc, e.start, paras)
                _replace_in(para, _visible_runs(para, resolver), doc.text[e.start : e.end], e.text)
    for para in removals:
        para._p.getparent().remove(para._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
