"""JUnit XML for CI test tabs: one test case per document, one <failure> per failing finding.

The counts are honest: ``tests`` is the number of documents, ``failures`` the documents with an
active finding at or above fail-on, ``errors`` the unreadable ones, ``skipped`` the skipped ones.
Findings that do not fail (below fail-on, suppressed, baselined) go to the case's <system-out>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters.toolkit import Item, fail_rank, fails, xml_safe

EXTENSION = ".junit.xml"
BINARY = False


def _where(it: Item) -> str:
    line = it.line()
    return f"{it.path}:{line}:{it.column() or 1}" if line else it.path


def _line(it: Item) -> str:
    return f"{_where(it)}: {it.finding['severity']}: {it.finding['rule_id']}: {it.text()}"


def _case(suite: ET.Element, doc: dict[str, Any], rank: int, counts: dict[str, int]) -> None:
    folder = str(PurePosixPath(doc["path"]).parent)
    tc = ET.SubElement(suite, "testcase", name=xml_safe(doc["path"]), classname=xml_safe(folder), file=xml_safe(doc["path"]),
                       time="0")
    counts["tests"] += 1
    status = doc["status"]
    if status == "error":
        ET.SubElement(tc, "error", message=xml_safe(doc.get("error") or "could not be read"), type="auditor.read-error")
        counts["errors"] += 1
        return
    if status == "skipped":
        ET.SubElement(tc, "skipped", message=xml_safe(doc.get("note") or "skipped"))
        counts["skipped"] += 1
        return
    found = [Item(doc, f) for f in doc["findings"]]
    failing = [it for it in found if fails(it, rank)]
    for it in failing:
        ET.SubElement(
            tc, "failure", message=xml_safe(f"{it.finding['rule_id']}: {it.text(300)}"), type=xml_safe(it.finding["rule_id"])
        ).text = xml_safe(_line(it))
    if failing:
        counts["failures"] += 1
    rest = [it for it in found if it not in failing]
    if rest or doc.get("unverified"):
        lines = [_line(it) for it in rest]
        if doc.get("unverified"):
            lines.append(f"not verified (format, or a sample registry): {', '.join(doc['unverified'])}")
        ET.SubElement(tc, "system-out").text = xml_safe("\n".join(lines))


def render(results: dict[str, Any], options: ReportOptions) -> str:
    rank = fail_rank(results)
    root = ET.Element("testsuites", name="auditor")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = ET.SubElement(root, "testsuite", name="auditor")
    warnings = (results.get("run") or {}).get("warnings") or []
    if warnings:  # a sample registry: said where CI viewers show properties
        props = ET.SubElement(suite, "properties")
        for w in warnings:
            ET.SubElement(props, "property", name="warning", value=xml_safe(w))
    from auditor.verdict import banner

    if banner(results):
        tc = ET.SubElement(suite, "testcase", name="audit", classname="auditor", time="0")
        ET.SubElement(tc, "error", message=xml_safe(banner(results)), type="auditor.not-audited")
        counts["tests"] += 1
        counts["errors"] += 1
    for doc in results["documents"]:
        _case(suite, doc, rank, counts)
    for node in (suite, root):
        for key, value in counts.items():
            node.set(key, str(value))
        node.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
