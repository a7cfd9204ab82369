"""The rules table (auditor/packs/table.py, docs/rules-table.md): current, every rule cites a source,
and an unconfirmed duty is never shipped as an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.packs.table import rows, rules_table

REPO = Path(__file__).resolve().parents[2]


# severity comes from the binding (tests/test_basis.py); an unconfirmed duty is never an error
@pytest.mark.parametrize("row", rows(), ids=lambda r: r["id"])
def test_an_unconfirmed_duty_is_never_an_error(row: dict) -> None:
    assert row["sources"], f"{row['id']} cites no source"
    if row["confidence"] != "CONFIRMED":
        assert row["severity"] in ("warning", "info", "off"), f"{row['id']}: {row['confidence']} duty shipped as error"


def test_rules_table_is_current() -> None:
    committed = (REPO / "docs" / "rules-table.md").read_text(encoding="utf-8")
    assert committed == rules_table(), "regenerate: python -m auditor.packs.table > docs/rules-table.md"
