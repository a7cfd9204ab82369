"""Line roles of a plain-text or Markdown page, read as a careful reviewer reads it.

A page saved as text is page chrome (navigation, a rubric, a current-date header), then the
material (timestamp, headline, notice, lead, byline, body, source), then more chrome (related
links, tags). ``assign`` gives every block one role with a score and the reason, so
``auditor inspect`` can say why a line is the headline:

=========  ====================================  ==================
role       what it is                            segment kind
=========  ====================================  ==================
chrome     navigation, counters, share bars      chrome
rubric     the section name over the headline    chrome
related    lists and teasers of other articles   chrome
caption    photo captions and photo credits      chrome
updated    an "Обновлено"/"Updated" stamp        chrome
timestamp  the publication time                  dateline
headline   the article's headline                headline
notice     a statutory notice standing alone     notice
lead       the standfirst under the headline     lead
byline     the author line                       attribution
source     an origin credit ("Источник: ...")    attribution
body       the text                              body
footnote   "* - ..." lines after the body        footnote
=========  ====================================  ==================

Everything is decided from layout features (position, length, sentence shape, labels, what
stands next to a line, a line repeated further down) and the shared date and name helpers;
nothing here knows a publisher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor import dates
from auditor.model import Segment
from auditor.readers import lines as ln
from auditor.readers.attribution import agency_dateline
from auditor.readers.layout import CHROME_HEADINGS, Block, fold_marker

if TYPE_CHECKING:
    from auditor.readers import ReaderOptions

KIND = {
    "chrome": "chrome", "rubric": "chrome", "related": "chrome", "caption": "chrome", "updated": "chrome",
    "timestamp": "dateline", "headline": "headline", "notice": "notice", "lead": "lead", "byline": "attribution",
    "source": "attribution", "body": "body", "footnote": "footnote", "metadata": "metadata",
}  # fmt: skip
HEADLINE_MIN = 2.5  # score from which the best candidate is taken as the headline
TOP = 40  # the headline is looked for among this many blocks from the top


@dataclass(slots=True)
class Unit:
    block: Block
    text: str
    role: str | None = None
    reason: str = ""
    score: float = 0.0
    stamp: Any = None  # a date found at the start of the block (dates.ParsedDate)


@dataclass(slots=True)
class Page:
    units: list[Unit]
    markers: list[str]
    folded: list[str] = field(default_factory=list)

    def set(self, i: int, role: str, reason: str, score: float = 1.0) -> None:
        u = self.units[i]
        u.role, u.reason, u.score = role, reason, score


# -- building units ------------------------------------------------------------------------------------
def _piece(b: Block, start: int, end: int, hint: str | None = None) -> Block:
    return Block(start, end, hint, b.page, b.bbox, b.paragraph, b.field, b.style)


def _split_leading_date(text: str, b: Block) -> list[Block]:
    """A block opening with a date glued to more text ("23:10 / 21.07.2014Ситуация ...", " date
    2025-08-16 Грузинские ...") becomes two blocks, the date and the rest (again while the rest
    opens with another date)."""
    out: list[Block] = []
    start = b.start
    for _ in range(3):
        m = ln.leading_stamp(text[start : b.end])
        if m is None:
            break
        cut = start + m
        rest = cut
        while rest < b.end and text[rest] in " \t\u00a0|—–-,":
            rest += 1
        if rest >= b.end:
            break
        out.append(_piece(b, start, cut, b.hint))
        start = rest
    out.append(_piece(b, start, b.end, None if out else b.hint))
    return out


def _split_glued(text: str, b: Block) -> list[Block]:
    """A header line a page saved without line breaks ("... Олимпиаде в Токио 25 марта 2021,
    14:33 Текст: Дмитрий Зубарев"): cut before a mid-line author/source label and before a date
    with a time standing right before such a label or at the end. A line ending a sentence is
    prose and is left alone."""
    t = text[b.start : b.end]
    if ln.ends_sentence(t) or "\n" in t:
        return [b]
    cuts = sorted({m.start() for m in ln.INLINE_LABEL.finditer(t) if m.start() > 0})
    for s, e, _raw in dates.find_dates(t):
        tail = t[e:].strip()
        if len(t[:s].split()) >= 3 and (not tail or any(c == e + (len(t[e:]) - len(t[e:].lstrip())) for c in cuts)):
            cuts.append(s)
    cuts = sorted(set(cuts))
    if not cuts:
        return [b]
    out: list[Block] = []
    pos = 0
    for c in [*cuts, len(t)]:
        piece = t[pos:c]
        if piece.strip():
            s = b.start + pos + (len(piece) - len(piece.lstrip()))
            out.append(_piece(b, s, b.start + pos + len(piece.rstrip())))
        pos = c
    return out


def _merge_notice_lines(text: str, blocks: list[Block], markers: list[str]) -> list[Block]:
    """A notice hard-wrapped over several lines (any width, any case) is one block: a block that
    opens with a notice marker takes the lines after it, with no blank line between, until one
    ends a sentence."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.hint is None
            and b.hint is None
            and ln.opens_notice(text[prev.start : prev.end], markers)
            and not ln.full_stop(text[prev.start : prev.end])
            and "\n" not in text[prev.end : b.start].replace("\n", "", 1).strip(" \t\r>")
            and not text[prev.end : b.start].count("\n") > 1
            and b.end - prev.start < 1500
        ):
            out[-1] = Block(prev.start, b.end, None, prev.page, prev.bbox, prev.paragraph, prev.field, prev.style)
            continue
        out.append(b)
    return out


def units_of(text: str, blocks: list[Block], markers: list[str]) -> list[Unit]:
    split: list[Block] = []
    prose = False  # glued header lines are cut only before the text starts
    for i, b in enumerate(blocks):
        if b.hint is not None or i >= TOP or prose:
            split.append(b)
            continue
        for piece in _split_leading_date(text, b):
            split.extend(_split_glued(text, piece) if piece.hint is None else [piece])
        prose = ln.is_prose(text[b.start : b.end]) and ln.ends_sentence(text[b.start : b.end])
    merged = _merge_notice_lines(text, split, markers)
    return [Unit(b, text[b.start : b.end].strip(), role=b.hint, reason="given by the format" if b.hint else "")
            for b in merged]  # fmt: skip


# -- passes -----------------------------------------------------------------------------------------------
def _pass_labels(pg: Page) -> None:
    """Notices, labelled lines (author, source, photo, updated, published) and chrome lines."""
    for i, u in enumerate(pg.units):
        if u.role is not None or not u.text:
            continue
        t = ln.fold_lookalikes(u.text)
        if ln.stamp_line(t) is not None and not ln.UPDATED.match(t):
            continue  # a date line ("22.01.2022") is never a counter or a menu
        if ln.opens_notice(t, pg.markers):
            pg.set(i, "notice", "opens with a notice marker and stands on its own")
        elif ln.CAPTION.match(t) or (len(t) < 300 and ln.CAPTION_TAIL.search(t)) or (len(t) < 120 and ln.CREDIT.search(t) and not ln.AUTHOR_LABEL.match(t)):
            pg.set(i, "caption", "photo caption or photo credit (not an author)")
        elif ln.AUTHOR_LABEL.match(t):
            pg.set(i, "byline", "labelled author line")
        elif ln.SOURCE_LABEL.match(t):
            pg.set(i, "source", "labelled source line")
        elif ln.UPDATED.match(t):
            pg.set(i, "updated", "an update stamp, not the publication time")
        elif ln.is_chrome_line(t):
            pg.set(i, "chrome", "navigation, counter, link or share line")


def _pass_chrome_tail(pg: Page) -> int:
    """From the first chrome heading ("Читайте также", "Related") on, all is chrome."""
    started = False
    for i, u in enumerate(pg.units):
        if u.role is None and started and ln.heading_key(u.text) in CHROME_HEADINGS:
            for j in range(i, len(pg.units)):
                if pg.units[j].role in (None, "body"):
                    pg.set(j, "related", f"after the chrome heading {u.text!r} (line list of other pages)")
            return i
        if u.role is None and u.text:
            started = True
    return len(pg.units)


def _pass_stamps(pg: Page, end: int) -> None:
    """Date lines: each a timestamp candidate, told apart from lists of dated teasers."""
    for i in range(end):
        u = pg.units[i]
        if u.role is not None and u.role != "updated":
            continue
        u.stamp = ln.stamp_line(u.text)
    # three or more date lines close together with short lines between: a list of other articles
    dated = [i for i in range(end) if pg.units[i].stamp is not None and pg.units[i].role is None]
    for i in dated:
        near = [j for j in dated if abs(j - i) <= 4]
        if len(near) >= 3:
            for j in range(max(0, i - 1), min(end, i + 2)):
                if pg.units[j].role is None and len(pg.units[j].text) < 200:
                    pg.set(j, "related", "a run of dated lines: a list of other articles")


def _body_start(pg: Page, end: int) -> int:
    for i in range(end):
        u = pg.units[i]
        if u.role is None and u.stamp is None and ln.is_prose(u.text):
            return i
    return end


def _headline_score(pg: Page, i: int, body: int, first: bool) -> tuple[float, list[str]]:
    u = pg.units[i]
    t = u.text
    ok, why = ln.headline_shape(t)
    if not ok:
        return 0.0, [why]
    if agency_dateline(t, 0, len(t)) is not None:
        return 0.0, ["opens with an agency dateline: the text"]
    score, reasons = 1.5, [why]

    def near(j: int) -> Unit | None:
        return pg.units[j] if 0 <= j < len(pg.units) else None

    nxt, prev = near(i + 1), near(i - 1)
    if nxt is not None and nxt.role == "notice":
        score += 2.0
        reasons.append("the notice follows")
    if prev is not None and prev.role == "notice":
        score += 1.5
        reasons.append("the notice stands right above")
    if any(x is not None and x.stamp is not None and x.role in (None, "timestamp") for x in (prev, nxt)):
        score += 1.5
        reasons.append("next to a timestamp")
    if any(x is not None and x.role == "byline" or (x is not None and ln.name_line(x.text)) for x in (nxt,)):
        score += 1.0
        reasons.append("a byline follows")
    key = ln.heading_key(t)
    if any(ln.heading_key(v.text) == key for v in pg.units[i + 1 : i + 60]):
        score += 2.0
        reasons.append("repeated further down (page title and heading)")
    if i < body and body - i <= 4:
        score += 1.0
        reasons.append("right before the text starts")
    if prev is not None and prev.role in ("chrome", "rubric") or i == 0:
        score += 0.5
        reasons.append("first line of the material")
    if t.endswith("."):
        score -= 0.5 if len(t.split()) <= 14 else 1.5
    if first:
        score += 1.0
        reasons.append("the first line that can be a headline")
    return score, reasons


def _pass_headline(pg: Page, end: int) -> int | None:
    body = _body_start(pg, end)
    best: tuple[float, int, list[str]] | None = None
    first = True
    for i in range(min(end, body + 1, TOP)):
        u = pg.units[i]
        if u.role is not None or u.stamp is not None:
            continue
        score, reasons = _headline_score(pg, i, body, first)
        first = first and score <= 0
        if score > 0 and (best is None or score > best[0]):
            best = (score, i, reasons)
    if best is None or best[0] < HEADLINE_MIN:
        return None
    score, i, reasons = best
    pg.set(i, "headline", "headline: " + "; ".join(reasons) + f" (score {score:.1f})", score)
    return i


def _pass_top(pg: Page, head: int | None, end: int) -> None:
    """Before the headline: rubric right above it, chrome otherwise; name lines are bylines."""
    if head is None:
        return
    for i in range(head):
        u = pg.units[i]
        if u.role is not None or u.stamp is not None:
            continue
        between = pg.units[i + 1 : head]
        if ln.is_rubric(u.text) and all(v.stamp is not None or v.role in ("timestamp", "updated") for v in between):
            pg.set(i, "rubric", "one to three words right above the headline (or its timestamp): the section")
        else:
            pg.set(i, "chrome", "above the headline and not a timestamp, notice or byline")


def _pass_bylines(pg: Page, head: int | None, end: int) -> None:
    """An unlabelled name line near the headline or the timestamp is a byline."""
    anchor = head if head is not None else 0
    for i in range(max(0, anchor - 3), min(end, anchor + 6)):
        u = pg.units[i]
        if u.role is None and u.stamp is None and ln.name_line(u.text):
            pg.set(i, "byline", "a person's name on its own line next to the headline (pymorphy3 Name/Surn)")


def _pass_timestamp(pg: Page, head: int | None, end: int) -> None:
    """The publication timestamp among the date lines near the top; a date line after the text
    has started is a teaser's (related), a weekday date opening the page is a current-date
    header; the other candidates are chrome."""
    anchor = head if head is not None else 0
    body = _body_start(pg, end)
    cands = []
    for i in range(end):
        u = pg.units[i]
        if u.stamp is None or u.role is not None:
            continue
        labelled = ln.PUBLISHED.match(u.text) is not None and not u.text.lower().startswith("date")
        if i > body and abs(i - anchor) > 2 and not labelled:
            pg.set(i, "related", "a date line after the text has started: a teaser's date")
        elif i == 0 and u.stamp.weekday_only and head is not None and not labelled:
            pg.set(i, "chrome", "a weekday and a date opening the page: the current-date header")
        else:
            cands.append(i)
    if not cands:
        return

    def rank(i: int) -> tuple[float, int]:
        st = pg.units[i].stamp
        score = 2.0 if abs(i - anchor) <= 2 else (1.0 if abs(i - anchor) <= 5 else 0.0)
        score += 1.0 if st.has_time else 0.0
        score += 0.5 if st.has_year else 0.0
        score -= 1.5 if st.weekday_only else 0.0
        score -= 1.0 if st.artifact else 0.0
        return score, -i

    best = max(cands, key=rank)
    st = pg.units[best].stamp
    why = "the publication timestamp: " + ", ".join(
        w for w, on in (("next to the headline", abs(best - anchor) <= 2), ("with a time", st.has_time),
                        ("with a year", st.has_year)) if on  # fmt: skip
    )
    pg.set(best, "timestamp", why or "the only date line")
    for i in cands:
        if i != best and (head is None or i < head + 3):
            reason = "a current-date header" if pg.units[i].stamp.weekday_only else "another date line (not chosen)"
            pg.set(i, "chrome", reason)


def _pass_rest(pg: Page, head: int | None) -> None:
    body_seen = False
    lead_open = head is not None
    for i, u in enumerate(pg.units):
        if u.role is not None:
            if u.role in ("body", "lead"):
                body_seen = True
            continue
        if head is not None and i < head:
            pg.set(i, "chrome", "above the headline")
            continue
        credit = ln.credit_with_date(u.text) if body_seen else None
        if credit is not None:
            person = ln.name_line(credit.group("who"))
            pg.set(i, "byline" if person else "source",
                   "a name and a date on a line after the text: " + ("the author" if person else "where it appeared"))
        elif body_seen and ln.FOOTNOTE.match(u.text):
            pg.set(i, "footnote", "an asterisk note after the text")
        elif lead_open and not body_seen and ln.is_lead(u.text):
            pg.set(i, "lead", "one short paragraph directly under the headline")
            lead_open = False
        else:
            pg.set(i, "body", "text")
            body_seen = True


def assign(text: str, blocks: list[Block], options: ReaderOptions) -> list[Segment]:
    """Segments with roles and reasons for the blocks of a text or Markdown page."""
    markers = [m for m in (fold_marker(m) for m in getattr(options, "notice_markers", []) or []) if m]
    pg = Page(units_of(text, blocks, markers), markers)
    _pass_labels(pg)
    end = _pass_chrome_tail(pg)
    _pass_stamps(pg, end)
    head = next((i for i, u in enumerate(pg.units) if u.role == "headline"), None)
    if head is None:
        head = _pass_headline(pg, end)
    _pass_bylines(pg, head, end)
    _pass_timestamp(pg, head, end)
    _pass_top(pg, head, end)
    _pass_rest(pg, head)
    out = []
    for u in pg.units:
        b = u.block
        role = u.role or "body"
        out.append(Segment(KIND.get(role, role), b.start, b.end, b.page, b.bbox, b.paragraph, b.field, b.style,
                           role=role, reason=u.reason or None))  # fmt: skip
    return out
