"""`auditor rules list` and `auditor rules show/explain`: a rule set as text for people."""

from __future__ import annotations

from auditor.packs.loader import shipped_packs
from auditor.packs.runtime import RuleSet


def list_rules(ruleset: RuleSet) -> str:
    rows = [(r.id, r.info.severity if r.enabled else "off", r.kind, r.info.title) for r in ruleset.rules]
    if not rows:
        return "no rules loaded"
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    return "\n".join(f"{a:<{w0}}  {b:<{w1}}  {c:<{w2}}  {d}" for a, b, c, d in rows)


def show_rule(ruleset: RuleSet, rule_id: str, explain: bool = False) -> str | None:
    r = ruleset._find(rule_id)
    if r is None and "/" in rule_id and rule_id.split("/", 1)[0] in dict(shipped_packs()):
        from auditor.packs.compile import load_ruleset

        r = load_ruleset([rule_id.split("/", 1)[0]])._find(rule_id)  # a shipped rule not loaded by -r
    if r is None:
        return None
    lines = [f"{r.id}  ({r.info.severity if r.enabled else 'disabled'}, {r.kind})", f"  {r.info.title}"]
    if r.rule.aliases:
        lines.append(f"  aliases: {', '.join(r.rule.aliases)}")
    if r.rule.description:
        lines.append("")
        lines.extend("  " + ln for ln in r.rule.description.strip().splitlines())
    if r.rule.when is not None:
        when = r.rule.when.model_dump(exclude_none=True, mode="json")
        lines.append(f"  applies when: {', '.join(f'{k}={v}' for k, v in when.items())}")
    if r.info.fix:
        lines.append(f"  fix: {r.info.fix}")
    for ref in r.info.references:
        parts = [ref.get(k) for k in ("law", "article", "title") if ref.get(k)]
        tail = f" [{ref['confidence']}]" if ref.get("confidence") else ""
        lines.append(
            f"  reference: {'; '.join(parts)}{tail}" + (f" <{ref['url']}>" if ref.get("url") else "")
        )
    if explain:
        import json

        from auditor.checks import kind_doc

        doc = kind_doc(r.kind)
        if doc:
            lines.append(f"  kind {r.kind}:")
            lines.extend(("    " + ln).rstrip() for ln in doc.splitlines())
        lines.append("  check options:")
        body = json.dumps(r.options, ensure_ascii=False, indent=2, default=str)
        lines.extend("    " + ln for ln in body.splitlines())
        from auditor.packs.cases import explain_examples

        lines.extend(explain_examples(r.id))
    return "\n".join(lines)
