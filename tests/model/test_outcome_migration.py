"""Outcome ids in kebab-case (issue 11), and the former snake_case spellings still working: in
JSON results rebuilt with `auditor report`, in baselines, waivers, packs and rule cases."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from datetime import date
from pathlib import Path

import pytest

from auditor.checks.mention import Options as MentionOptions
from auditor.cli import main
from auditor.config import Policy
from auditor.model import OUTCOME_ALIASES, DocumentResult, Finding, Span, migrate_results
from auditor.packs.cases import _expected
from auditor.suppress import Suppressor, assign_fingerprints, load_baseline, render_baseline

ARTICLE = "Колонка о городе\n\nСегодня Илья Варламов* написал колонку о городской среде.\n"


def _cli(argv: list[str], cwd: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue()


def test_outcome_ids_are_kebab_case_and_the_map_covers_the_former_ones() -> None:
    assert all("_" in old and new == old.replace("_", "-") for old, new in OUTCOME_ALIASES.items())


@pytest.fixture
def new_results(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    (tmp_path / "col.txt").write_text(ARTICLE, encoding="utf-8")
    code, out = _cli(["check", "col.txt", "-r", "ru-designated-mentions", "--as-of", "2025-06-01", "--no-cache",
                      "--no-history", "-f", "json"], tmp_path)
    assert code == 1
    return json.loads(out)


def test_a_check_reports_the_new_spelling(new_results: dict) -> None:  # type: ignore[type-arg]
    outcomes = {f["outcome"] for d in new_results["documents"] for f in d["findings"]}
    assert {"footnote-missing", "age-mark"} <= outcomes
    assert not outcomes & set(OUTCOME_ALIASES)


def test_old_json_results_rebuilt_with_auditor_report(tmp_path: Path, new_results: dict) -> None:  # type: ignore[type-arg]
    old = copy.deepcopy(new_results)  # as 0.3.0 wrote it: the snake_case spellings
    back = {new: o for o, new in OUTCOME_ALIASES.items()}
    for d in old["documents"]:
        for f in d["findings"]:
            f["outcome"] = back.get(f["outcome"], f["outcome"])
    assert {f["outcome"] for d in old["documents"] for f in d["findings"]} >= {"footnote_missing", "age_mark"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    code, out = _cli(["report", str(path), "--format", "json"], tmp_path)
    assert code == 0
    rebuilt = json.loads(out)
    assert rebuilt["documents"] == new_results["documents"]  # the same as a run of this version
    code, sarif = _cli(["report", str(path), "--format", "sarif"], tmp_path)
    assert code == 0 and '"outcome": "age-mark"' in sarif and "age_mark" not in sarif
    assert migrate_results(copy.deepcopy(old))["documents"] == new_results["documents"]


def test_an_old_baseline_still_baselines_and_a_waiver_still_suppresses(tmp_path: Path) -> None:
    def result(outcome: str) -> DocumentResult:  # a finding with no evidence: its fingerprint hashes the outcome
        f = Finding("ru-designated-mentions/age-mark", "warning", "no 18+ mark", outcome,
                    pack="ru-designated-mentions", span=Span(0, 0))
        return DocumentResult("news/a.txt", "text", "pass", document={}, findings=[f])

    old = result("age_mark")  # as the former version fingerprinted and recorded it
    assign_fingerprints(old, {}, None)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(render_baseline({"documents": [old.to_dict()]}), encoding="utf-8")
    now = Suppressor(Policy(), fail_rank=2, baseline=load_baseline(baseline)).apply(result("age-mark"))
    assert now.findings[0].fingerprint != old.findings[0].fingerprint  # the outcome is hashed...
    assert now.findings[0].baselined and now.status == "pass"  # ...and the old baseline still matches
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - {rule: ru-designated-mentions/age-mark, path: 'news/**', reason: archive, "
                       "approved_by: legal@example.org, expires: 2099-01-01}\n", encoding="utf-8")
    waived = Suppressor(Policy(), fail_rank=2, waivers=waivers, today=date(2026, 1, 1)).apply(result("age-mark"))
    assert waived.findings[0].suppressed and waived.findings[0].suppression["by"] == "waiver"


def test_a_baseline_of_findings_with_evidence_is_unchanged(tmp_path: Path, new_results: dict) -> None:  # type: ignore[type-arg]
    (tmp_path / "col.txt").write_text(ARTICLE, encoding="utf-8")
    bl = tmp_path / "bl.json"
    code, _ = _cli(["baseline", "create", "col.txt", "-r", "ru-designated-mentions", "--as-of", "2025-06-01",
                    "--no-cache", "-o", str(bl)], tmp_path)
    assert code == 0
    fps = {f["fingerprint"] for d in new_results["documents"] for f in d["findings"]}
    assert load_baseline(bl) == fps


def test_packs_and_rule_cases_accept_the_former_spelling() -> None:
    opts = MentionOptions.model_validate({"kind": "mention", "report": ["missing", "age_mark", "wrong_status"]})
    assert opts.report == ["missing", "age-mark", "wrong-status"]
    assert _expected("ru-designated-mentions/age-mark age_mark") == "ru-designated-mentions/age-mark age-mark"
    assert _expected("x/y missing") == "x/y missing"
