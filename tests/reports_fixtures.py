"""Realistic results dicts for the report tests, validated against the results schema.

Russian and English articles; every status (pass, fail, error, skipped); suppressed and baselined
findings; a rule that cannot be verified in a format; and hostile article text (HTML, spreadsheet
formulas, control characters, Latin look-alikes).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "auditor" / "schemas" / "results.schema.json"

NOTICE_2022 = (
    "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ АГЕНТОМ "
    "«МЕМО» ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА «МЕМО» 18+"
)
# The same notice with two Latin look-alikes (Latin "А" in СОЗДАНО, Latin "О" in АГЕНТОМ).
NOTICE_LOOKALIKE = NOTICE_2022.replace("СОЗДАНО", "СОЗДAНО").replace("АГЕНТОМ", "АГЕНТOМ")

HOSTILE_SCRIPT = "<script>alert('xss')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(2)">'
FORMULA_LINK = '=HYPERLINK("http://x","y")'
FORMULA_DDE = "=cmd|' /C calc'!A0"

LAW_2022 = {
    "law": "Федеральный закон № 255-ФЗ",
    "article": "ст. 9 ч. 3–4",
    "url": "https://www.consultant.ru/document/cons_doc_LAW_421788/",
}
LAW_COAP = {"law": "КоАП РФ", "article": "ст. 19.34.1", "url": "https://www.consultant.ru/document/cons_doc_LAW_34661/"}
BAD_URL = {"law": "Internal memo", "article": "§2", "url": "javascript:alert(1)"}

RULES: list[dict[str, Any]] = [
    {
        "id": "ru-fa.notice-present",
        "pack": "ru-foreign-agent",
        "title": "Foreign-agent notice present",
        "severity": "error",
        "kind": "require_text",
        "description": "Материалы иностранного агента сопровождаются указанием на статус (форма 2022 года).",
        "references": [LAW_2022, LAW_COAP],
        "fix": "Insert the 2022 notice directly above the article text.",
    },
    {
        "id": "ru-fa.notice-exact",
        "pack": "ru-foreign-agent",
        "title": "Notice text is exact",
        "severity": "error",
        "kind": "exact_text",
        "description": "The notice must match the approved form word for word; look-alike letters are not allowed.",
        "references": [LAW_2022],
        "fix": None,
    },
    {
        "id": "ru-fa.notice-size",
        "pack": "ru-foreign-agent",
        "title": "Notice at least twice the body size",
        "severity": "warning",
        "kind": "typography",
        "description": "Шрифт указания не менее чем в два раза больше шрифта основного текста.",
        "references": [LAW_2022],
    },
    {
        "id": "attribution.author",
        "pack": "attribution",
        "title": "Author line present",
        "severity": "warning",
        "kind": "field_present",
        "description": "Every article names its author.",
        "references": [BAD_URL],
    },
    {
        "id": "timestamps.iso",
        "pack": "timestamps",
        "title": "Published timestamp in ISO 8601",
        "severity": "info",
        "kind": "format",
        "description": None,
        "references": [],
    },
]


def _span(start: int, end: int, line: int = 1, column: int = 1, **extra: Any) -> dict[str, Any]:
    out = {"start": start, "end": end, "line": line, "column": column}
    out.update(extra)
    return out


def finding(rule_id: str, severity: str, message: str, **kw: Any) -> dict[str, Any]:
    rule = next((r for r in RULES if r["id"] == rule_id), {"pack": "auditor", "references": []})
    out: dict[str, Any] = {
        "rule_id": rule_id,
        "pack": rule.get("pack"),
        "pack_version": "1.2.0",
        "severity": severity,
        "outcome": kw.pop("outcome", "missing"),
        "message": message,
        "span": kw.pop("span", None),
        "evidence": kw.pop("evidence", None),
        "expected": kw.pop("expected", None),
        "diff": kw.pop("diff", None),
        "references": kw.pop("references", list(rule.get("references", []))),
        "fix": kw.pop("fix", rule.get("fix")),
        "suppressed": kw.pop("suppressed", False),
        "baselined": kw.pop("baselined", False),
    }
    out.update(kw)
    return out


def document(path: str, status: str, **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": path,
        "format": kw.pop("format", path.rsplit(".", 1)[-1] if "." in path else "text"),
        "status": status,
        "fields": {
            "title": kw.pop("title", None),
            "published": {"raw": kw.pop("raw", None), "iso": kw.pop("iso", None)},
            "author": kw.pop("author", []),
            "source": kw.pop("source", []),
            "language": kw.pop("language", None),
        },
        "notices": kw.pop("notices", []),
        "unverified": kw.pop("unverified", []),
        "findings": kw.pop("findings", []),
    }
    out.update(kw)
    return out


def _documents() -> list[dict[str, Any]]:
    lookalike_start = 120
    notice_span = _span(lookalike_start, lookalike_start + len(NOTICE_LOOKALIKE), line=3)
    word = NOTICE_LOOKALIKE.index("СОЗДAНО")
    hostile_title = f"{HOSTILE_SCRIPT} {FORMULA_LINK}"
    return [
        document(
            "news/2024/memo-report.html",
            "fail",
            format="html",
            title="«Мемориал» отчитался о работе в Чечне",
            iso="2024-03-12T10:00:00+03:00",
            raw="12 марта 2024, 10:00",
            author=["Иван Петров"],
            language="ru",
            metadata={"section": "Политика", "url": "https://example.org/news/1"},
            findings=[
                finding(
                    "ru-fa.notice-present",
                    "error",
                    "Нет указания на статус иностранного агента (форма 2022 года).",
                    expected=NOTICE_2022,
                    span=_span(0, 0, field="body"),
                ),
                finding("timestamps.iso", "info", "Published date is not ISO 8601.", outcome="invalid",
                        evidence="12 марта 2024, 10:00", expected="2024-03-12T10:00:00+03:00",
                        span=_span(40, 60, line=2, column=1)),
            ],
        ),
        document(
            "news/2024/lookalike.txt",
            "fail",
            format="text",
            title="Суд оштрафовал редакцию",
            iso="2024-03-20",
            raw="2024-03-20",
            author=["Иван Петров", "Анна Смирнова"],
            language="ru",
            metadata={"section": "Политика"},
            notices=[{"text": NOTICE_LOOKALIKE, "form": "2022", "span": notice_span, "segment": "notice"}],
            findings=[
                finding(
                    "ru-fa.notice-exact",
                    "error",
                    "The notice contains Latin look-alike letters.",
                    outcome="altered",
                    span=_span(lookalike_start + word, lookalike_start + word + 7, line=3, column=word + 1),
                    evidence="СОЗДAНО",
                    expected="СОЗДАНО",
                    diff="- СОЗДAНО\n+ СОЗДАНО",
                ),
                finding("attribution.author", "warning", "Second author has no role.", outcome="invalid",
                        evidence="Анна Смирнова", span=_span(30, 43, line=2, column=8, field="author")),
            ],
        ),
        document(
            "en/2024/ok-story.md",
            "pass",
            format="markdown",
            title="Court fines an outlet over a missing label",
            iso="2024-04-01T09:30:00Z",
            raw="2024-04-01T09:30:00Z",
            author=["Jane Doe"],
            language="en",
            metadata={"category": "World"},
            notices=[{"text": NOTICE_2022, "form": "2022", "span": _span(50, 50 + len(NOTICE_2022), line=4),
                      "segment": "notice"}],
            findings=[
                finding("timestamps.iso", "info", "Timestamp has no time zone.", outcome="invalid",
                        evidence="2024-04-01 09:30", span=_span(10, 26, line=2, column=12)),
            ],
        ),
        document(
            "en/2024/hostile.html",
            "fail",
            format="html",
            title=hostile_title,
            iso="2024-04-02",
            raw="2024-04-02",
            author=["=1+1", "@SUM(A1:A2)"],
            language="en",
            metadata={"section": "World"},
            findings=[
                finding(
                    "ru-fa.notice-exact",
                    "error",
                    f"Notice replaced by markup {HOSTILE_IMG}",
                    outcome="altered",
                    evidence=f"{HOSTILE_SCRIPT}{HOSTILE_IMG} {FORMULA_LINK} {FORMULA_DDE}",
                    expected=NOTICE_2022,
                    span=_span(5, 60, line=1, column=6),
                ),
                finding("attribution.author", "warning", FORMULA_DDE, outcome="invalid", evidence=FORMULA_LINK,
                        expected="-2+3", span=_span(70, 80, line=2, column=1, field="author")),
                finding("timestamps.iso", "info", "+cmd tab\tinside and a control char \x07 here",
                        outcome="invalid", evidence="\t=1+1", span=None),
            ],
        ),
        document(
            "news/2023/archive.txt",
            "pass",
            format="text",
            title="Архивная заметка",
            iso="2023-11-05",
            raw="5 ноября 2023",
            author=["Анна Смирнова"],
            language="ru",
            findings=[
                finding(
                    "ru-fa.notice-present",
                    "error",
                    "Нет указания на статус иностранного агента.",
                    suppressed=True,
                    suppression={"reason": "published before designation", "by": "directive"},
                    span=_span(0, 0, field="body"),
                ),
                finding("attribution.author", "warning", "Author line is missing.", baselined=True,
                        span=_span(0, 0, field="author")),
            ],
        ),
        document(
            "scans/2024/leaflet.pdf",
            "pass",
            format="pdf",
            title="Листовка",
            iso="2024-03-28",
            raw="28.03.2024",
            author=[],
            language="ru",
            notices=[{"text": NOTICE_2022, "form": "2022", "span": _span(0, len(NOTICE_2022), page=1),
                      "segment": "notice"}],
            unverified=[],
        ),
        document(
            "news/2024/plain.txt",
            "pass",
            format="text",
            title="Plain text without typography",
            iso="2024-03-15",
            raw="2024-03-15",
            author=["Jane Doe"],
            language="en",
            unverified=["ru-fa.notice-size"],
        ),
        document(
            "broken/bad.pdf",
            "error",
            format="pdf",
            error="broken/bad.pdf: not a PDF file (header %PDF missing)",
            findings=[
                {
                    "rule_id": "auditor.read-error",
                    "pack": "auditor",
                    "pack_version": "0.1.0",
                    "severity": "error",
                    "outcome": "unreadable",
                    "message": "broken/bad.pdf: not a PDF file (header %PDF missing)",
                    "span": None,
                    "evidence": None,
                    "expected": None,
                    "diff": None,
                    "references": [],
                    "fix": None,
                    "suppressed": False,
                    "baselined": False,
                }
            ],
        ),
        document("misc/logo.png", "skipped", format=None, note="skipped: unknown format (.png)"),
    ]


def summary_of(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary block as the engine computes it."""
    counts = {"documents": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    sev = {"error": 0, "warning": 0, "info": 0}
    suppressed = baselined = 0
    for d in documents:
        counts["documents"] += 1
        counts[{"pass": "passed", "fail": "failed", "error": "errors", "skipped": "skipped"}[d["status"]]] += 1
        for f in d["findings"]:
            if f["suppressed"]:
                suppressed += 1
            elif f["baselined"]:
                baselined += 1
            else:
                sev[f["severity"]] += 1
    return {**counts, "findings_by_severity": sev, "suppressed": suppressed, "baselined": baselined}


def make_results(documents: list[dict[str, Any]] | None = None, as_of: str = "2024-05-01") -> dict[str, Any]:
    docs = copy.deepcopy(documents if documents is not None else _documents())
    results = {
        "schema_version": "1.0",
        "tool": {"name": "auditor", "version": "0.1.0"},
        "run": {
            "as_of": as_of,
            "fail_on": "error",
            "started": None,
            "packs": [
                {"id": "ru-foreign-agent", "version": "1.2.0", "sha256": "ab" * 32, "title": "Иноагенты (РФ)"},
                {"id": "attribution", "version": "0.3.0", "sha256": "cd" * 32},
                {"id": "timestamps", "version": "0.1.1", "sha256": "ef" * 32},
            ],
            "rules": copy.deepcopy(RULES),
            "errors": [],
        },
        "summary": summary_of(docs),
        "documents": docs,
    }
    validate(results)
    return results


def validate(results: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(results)


def many_results(n_docs: int, findings_per_doc: int) -> dict[str, Any]:
    """A larger run: n_docs Russian articles, each with findings_per_doc notice findings."""
    docs = []
    for i in range(n_docs):
        fs = [
            finding("ru-fa.notice-exact", "error", f"Отличие в слове {j}", outcome="altered",
                    evidence=f"слово{j}", expected=f"слово{j + 1}", span=_span(j, j + 5, line=j + 1))
            for j in range(findings_per_doc)
        ]
        docs.append(document(f"news/{i // 100:03d}/a{i:05d}.txt", "fail" if fs else "pass", format="text",
                             title=f"Статья {i}", iso=f"2024-{i % 12 + 1:02d}-01", author=[f"Автор {i % 7}"],
                             language="ru", findings=fs))
    return make_results(docs)


TILE_LABELS = {"DOCUMENTS": "Documents", "PASSED": "Passed", "FAILED": "Failed", "UNREADABLE": "Unreadable",
               "SKIPPED": "Skipped", "ACTIVE": "Active findings", "SUPPRESSED": "Suppressed",
               "BASELINED": "Baselined", "PASS": "Pass rate"}


def tile_values(page: Any) -> dict[str, str]:
    """Summary tiles as printed on a pdfplumber page: the figure drawn just above each tile label."""
    words = page.extract_words()
    out: dict[str, str] = {}
    for w in words:
        label = TILE_LABELS.get(w["text"])
        if label is None or label in out:
            continue
        above = [v for v in words if abs(v["x0"] - w["x0"]) < 3 and 0 < w["top"] - v["top"] < 40
                 and re.fullmatch(r"\d+(\.\d+%)?", v["text"])]
        if above:
            out[label] = max(above, key=lambda v: v["top"])["text"]
    return out


def expected_tiles(results: dict[str, Any], pass_rate: str) -> dict[str, str]:
    """The summary tiles a report should show for these results, as printed text."""
    s = results["summary"]
    return {"Documents": str(s["documents"]), "Passed": str(s["passed"]), "Failed": str(s["failed"]),
            "Unreadable": str(s["errors"]), "Skipped": str(s["skipped"]),
            "Active findings": str(sum(s["findings_by_severity"].values())),
            "Suppressed": str(s["suppressed"]), "Baselined": str(s["baselined"]), "Pass rate": pass_rate}
