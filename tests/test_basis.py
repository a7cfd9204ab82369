"""[trust] Basis, not just law: binding per reference, instruments in force on the as-of date,
severity defaults from binding, reports lead with statutory violations, labels read "basis"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.basis import BINDINGS, article_counts, current, default_severity, kind_of
from auditor.cli import main
from auditor.packs import load_ruleset, shipped_packs

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "01-seed-notice-after-article.txt"
AUTHOR_MISSING = ROOT / "examples" / "07-author-missing.txt"


def test_every_shipped_reference_states_its_binding() -> None:
    from ruamel.yaml import YAML

    for pack_id, path in shipped_packs():
        data = YAML(typ="safe").load(Path(path).read_text(encoding="utf-8"))
        for ref in data.get("references") or []:
            assert ref.get("binding") in BINDINGS, f"{pack_id}: reference {ref.get('id')} has no binding"


def test_ethics_codes_and_search_guidance_are_not_law() -> None:
    rs = load_ruleset(["attribution", "timestamps"])
    refs = {r["law"]: r["binding"] for rule in rs.rules_info() for r in rule["references"]}
    assert refs["SPJ Code of Ethics"] == "industry-guidance"
    assert refs["Google Search Central, Article structured data"] == "industry-guidance"
    assert refs["Civil Code of the Russian Federation"] == "statute"


def test_a_2026_audit_does_not_cite_the_2020_order(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history",
                 "--no-cache", "-f", "json", "--jobs", "1"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    (f,) = [f for f in data["documents"][0]["findings"] if f["rule_id"].endswith("notice-placement")]
    laws = " ".join(r["law"] for r in f["references"])
    assert "Order No. 124" not in laws  # in force 30 Oct 2020 - 30 Nov 2022 only
    assert "Government rules" in laws
    assert all(r["binding"] for r in f["references"])
    # the history stays in explain
    assert main(["explain", "ru-foreign-agent/notice-placement"]) == 0
    out = capsys.readouterr().out
    assert "Order No. 124" in out and "2022-11-30" in out


def test_current_keeps_history_only_when_nothing_is_in_force() -> None:
    from datetime import date

    old = {"law": "Old", "in_force_to": "2022-11-30", "binding": "regulation"}
    new = {"law": "New", "in_force_from": "2022-12-01", "binding": "regulation"}
    assert current([old, new], date(2026, 1, 1)) == [new]
    assert current([old, new], date(2021, 1, 1)) == [old]
    assert current([old], date(2026, 1, 1)) == [{**old, "in_force": False}]


def test_severity_defaults_follow_binding(tmp_path: Path) -> None:
    assert default_severity([{"binding": "house-style"}]) == "warning"
    assert default_severity([{"binding": "industry-guidance"}, {"binding": "court"}]) == "error"
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "id: house\ntitle: House\nversion: '1'\n"
        "references:\n  - {id: style, law: House style guide, binding: house-style}\n"
        "  - {id: act, law: Some Act, binding: statute}\n"
        "rules:\n"
        "  - {id: byline, title: Byline, check: {kind: field, field: author}, references: [style]}\n"
        "  - {id: source, title: Source, check: {kind: field, field: source}, references: [act]}\n"
        "  - {id: strict, title: Strict, severity: info, check: {kind: field, field: title}, references: [act]}\n",
        encoding="utf-8",
    )
    rs = load_ruleset([str(pack)])
    assert rs.errors == []
    sev = {r["id"]: r["severity"] for r in rs.rules_info()}
    assert sev == {"house/byline": "warning", "house/source": "error", "house/strict": "info"}


def test_reports_lead_with_statutory_violations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["check", str(SEED), str(AUTHOR_MISSING), "--rules", "caucasian-knot", "--as-of", "2026-11-28",
                 "--no-history", "--no-cache", "--jobs", "1", "-f", "console", "-f", "json", "-f", "md",
                 "-f", "html", "--output-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    counts = article_counts(data)
    assert counts["statutory"] == 1 and counts["house_style"] == 1  # seed: 255-FZ; author missing: ethics code
    lead = "1 article with statutory violations; 1 with guidance or house-style findings only"
    assert lead in out
    md = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert lead in md and md.index(lead) < md.index("| Documents |")
    assert lead in (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "basis:" in out and "law:" not in out
    assert "regulation: Government rules" in out


def test_kind_of() -> None:
    assert kind_of([{"binding": "regulator-guidance"}, {"binding": "statute"}]) == "statutory"
    assert kind_of([{"binding": "regulator-guidance"}]) == "guidance"
    assert kind_of([]) == "house-style"


def test_sarif_rule_help_cites_only_instruments_in_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "a.sarif"
    main(["check", str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28", "--no-history", "--no-cache",
          "--jobs", "1", "-f", "sarif", "-o", str(out)])
    capsys.readouterr()
    rules = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]}
    assert "Order No. 124" not in rules["ru-foreign-agent/notice-placement"]["help"]["text"]
    assert "Government rules" in rules["ru-foreign-agent/notice-placement"]["help"]["text"]


def test_markdown_lists_statutory_violations_first(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["check", str(AUTHOR_MISSING), str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28",
          "--no-history", "--no-cache", "--jobs", "1", "--fail-on", "warning", "-f", "md", "-o", str(tmp_path / "a.md")])
    capsys.readouterr()
    md = (tmp_path / "a.md").read_text(encoding="utf-8")
    rows = [ln for ln in md.splitlines() if ln.startswith("| ") and ".txt" in ln]
    assert "01-seed" in rows[0] and "07-author" in rows[1]  # given in the other order
    assert "error (statutory)" in rows[0] and "warning (guidance)" in rows[1]


def _explicit_severities() -> list[tuple[str, str, str, str, list[str]]]:
    """(pack, rule or override key, severity, the YAML lines before it in its block, the references)
    for every severity a shipped pack states explicitly."""
    from ruamel.yaml import YAML

    out = []
    for pack_id, path in shipped_packs():
        text = Path(path).read_text(encoding="utf-8")
        lines = text.splitlines()
        data = YAML().load(text)  # round trip: keeps line numbers
        refs = {r["id"]: dict(r) for r in data.get("references") or []}
        for rule in data.get("rules") or []:
            if "severity" in rule:
                start, at = rule.lc.line, rule.lc.key("severity")[0]
                mine = [refs[x] for x in rule.get("references") or [] if isinstance(x, str) and x in refs]
                out.append((pack_id, str(rule["id"]), str(rule["severity"]), lines[start - 1:at + 1], mine))
        for key, ov in (data.get("overrides") or {}).items():
            if "severity" in ov:
                at = ov.lc.key("severity")[0]
                out.append((pack_id, str(key), str(ov["severity"]), lines[max(0, at - 6):at + 1], []))
    return out


def test_shipped_rules_state_a_severity_only_to_deviate_from_their_basis() -> None:
    explicit = _explicit_severities()
    assert explicit, "the shipped packs deviate somewhere (e.g. de-anzeige/anzeige-position)"
    for pack_id, rule_id, severity, block, refs in explicit:
        assert any("#" in ln for ln in block), f"{pack_id}: {rule_id}: severity {severity} without a comment saying why"
        if refs:  # a rule of the pack itself: never the default restated
            assert severity != default_severity(refs), f"{pack_id}/{rule_id}: severity {severity} is its default"
    # a profile's override differs from the severity the rule has in the packs the profile extends
    from ruamel.yaml import YAML

    paths = dict(shipped_packs())
    for pack_id, key, severity, _block, refs in explicit:
        if refs:
            continue
        extends = YAML(typ="safe").load(Path(paths[pack_id]).read_text(encoding="utf-8"))["extends"]
        base = {r["id"]: r["severity"] for r in load_ruleset(list(extends)).rules_info()}
        assert key in base and severity != base[key], f"{pack_id}: override of {key} restates {severity}"


def test_shipped_severities_follow_binding() -> None:
    """Law is an error, guidance and house style warn; the three commented deviations stand."""
    rs = load_ruleset([p for p, _ in shipped_packs() if p not in ("default", "caucasian-knot")])
    sev = {r["id"]: r["severity"] for r in rs.rules_info()}
    assert sev["ru-foreign-agent/notice-form"] == "error"          # regulation
    assert sev["ru-foreign-agent/notice-case"] == "warning"        # industry guidance (one press report)
    assert sev["ru-foreign-agent/notice-characters"] == "warning"  # house style
    assert sev["attribution/author"] == "warning"                  # SPJ code, search guidance
    assert sev["attribution/source"] == "error"                    # Civil Code Art. 1274
    assert sev["timestamps/published-format"] == "warning"         # search guidance: a slip is not a breach
    assert sev["opinion-label/label"] == "warning"                 # ethics code
    assert sev["de-anzeige/anzeige-position"] == "warning"         # deliberate: the position is our reading
    assert sev["us-ftc-native-ads/label"] == "error"               # deliberate: enforced under FTC Act s.5
    deviating = {f"{p}/{r}" for p, r, _s, _b, refs in _explicit_severities() if refs}
    for rule in rs.rules_info():
        if rule["id"] not in deviating:
            assert rule["severity"] == default_severity(rule["references"]), rule["id"]


def test_rules_list_shows_the_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list", "--rules", "caucasian-knot"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["RULE", "SEVERITY", "BASIS", "KIND", "TITLE"]
    row = {ln.split()[0]: ln.split()[1:3] for ln in lines[1:]}
    assert row["ru-foreign-agent/notice-placement"] == ["error", "regulation"]
    assert row["ru-foreign-agent/notice-characters"] == ["warning", "house-style"]
    assert row["attribution/author"] == ["warning", "industry-guidance"]
    assert row["timestamps/published-format"] == ["error", "industry-guidance"]  # the house raises it


def test_xlsx_and_html_lead_with_statutory_violations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Before: the workbook's first figures were the run's details and its Findings (and the HTML
    table) followed the order of the paths, so an ethics-code finding could come first."""
    openpyxl = pytest.importorskip("openpyxl")
    main(["check", str(AUTHOR_MISSING), str(SEED), "--rules", "caucasian-knot", "--as-of", "2026-11-28",
          "--no-history", "--no-cache", "--jobs", "1", "-f", "xlsx", "-f", "html", "--output-dir", str(tmp_path)])
    capsys.readouterr()
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx", read_only=True)
    rows = [r for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]]
    labels = [r[0] for r in rows]
    at = labels.index("Status")
    assert rows[at + 1][:2] == ("Articles with statutory violations", 1)
    assert rows[at + 2][:2] == ("Articles with guidance or house-style findings only", 1)
    findings = list(wb["Findings"].iter_rows(values_only=True))
    head, body = findings[0], findings[1:]
    kinds = [r[head.index("Basis type")] for r in body]
    assert kinds[0] == "statutory" and "01-seed" in body[0][0]  # given second, listed first
    order = {"statutory": 0, "guidance": 1, "house style": 2}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)
    author = next(r for r in body if r[head.index("Rule")] == "attribution/author")
    assert author[head.index("Basis type")] == "guidance"
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert html.index("Articles with statutory violations") < html.index('<span class="l">Documents</span>')
    table = html[html.index('id="findings-table"'):]
    first_row = table[table.index("<tbody>"):table.index("</tr>", table.index("<tbody>"))]
    assert "01-seed" in first_row and "statutory" in first_row
    assert table.index("01-seed") < table.index("07-author-missing")
