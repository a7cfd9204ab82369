"""JUnit XML for CI test tabs: one testsuite per document, one testcase per rule applied to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters.ci_common import Item, fail_rank, fails, xml_safe

EXTENSION = ".junit.xml"
BINARY = False


def _where(it: Item) -> str:
    line = it.line()
    return f"{it.path}:{line}:{it.column() or 1}" if line else it.path


def _suite(doc: dict[str, Any], rule_ids: list[str], rank: int) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(doc["path"]))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def case(name: str) -> ET.Element:
        counts["tests"] += 1
        return ET.SubElement(suite, "testcase", name=xml_safe(name), classname=xml_safe(doc["path"]), time="0")

    status = doc["status"]
    if status == "error":
        tc = case("auditor.read-error")
        ET.SubElement(tc, "error", message=xml_safe(doc.get("error") or "could not be read"), type="auditor.read-error")
        counts["errors"] += 1
    elif status == "skipped":
        tc = case("(not audited)")
        ET.SubElement(tc, "skipped", message=xml_safe(doc.get("note") or "skipped"))
        counts["skipped"] += 1
    else:
        by_rule: dict[str, list[Item]] = {}
        for f in doc["findings"]:
            by_rule.setdefault(f["rule_id"], []).append(Item(doc, f))
        unverified = set(doc.get("unverified") or [])
        names = list(rule_ids) + sorted(r for r in by_rule if r not in rule_ids)
        for rid in names:
            tc = case(rid)
            found = by_rule.get(rid, [])
            failing = [it for it in found if fails(it, rank)]
            if failing:
                first = failing[0]
                body = "\n".join(f"{_where(it)}: {it.finding['severity']}: {it.text()}" for it in failing)
                ET.SubElement(
                    tc, "failure", message=xml_safe(first.text(300)), type=xml_safe(first.finding["severity"])
                ).text = xml_safe(body)
                counts["failures"] += 1
            elif rid in unverified and not found:
                ET.SubElement(tc, "skipped", message="not verified (format, or a sample registry)")
                counts["skipped"] += 1
            rest = [it for it in found if it not in failing]
            if rest:
                ET.SubElement(tc, "system-out").text = xml_safe(
                    "\n".join(f"{_where(it)}: {it.finding['severity']}: {it.text()}" for it in rest)
                )
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "0")
    return suite


def render(results: dict[str, Any], options: ReportOptions) -> str:
    rank = fail_rank(results)
    rule_ids = [r["id"] for r in (results.get("run") or {}).get("rules") or []]
    root = ET.Element("testsuites", name="auditor")
    warnings = (results.get("run") or {}).get("warnings") or []
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for doc in results["documents"]:
        suite = _suite(doc, rule_ids, rank)
        if warnings:  # a sample registry: said in every suite, where CI viewers show properties
            props = ET.Element("properties")
            for w in warnings:
                ET.SubElement(props, "property", name="warning", value=xml_safe(w))
            suite.insert(0, props)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
