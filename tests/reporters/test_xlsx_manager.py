"""[trust] Manager report: alias maps for authors and sections, waivers expiring within 30 days,
the run's sign-off state, print set-up on every sheet."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 28)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src = (ROOT / "examples" / "07-author-missing.txt").read_text(encoding="utf-8")
    good = (ROOT / "examples" / "02-compliant.txt").read_text(encoding="utf-8")
    for rel, text in {"news/a.txt": good, "News/b.txt": good, "opinion/c.txt": src}.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    soon, later = AS_OF + timedelta(days=10), AS_OF + timedelta(days=200)
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n"
        f"  - {{rule: attribution/author, path: opinion/c.txt, reason: Anonymous by consent, approved_by: Legal, expires: {soon}}}\n"
        f"  - {{rule: attribution/source, path: opinion/c.txt, reason: Wire, approved_by: Legal, expires: {later}}}\n",
        encoding="utf-8",
    )
    (tmp_path / "auditor.toml").write_text(
        'packs = ["caucasian-knot"]\nwaivers = "waivers.yaml"\n'
        '[aliases.sections]\n"News" = "news"\n"opinion" = "Opinion"\n'
        '[aliases.authors]\n"F. Medzhid" = "Faik Medzhid"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], out: Path, *formats: str) -> dict:
    argv = ["check", "news", "News", "opinion", "--as-of", AS_OF.isoformat(), "--no-history", "--no-cache", "--jobs", "1",
            "--output-dir", str(out), "-f", "json"]
    for f in formats:
        argv += ["-f", f]
    main(argv)
    capsys.readouterr()
    return json.loads((out / "audit.json").read_text(encoding="utf-8"))


def test_results_carry_expiring_waivers_signoff_and_aliases(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    data = _run(capsys, project / "out")
    soon = data["run"]["waivers_expiring"]
    assert [(w["rule"], w["days_left"]) for w in soon] == [("attribution/author", 10)]  # the 200-day one is not soon
    assert data["run"]["signoff"]["state"] == "not recorded"
    assert data["run"]["aliases"]["sections"] == {"News": "news", "opinion": "Opinion"}


def test_sections_merge_through_aliases(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    from auditor.reporters import toolkit as S

    data = _run(capsys, project / "out")
    s = S.summarise(data)
    named = sorted(k for k in s.sections if not k.startswith("("))  # the waivers file has no section
    assert named == ["Opinion", "news"]  # before: "News", "news" and "opinion" apart


def test_xlsx_and_html_show_waivers_and_signoff(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    _run(capsys, project / "out", "xlsx", "html")
    wb = load_workbook(io.BytesIO((project / "out" / "audit.xlsx").read_bytes()))
    ws = wb["Waivers & sign-off"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    flat = " ".join(str(v) for row in cells for v in row if v is not None)
    assert "attribution/author" in flat and "Anonymous by consent" in flat and "10" in flat
    assert "attribution/source" not in flat
    assert "not recorded" in flat
    for sheet in wb.worksheets:  # print set-up on every sheet
        assert sheet.page_setup.orientation == "landscape", sheet.title
    html = (project / "out" / "audit.html").read_text(encoding="utf-8")
    assert 'id="waivers"' in html and "Anonymous by consent" in html and "not recorded" in html


def test_signoff_state_comes_from_the_history_store(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    from auditor import store

    hist = project / "h.sqlite"
    argv = ["check", "news", "--as-of", AS_OF.isoformat(), "--no-cache", "--jobs", "1", "--history", str(hist),
            "-f", "json", "-o", str(project / "r.json")]
    main(argv)
    first = json.loads((project / "r.json").read_text(encoding="utf-8"))["run"]["signoff"]
    assert first["state"] == "awaiting sign-off"
    s = store.open_store(str(hist))
    try:
        s.sign_off(first["run"], "Legal desk")
    finally:
        s.close()
    main(argv)
    capsys.readouterr()
    second = json.loads((project / "r.json").read_text(encoding="utf-8"))["run"]["signoff"]
    assert second["state"] == "awaiting sign-off" and second["run"] == first["run"] + 1
    assert "by Legal desk" in second["last_signed_off"]
