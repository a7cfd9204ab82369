"""On the 67 real pages of ../shared/corpus (none carries a notice, none is Russian): the default
profile gives no finding from ru-foreign-agent or ru-designated-mentions. Skipped when absent."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from auditor.packs import load_ruleset
from auditor.readers import read_bytes

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
PACKS = ("ru-foreign-agent/", "ru-designated-mentions/")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "labels.csv").is_file(), reason="../shared/corpus is absent"),
]


def test_no_notice_or_mention_finding_where_none_applies(capsys: pytest.CaptureFixture[str]) -> None:
    with (CORPUS / "labels.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 67 and all(r["has_foreign_agent_notice"] == "no" for r in rows)
    rs = load_ruleset(["default"])
    assert rs.errors == []
    per_pack: Counter[str] = Counter()
    bad: list[str] = []
    docs = 0
    for row in rows:
        path = CORPUS / "articles" / row["file"]
        for doc in read_bytes(path.read_bytes(), path.name, rs.reader_options):
            docs += 1
            for f in rs.evaluate(doc, date(2026, 5, 1))[0]:
                if f.rule_id.startswith(PACKS):
                    per_pack[f.rule_id.split("/", 1)[0]] += 1
                    bad.append(f"{row['file']}: {f.rule_id} {f.outcome}: {f.message}")
    with capsys.disabled():
        print(
            f"\ncorpus: {docs} pages; findings from ru-foreign-agent: {per_pack['ru-foreign-agent']}, "
            f"from ru-designated-mentions: {per_pack['ru-designated-mentions']}"
        )
    assert docs == 67
    assert bad == []
