"""A run with a sample registry says so in the console, JSON, SARIF and every report, and the mention
rules are listed as unverified on the documents they apply to; a run with a real register does not."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from auditor.cli import main

RU = "Новости дня\n\n18+ Журналисты обсуждали погоду и цены на хлеб в Махачкале на этой неделе.\n"
MENTION_RULES = {
    "ru-designated-mentions/foreign-agent",
    "ru-designated-mentions/extremist",
    "ru-designated-mentions/terrorist",
    "ru-designated-mentions/undesirable",
    "ru-designated-mentions/status-correct",
    "ru-designated-mentions/age-mark",
}
REAL = "name,aliases,kind,listed_from,listed_until,source_url\nСеребрякова Алиса Тимуровна,,foreign_agent,2023-03-17,,\n"


@pytest.fixture()
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "real.csv").write_text(REAL, encoding="utf-8")
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    main(["check", "a.txt", "--rules", "ru-designated-mentions", "--as-of", "2026-05-01", "--no-cache",
          "--no-history", *extra])
    return capsys.readouterr().out


def test_json_warns_and_lists_mention_rules_unverified(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(capsys, "--format", "json"))
    assert [r["sample"] for r in data["run"]["registries"]] == [True]
    assert len(data["run"]["warnings"]) == 1 and data["run"]["warnings"][0].startswith("SAMPLE REGISTRY: ru-designated.sample")
    assert set(data["documents"][0]["unverified"]) == MENTION_RULES
    real = json.loads(_run(capsys, "--format", "json", "--registry", "real.csv"))
    assert "warnings" not in real["run"] and real["documents"][0]["unverified"] == []
    assert [r["sample"] for r in real["run"]["registries"]] == [False]


def test_console_says_so(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "--color", "never")
    assert "SAMPLE REGISTRY: ru-designated.sample (12 entries) is a sample, not the official list" in out
    assert "not verified (format, or a sample registry): ru-designated-mentions/" in out
    assert "SAMPLE REGISTRY" not in _run(capsys, "--color", "never", "--registry", "real.csv")


def test_every_report_format_carries_the_warning(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = article / "out"
    formats = ["sarif", "junit", "md", "html", "xlsx", "github", "gitlab", "checkstyle"]
    main(["check", "a.txt", "--rules", "ru-designated-mentions", "--as-of", "2026-05-01", "--no-cache", "--no-history",
          *[a for f in formats for a in ("-f", f)], "--output-dir", str(out_dir)])
    capsys.readouterr()
    files = {p.suffix: p for p in out_dir.iterdir()}
    texts: dict[str, str] = {}
    for p in out_dir.iterdir():
        if p.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(p.read_bytes()))
            texts[p.name] = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                                      if c.value is not None)
        else:
            texts[p.name] = p.read_text(encoding="utf-8")
    assert len(texts) == len(formats), sorted(files)
    for name, text in texts.items():
        assert "SAMPLE REGISTRY: ru-designated.sample" in text, name
    sarif = json.loads(next(t for n, t in texts.items() if n.endswith(".sarif")))
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["level"] for n in notes if "SAMPLE REGISTRY" in n["message"]["text"]] == ["warning"]
    assert sarif["runs"][0]["properties"]["registries"][0]["sample"] is True


@pytest.mark.slow
def test_pdf_report_carries_the_warning(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("weasyprint")
    import pdfplumber

    out = article / "r.pdf"
    main(["check", "a.txt", "--rules", "ru-designated-mentions", "--as-of", "2026-05-01", "--no-cache", "--no-history",
          "-f", "pdf", "-o", str(out)])
    capsys.readouterr()
    with pdfplumber.open(out) as pdf:
        text = " ".join((page.extract_text() or "") for page in pdf.pages)
    assert "SAMPLE REGISTRY: ru-designated.sample" in " ".join(text.split())
