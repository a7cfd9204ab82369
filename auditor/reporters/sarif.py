"""SARIF 2.1.0 for code-scanning dashboards: rules with help and law references, results with places and fingerprints."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

from auditor.reporters import ReportOptions
from auditor.reporters.toolkit import basis_line, items, one_line, rules_by_id

EXTENSION = ".sarif"
BINARY = False
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "auditorFingerprint/v1"


def _rule(rule: dict[str, Any], docs_url: str | None = None) -> dict[str, Any]:
    title = rule.get("title") or rule["id"]
    refs = rule.get("references") or []
    help_lines = [rule.get("description") or title]
    if rule.get("fix"):
        help_lines.append(f"Fix: {rule['fix']}")
    law = basis_line(refs)
    if law:
        help_lines.append(f"Basis: {law}")
    md = [f"**{title}**", "", rule.get("description") or ""]
    if rule.get("fix"):
        md += ["", f"Fix: {rule['fix']}"]
    if refs:
        md += ["", "Basis:"]
        for r in refs:
            label = ", ".join(b for b in (r.get("law"), r.get("article")) if b) or r.get("title") or r.get("url") or ""
            if r.get("binding"):
                label = f"{r['binding']}: {label}"
            md.append(f"- [{label}]({r['url']})" if r.get("url") else f"- {label}")
    out: dict[str, Any] = {
        "id": rule["id"],
        "name": rule["id"],
        "shortDescription": {"text": one_line(title, 1000)},
        "fullDescription": {"text": one_line(rule.get("description") or title, 4000)},
        "help": {"text": "\n".join(help_lines), "markdown": "\n".join(md).strip() + "\n"},
        "defaultConfiguration": {"level": LEVEL.get(rule.get("severity", "error"), "error")},
        "properties": {"tags": [t for t in ("compliance", rule.get("pack")) if t], "references": refs},
    }
    from auditor.ruledocs import help_uri, page_path

    if "/" in rule["id"]:  # the rule's generated page (docs/rules/), never a legal source
        out["properties"]["docs"] = f"docs/rules/{page_path(rule['id'])}"
        url = help_uri(rule["id"], docs_url)
        if url:
            out["helpUri"] = url
    if rule.get("aliases"):
        out["deprecatedIds"] = list(rule["aliases"])
    return out


def _location(path: str, span: dict[str, Any] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}}
    span = span or {}
    if span.get("line"):
        region: dict[str, Any] = {"startLine": span["line"], "startColumn": span.get("column") or 1}
        if span.get("end_line"):
            region["endLine"] = span["end_line"]
            if span.get("end_column"):
                region["endColumn"] = span["end_column"]
        physical["region"] = region
    loc: dict[str, Any] = {"physicalLocation": physical}
    where = [f"page {span['page']}" if span.get("page") else "", f"field {span['field']}" if span.get("field") else ""]
    where = [w for w in where if w]
    if where:
        loc["message"] = {"text": ", ".join(where)}
    return loc


def render(results: dict[str, Any], options: ReportOptions) -> str:
    buf = io.StringIO()
    write(results, options, buf)
    return buf.getvalue()


def write(results: dict[str, Any], options: ReportOptions, stream: IO[str]) -> None:
    """Indented by 2, one result per line; written one result at a time (flat memory)."""
    from auditor.spill import write_spliced

    sarif, out_results = _sarif(results, options)
    # every input is an artifact: a million of them are streamed like the results, never a list
    write_spliced(stream, sarif, ("runs", 0, "results"), out_results,
                  indented=(("runs", 0, "artifacts"), _artifacts(results)))


def _sarif(results: dict[str, Any], options: ReportOptions) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The log with an empty results list, and its results (a generator: one more pass over the documents)."""
    rules = rules_by_id(results)
    ids = sorted(rules)
    index = {rid: i for i, rid in enumerate(ids)}
    return _log(results, rules, ids, options), _results(results, index)


def _results(results: dict[str, Any], index: dict[str, int]) -> Iterator[dict[str, Any]]:
    for it in items(results):
        f = it.finding
        res: dict[str, Any] = {
            "ruleId": f["rule_id"],
            "ruleIndex": index[f["rule_id"]],
            "level": LEVEL.get(f["severity"], "error"),
            "kind": "fail",
            "message": {"text": it.text()},
            "locations": [_location(it.path, f.get("span"))],
            "properties": {"outcome": f.get("outcome"), "pack": f.get("pack"), "packVersion": f.get("pack_version")},
        }
        if f.get("fingerprint"):
            res["partialFingerprints"] = {FINGERPRINT_KEY: f["fingerprint"]}
        if f.get("expected"):
            res["properties"]["expected"] = f["expected"]
        if f.get("evidence"):
            res["properties"]["evidence"] = f["evidence"]
        if f.get("suppressed"):
            sup = f.get("suppression") or {}
            entry: dict[str, Any] = {
                "kind": "inSource" if sup.get("by") == "directive" else "external",
                "status": "accepted",
                "justification": sup.get("reason") or "",
            }
            extra = {k: v for k, v in sup.items() if k != "reason" and v is not None}
            if extra:
                entry["properties"] = extra
            res["suppressions"] = [entry]
        if f.get("baselined"):
            res["baselineState"] = "unchanged"
        elif _has_baseline(results):
            res["baselineState"] = "new"
        yield res


def _log(results: dict[str, Any], rules: dict[str, dict[str, Any]], ids: list[str], options: ReportOptions) -> dict[str, Any]:
    run_info = results.get("run") or {}
    notifications = [
        {"level": "error", "message": {"text": one_line(e, 2000)}} for e in run_info.get("errors") or []
    ]
    notifications += [
        {"level": "warning", "message": {"text": one_line(w, 2000)}} for w in run_info.get("warnings") or []
    ]
    for doc in results["documents"]:
        if doc.get("status") == "skipped" and doc.get("note"):
            notifications.append({"level": "note", "message": {"text": f"{doc['path']}: {doc['note']}"}})
    from auditor.verdict import banner, status_of

    if banner(results):
        notifications.insert(0, {"level": "error", "message": {"text": banner(results)}})
    tool = results.get("tool") or {}
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auditor",
                        "version": tool.get("version", ""),
                        "semanticVersion": tool.get("version", ""),
                        "rules": [_rule(rules[rid], _docs_url(results, options)) for rid in ids],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not run_info.get("errors") and not banner(results),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the folder auditor ran in"}}},
                "properties": {
                    "asOf": run_info.get("as_of"),
                    "failOn": run_info.get("fail_on"),
                    "status": status_of(results)[0],
                    "notAudited": status_of(results)[1],
                    "packs": run_info.get("packs") or [],
                    "registries": run_info.get("registries") or [],
                    "warnings": run_info.get("warnings") or [],
                    "summary": results.get("summary") or {},
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [],  # streamed by ``write`` (``_artifacts``)
                "results": [],
            }
        ],
    }
    return sarif


def _artifacts(results: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every input, with its status and, when skipped or unreadable, the reason: a document with
    no findings is accounted for too (issue 16: count in == count out in every report). One more
    pass over the documents (they may be a spill file)."""
    for doc in results.get("documents", []):
        props: dict[str, Any] = {"status": doc.get("status")}
        reason = doc.get("error") or (doc.get("note") if doc.get("status") == "skipped" else None)
        if reason:
            props["reason"] = reason
        yield {"location": {"uri": quote(doc["path"], safe="/"), "uriBaseId": "%SRCROOT%"}, "properties": props}


def _docs_url(results: dict[str, Any], options: ReportOptions) -> str:
    """Where docs/rules/ is published: AUDITOR_RULE_DOCS_URL, else the config's rule-docs-url, else
    this release's pages in the project repository (auditor/ruledocs.py); always an absolute URI."""
    import os

    from auditor.ruledocs import ENV_DOCS_URL, docs_base

    return docs_base(os.environ.get(ENV_DOCS_URL), options.rule_docs_url,
                     (results.get("run") or {}).get("rule_docs_url"))


def _has_baseline(results: dict[str, Any]) -> bool:
    return bool((results.get("run") or {}).get("baseline"))
