"""notice.agent_name: the notice's name slots hold the agent's name.

For each slot of the notice set (``slots``; slot ``agent`` covers the groups ``agent`` and
``agent_*`` of a form's pattern): with ``required``, every group holds a real name (not empty,
not a template placeholder such as ``<name>`` or ``ФИО`` - the set's ``placeholders``); with
``same``, all groups name one entity; with ``equal_to`` (e.g. ``settings.agent``), they name the
configured entity (its name, aliases or declined forms). Names compare normalised, Latin
look-alikes read as Cyrillic, persons up to grammatical case (КОНЕВОЙ ЕЛЕНОЙ = КОНЕВОЙ ЕЛЕНЫ),
quoted organisation names as written. Checked on exact matches of a form.

Outcome: ``name``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from auditor.analysis.forms import NoticeSet, in_slot
from auditor.analysis.names import accepted_raw, lookup, name_key, same_entity
from auditor.analysis.notice import Hit, NoticeAnalysis, expected_name
from auditor.checks.base import Context
from auditor.checks.notice.base import NoticeCheck
from auditor.model import Document, Finding
from auditor.text import normalize_text


class AgentName(NoticeCheck):
    kind: ClassVar[str] = "notice.agent_name"

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        nset = self.notice_set(ctx)
        for h in an.hits:
            if not h.exact:
                continue
            expected = self.fill(ctx, self.target(ctx, h), h)
            span = doc.span(h.start, h.end)
            for problem in slot_problems(nset, h, ctx):
                yield self.emit_hit("name", f"notice names the agent wrongly: {problem}", doc, h, span, expected)


def slot_problems(nset: NoticeSet, hit: Hit, ctx: Context) -> list[str]:
    problems: list[str] = []
    placeholders = nset.placeholder_rxs
    for slot_name, slot in nset.slots.items():
        index = hit.form.rx.groupindex
        groups = sorted((g for g in index if in_slot(g, slot_name)), key=lambda g: index[g])
        values = {g: hit.slots.get(g, "").strip().rstrip(",").strip() for g in groups}
        if slot.required:
            for g, v in values.items():
                nv = normalize_text(v)
                if not nv:
                    problems.append(f"the {g} slot is empty: the notice must name the agent")
                elif any(p.search(nv, timeout=ctx.regex_time) for p in placeholders):
                    problems.append(f"the {g} slot holds a template placeholder {v!r}, not the agent's name")
        named = {g: values[g] for g in values if name_key(values[g])}
        if any(p.search(name_key(v), timeout=ctx.regex_time) for v in named.values() for p in placeholders):
            continue  # a placeholder is already reported; comparing names says nothing more
        accepted = accepted_raw(lookup(ctx.settings, slot.equal_to)) if slot.equal_to else []
        vals = list(named.values())
        if slot.same and any(not same_entity(vals[0], v) for v in vals[1:]):
            shown = ", ".join(f"{g}={values[g]!r}" for g in named)
            problems.append(f"the name slots name different entities ({shown})")
        if accepted:
            for g, v in named.items():
                if not any(same_entity(v, n) for n in accepted):
                    want = expected_name(nset, g, ctx.settings)
                    problems.append(f"the {g} slot names {v!r}, expected {want!r}")
    return problems


CHECK = AgentName
