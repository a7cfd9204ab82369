"""Time and peak memory to write the XLSX report for a large run (default: 1,000,000 findings).

    .venv/bin/python bench/bench_xlsx.py [--findings N] [--per-doc K] [--out FILE]

Builds a synthetic results dict in memory (Russian articles, K findings each, every finding with
evidence, expected text and a law reference link), then times `xlsx.render`. Peak memory is the
process's maximum resident set size (ru_maxrss), read before and after rendering, so the report's
own cost is the difference. Past 1,048,575 findings the Findings sheet continues on "Findings (2)".
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.reporters import ReportOptions, xlsx  # noqa: E402

LAW = {"law": "Федеральный закон № 255-ФЗ", "article": "ст. 9", "url": "https://www.consultant.ru/document/cons_doc_LAW_421788/"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def build(findings: int, per_doc: int) -> dict[str, Any]:
    docs = []
    n_docs = (findings + per_doc - 1) // per_doc
    left = findings
    for i in range(n_docs):
        k = min(per_doc, left)
        left -= k
        fs = [
            {
                "rule_id": "ru-fa.notice-exact" if j % 3 else "attribution.author",
                "pack": "ru-foreign-agent",
                "pack_version": "1.0.0",
                "severity": ("error", "warning", "info")[j % 3],
                "outcome": "altered",
                "message": f"Текст указания отличается от формы: слово {j}",
                "span": {"start": 100 + j, "end": 107 + j, "line": 3 + j, "column": 5},
                "evidence": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДAНО" if j % 2 else "=HYPERLINK(\"http://x\",\"y\")",
                "expected": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО",
                "diff": None,
                "references": [LAW],
                "fix": None,
                "suppressed": False,
                "baselined": False,
            }
            for j in range(k)
        ]
        docs.append({
            "path": f"news/{i // 1000:04d}/article-{i:07d}.html",
            "format": "html",
            "status": "fail",
            "fields": {"title": f"Статья номер {i}", "published": {"raw": None, "iso": f"2024-{i % 12 + 1:02d}-01"},
                       "author": [f"Автор {i % 50}"], "source": [], "language": "ru"},
            "notices": [],
            "unverified": [],
            "findings": fs,
        })
    return {
        "schema_version": "1.0",
        "tool": {"name": "auditor", "version": "bench"},
        "run": {"as_of": "2025-01-01", "packs": [{"id": "ru-foreign-agent", "version": "1.0.0", "sha256": "0" * 64}],
                "rules": [{"id": "ru-fa.notice-exact", "severity": "error", "references": [LAW]},
                          {"id": "attribution.author", "severity": "warning"}]},
        "summary": {"documents": n_docs, "passed": 0, "failed": n_docs, "errors": 0, "skipped": 0,
                    "findings_by_severity": {"error": findings, "warning": 0, "info": 0}},
        "documents": docs,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, default=1_000_000)
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--out", type=Path, help="also write the workbook here")
    args = ap.parse_args()
    base = peak_mb()
    t0 = time.perf_counter()
    results = build(args.findings, args.per_doc)
    gc.collect()
    built = peak_mb()
    print(f"input: {args.findings:,} findings in {len(results['documents']):,} documents, "
          f"built in {time.perf_counter() - t0:.1f} s; peak RSS {built:.0f} MB (interpreter {base:.0f} MB)")
    t1 = time.perf_counter()
    data = xlsx.render(results, ReportOptions())
    secs = time.perf_counter() - t1
    after = peak_mb()
    print(f"xlsx.render: {secs:.1f} s, {len(data) / 1e6:.1f} MB written, "
          f"{args.findings / secs:,.0f} findings/s; peak RSS {after:.0f} MB (+{after - built:.0f} MB over the input)")
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
