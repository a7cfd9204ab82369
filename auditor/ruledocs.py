"""Per-rule documentation, generated from the rule itself: docs/rules/<pack>/<rule>.md.

Each page is written for a lawyer or an editor: what the rule asks, its basis (each instrument with
how binding it is and when it is in force), when it applies, how to fix a finding, and the rule's
own pass and fail examples from rules/cases/. Check internals (patterns, thresholds) appear only in
``auditor explain RULE -v``. SARIF ``helpUri`` points at these pages.

Regenerate the committed pages with ``python -m auditor.ruledocs docs/rules``;
tests/test_ruledocs.py fails when they are not current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from auditor.basis import BINDING_LABEL

ENV_DOCS_URL = "AUDITOR_RULE_DOCS_URL"
MAX_EXAMPLES = 2
# the project's repository, as in pyproject.toml [project.urls] Repository (a test keeps them equal);
# the installed package's metadata is read first, so a fork changes pyproject.toml only
REPOSITORY = "https://github.com/auditor-project/auditor"


def repository() -> str:
    from importlib import metadata

    try:
        urls = metadata.metadata("auditor").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository" and is_absolute(url.strip()):
            return url.strip().rstrip("/")
    return REPOSITORY


def default_docs_url() -> str:
    """docs/rules/ of this release in the repository, pinned to its tag: the pages match the rules."""
    from auditor import __version__

    return f"{repository()}/blob/v{__version__}/docs/rules/"


def is_absolute(url: str | None) -> bool:
    """An absolute http(s) URI, as SARIF wants for helpUri."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def docs_base(*candidates: str | None) -> str:
    """The first absolute candidate (AUDITOR_RULE_DOCS_URL, the config's rule-docs-url), else this
    release's docs/rules/ in the repository: every rule has an absolute helpUri."""
    return next((c for c in candidates if is_absolute(c)), None) or default_docs_url()


def page_path(rule_id: str) -> str:
    """docs/rules-relative path of a rule's page: '<pack>/<rule>.md'."""
    pack, _, local = rule_id.partition("/")
    return f"{pack}/{local}.md"


def help_uri(rule_id: str, base: str | None) -> str | None:
    """The page's URL under base (e.g. https://github.com/ORG/REPO/blob/v0.3.0/docs/rules/), if one is set."""
    if not base or "/" not in rule_id:
        return None
    return base.rstrip("/") + "/" + page_path(rule_id)


def _in_force(ref: dict[str, Any]) -> str:
    start, end = ref.get("in_force_from"), ref.get("in_force_to")
    if start and end:
        return f"in force {start} to {end}"
    if start:
        return f"in force from {start}"
    if end:
        return f"in force until {end}"
    return ""


def basis_lines(refs: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in refs:
        label = BINDING_LABEL.get(r.get("binding") or "", "basis not stated")
        text = ", ".join(str(b) for b in (r.get("law"), r.get("article")) if b) or str(r.get("title") or "")
        tail = [t for t in (_in_force(r), f"confidence {r['confidence'].lower()}" if r.get("confidence") else "") if t]
        line = f"- **{label}**: {text}"
        if tail:
            line += f" ({'; '.join(tail)})"
        if r.get("url"):
            line += f" — <{r['url']}>"
        out.append(line)
    return out


def _when(rule: Any) -> list[str]:
    if rule.rule.when is None:
        return ["Every article the pack audits."]
    when = rule.rule.when.model_dump(exclude_none=True, mode="json")
    words = {
        "language": "the article's language is one of",
        "metadata": "the article's metadata has",
        "publisher": "the article is the publisher's own",
        "effective_from": "the audit date is on or after",
        "effective_to": "the audit date is on or before",
        "metadata_present": "the article's metadata sets",
        "any": "any of",
        "unless": "unless",
    }
    return [f"- {words.get(k, k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in when.items()]


def _fence(text: str) -> list[str]:
    from auditor.packs.cases import _excerpt

    body = _excerpt(text)
    fence = "````" if any(ln.startswith("```") for ln in body) else "```"
    return [f"{fence}text", *body, fence]


def render_rule(rule: Any, examples: Any, *, internals: bool = False) -> str:
    """The page of one compiled rule (auditor.packs.CompiledRule)."""
    info = rule.info
    lines = [f"# {info.title}", "", f"`{rule.id}` · pack `{info.pack}` {info.pack_version} · severity "
             f"**{info.severity if rule.enabled else 'disabled'}**"]
    if rule.rule.aliases:
        lines += ["", "Former ids: " + ", ".join(f"`{a}`" for a in rule.rule.aliases)]
    if rule.rule.description:
        lines += ["", rule.rule.description.strip()]
    lines += ["", "## Basis", ""]
    lines += basis_lines(info.references) or ["No reference given: house style."]
    lines += ["", "## Applies to", "", *_when(rule)]
    if info.fix:
        lines += ["", "## How to fix", "", info.fix.strip()]
    if examples is not None:
        lines += ["", "## Examples"]
        for title, items in (("Passes (no finding)", examples.passes), ("Fails", examples.fails)):
            for ex in items[:MAX_EXAMPLES]:
                tail = f" → {', '.join(ex.outcomes)}" if ex.outcomes else ""
                lines += ["", f"**{title}{tail}:** {ex.name}", "", *_fence(ex.text)]
            if len(items) > MAX_EXAMPLES:
                files = ", ".join(f"`{f}`" for f in dict.fromkeys(ex.file for ex in items[MAX_EXAMPLES:]))
                lines += ["", f"… and {len(items) - MAX_EXAMPLES} more in {files}."]
    if internals:
        lines += ["", "## Internals", "", f"Check kind `{rule.kind}`; options:", "", "```json",
                  json.dumps(rule.options, ensure_ascii=False, indent=2, default=str, sort_keys=True), "```"]
    lines += ["", "<!-- generated by `python -m auditor.ruledocs docs/rules` from the pack; do not edit -->"]
    return "\n".join(lines) + "\n"


def generate() -> dict[str, str]:
    """Every shipped pack's own enabled rules: relative path -> page text, plus README.md (the index)."""
    from auditor.packs import load_ruleset, shipped_packs
    from auditor.packs.cases import RuleExamples, collect

    run, _ = collect(None)
    pages: dict[str, str] = {}
    index = ["# Rules", "", "One page per rule, generated from the packs (`python -m auditor.ruledocs docs/rules`).", ""]
    for pid, _path in shipped_packs():
        rs = load_ruleset([pid])
        own = [r for r in rs.rules if r.info.pack == pid and r.enabled]
        if not own:
            continue
        index += [f"## {pid}", ""]
        for r in own:
            pages[page_path(r.id)] = render_rule(r, run.examples.get(r.id, RuleExamples()))
            index.append(f"- [`{r.id}`]({page_path(r.id)}) — {r.info.title} ({r.info.severity})")
        index.append("")
    pages["README.md"] = "\n".join(index)
    return pages


def explain(rule_id: str, specs: list[str] | None = None, *, verbose: bool = False) -> str | None:
    """``auditor explain RULE``: the rule's page, for a person; internals only when verbose."""
    from auditor.packs import load_ruleset, shipped_packs
    from auditor.packs.cases import examples_for

    r = load_ruleset(list(specs or []))._find(rule_id) if specs else None
    if r is None:
        pack = rule_id.split("/", 1)[0]
        if pack in dict(shipped_packs()):
            r = load_ruleset([pack])._find(rule_id)
    if r is None and not specs:
        r = load_ruleset([])._find(rule_id)
    if r is None:
        return None
    return render_rule(r, examples_for(r.id), internals=verbose)


def write(folder: Path) -> list[Path]:
    written = []
    for rel, text in sorted(generate().items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    changed = write(target)
    print(f"{len(changed)} page(s) written to {target.as_posix()}")
