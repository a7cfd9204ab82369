"""Checkstyle XML, which many CI tools and editors read: a <file> per document, an <error> per finding.

Suppressed and baselined findings stay, with severity ``ignore`` and the reason in the message.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from auditor.reporters import ReportOptions
from auditor.reporters.toolkit import Item, xml_safe

EXTENSION = ".checkstyle.xml"
BINARY = False


def render(results: dict[str, Any], options: ReportOptions) -> str:
    root = ET.Element("checkstyle", version="4.3")
    from auditor.verdict import banner

    if banner(results):
        node = ET.SubElement(root, "file", name=".")
        ET.SubElement(node, "error", {"line": "1", "severity": "error", "message": xml_safe(banner(results)),
                                      "source": "auditor.not-audited"})
    for doc in results["documents"]:
        node = ET.SubElement(root, "file", name=xml_safe(doc["path"]))
        for f in doc["findings"]:
            it = Item(doc, f)
            attrs = {"line": str(it.line() or 1)}
            if it.column():
                attrs["column"] = str(it.column())
            attrs["severity"] = f["severity"] if it.state == "active" else "ignore"
            attrs["message"] = xml_safe(it.text())
            attrs["source"] = xml_safe(f["rule_id"])
            ET.SubElement(node, "error", attrs)
    for reg in (results.get("run") or {}).get("registries") or []:
        if reg.get("sample") and reg.get("path"):  # a sample registry: a warning on its file
            text = next((w for w in results["run"].get("warnings") or [] if str(reg.get("id")) in w), "sample registry")
            node = ET.SubElement(root, "file", name=xml_safe(reg["path"]))
            ET.SubElement(node, "error", {"line": "1", "severity": "warning", "message": xml_safe(text),
                                          "source": "auditor/sample-registry"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
