"""[core] acceptance through the command line: the seed, the examples, JSON contract, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import main
from auditor.engine import results_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "01-seed-notice-after-article.txt"
AS_OF = "2026-11-28"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", *argv, "--format", "json", "--no-history", "--as-of", AS_OF, "--jobs", "1")
    return code, json.loads(out)


def active(doc: dict) -> list[dict]:
    return [f for f in doc["findings"] if not f.get("suppressed") and not f.get("baselined")]


def test_seed_is_the_founding_example() -> None:
    shared_seed = ROOT.parent / "shared" / "seeds" / "000_feed944fbaa189ef.txt"
    if shared_seed.exists():
        assert shared_seed.read_bytes() == SEED.read_bytes()


def test_seed_has_exactly_one_error_the_misplaced_notice(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = check_json(capsys, str(SEED), "--rules", "caucasian-knot")
    assert code == 1
    (doc,) = data["documents"]
    findings = active(doc)
    assert [(f["rule_id"], f["severity"], f["span"]["line"]) for f in findings] == [
        ("ru-foreign-agent/notice-placement", "error", 22)
    ]
    f = findings[0]
    assert f["outcome"] == "misplaced"
    assert "МЕМО" in f["evidence"] and f["expected"]
    assert f["references"] and f["fix"]
    # author, source and timestamp pass; the sidebar dates are chrome
    assert doc["fields"]["author"] == ["Faik Medzhid"]
    assert doc["fields"]["source"] == ["CK correspondent"]
    assert doc["fields"]["published"]["raw"] == "01 April 2016, 19:37"
    assert [n["form"] for n in doc["notices"]] == ["2022"]


def test_seed_with_notice_under_headline_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    notice = next(line for line in lines if line.startswith("НАСТОЯЩИЙ"))
    lines.remove(notice)
    head = lines.index("Ismayilova calls on US authorities to help in liberating Azerbaijani political prisoners")
    lines[head + 1 : head + 1] = ["", notice]
    moved = tmp_path / "moved.txt"
    moved.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(moved), "--rules", "caucasian-knot", "--as-of", AS_OF, "--no-history")
    assert code == 0, out
    assert out.startswith("PASS")


def test_console_shows_place_evidence_expected_and_law(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED), "--rules", "caucasian-knot", "--as-of", AS_OF,
                       "--no-history", "--color", "never")
    assert code == 1
    assert "FAIL" in out and "22:1" in out
    assert "found:" in out and "expected:" in out and "basis:" in out and "fix:" in out
    assert "\033[" not in out  # no colour when not a TTY


def test_inspect_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inspect", str(SEED), "--rules", "caucasian-knot", "--format", "json")
    assert code == 0
    (doc,) = json.loads(out)["documents"]
    published = doc["fields"]["published"]
    assert (published["raw"], published["date"], published["iso"]) == (
        "01 April 2016, 19:37", "2016-04-01", "2016-04-01T19:37:00+03:00"
    )
    assert published["value"] == "2016-04-01T19:37" and published["from"] == "text"
    assert "next to the headline" in published["reason"]  # why this line is the publication time
    roles = {s["text"]: (s.get("role", s["kind"]), s.get("reason", "")) for s in doc["segments"]}
    assert roles["All news"][0] == "related" and "chrome heading" in roles["News archive"][1]
    assert doc["fields"]["author"] == ["Faik Medzhid"]
    assert doc["fields"]["source"] == ["CK correspondent"]
    assert [n["form"] for n in doc["notices"]] == ["2022"]
    kinds = {s["kind"] for s in doc["segments"]}
    assert {"dateline", "headline", "body", "attribution", "notice", "chrome"} <= kinds
    # the sidebar dates are chrome, never the article's
    sidebar = [s for s in doc["segments"] if "November 04, 2024 23:39" in s["text"]]
    assert sidebar and all(s["kind"] == "chrome" for s in sidebar)


# What each example must produce with --rules caucasian-knot --as-of 2026-11-28 (examples/README.md).
EXPECTED = {
    "01-seed-notice-after-article.txt": [("ru-foreign-agent/notice-placement", 22, "error")],
    "02-compliant.txt": [],
    "03-notice-removed.txt": [("ru-foreign-agent/notice-required", 3, "error")],
    "04-notice-dropped-word.txt": [("ru-foreign-agent/notice-form", 5, "error")],
    "05-notice-latin-lookalikes.txt": [("ru-foreign-agent/notice-form", 5, "error")],
    "06-notice-2020-form.txt": [("ru-foreign-agent/notice-outdated", 5, "error")],
    "07-author-missing.txt": [("attribution/author", None, "warning")],
    "08-timestamp-wrong-format.txt": [("timestamps/published-format", 1, "error")],
    "09-front-matter.md": [("attribution/source", None, "error")],
    "10-page.html": [],
}


@pytest.fixture(scope="module")
def examples_result() -> dict:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["check", str(EXAMPLES), "--rules", "caucasian-knot", "--as-of", AS_OF, "--format", "json",
                     "--no-history", "--jobs", "1"])
    data = json.loads(buf.getvalue())
    data["_exit"] = code
    return data


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_gives_its_expected_finding(examples_result: dict, name: str) -> None:
    docs = {Path(d["path"]).name: d for d in examples_result["documents"]}
    doc = docs[name]
    got = [(f["rule_id"], f["severity"]) for f in active(doc)]
    want = EXPECTED[name]
    assert got == [(r, s) for r, _, s in want], json.dumps(active(doc), ensure_ascii=False, indent=1)
    for f, (_, line, _) in zip(active(doc), want, strict=True):
        if line is not None:
            assert f["span"]["line"] == line
    assert doc["status"] == ("fail" if any(s == "error" for _, _, s in want) else "pass")


def test_examples_run_exit_code_and_schema(examples_result: dict) -> None:
    assert examples_result.pop("_exit") == 1
    jsonschema.validate(examples_result, results_schema())
    s = examples_result["summary"]
    assert s["documents"] == len(examples_result["documents"])
    assert s["passed"] + s["failed"] + s["errors"] + s.get("skipped", 0) == s["documents"]


def test_json_results_validate_against_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = check_json(capsys, str(SEED), str(EXAMPLES / "10-page.html"), "--rules", "caucasian-knot")
    jsonschema.validate(data, results_schema())
    assert data["schema_version"] == "1.0"
    assert data["run"]["as_of"] == AS_OF
    assert [p["id"] for p in data["run"]["packs"]][-1] == "caucasian-knot"
    assert all(len(p["sha256"]) == 64 for p in data["run"]["packs"])


def test_bad_inputs_are_listed_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.md").write_bytes(b"\xef\xbb\xbf\n \n")  # a BOM and blank lines: nothing to audit
    code, data = check_json(capsys, str(tmp_path), str(tmp_path / "missing.txt"), "--rules", "caucasian-knot")
    jsonschema.validate(data, results_schema())
    status = {Path(d["path"]).name: d["status"] for d in data["documents"]}
    assert status == {"blob.txt": "error", "empty.md": "error", "good.txt": "fail", "image.png": "skipped",
                      "missing.txt": "error"}
    empty = next(d for d in data["documents"] if d["path"].endswith("empty.md"))
    assert empty["error"].endswith("empty.md: empty file: no text to audit")
    assert [f["rule_id"] for f in empty["findings"]] == ["auditor.read-error"]
    errs = {Path(d["path"]).name: d for d in data["documents"] if d["status"] == "error"}
    for d in errs.values():
        assert d["findings"][0]["rule_id"] == "auditor.read-error"
        assert d["path"] in d["error"]
    assert code == 2  # a named path that does not exist: not audited (issue 17), no longer exit 1
    assert data["run"]["status"] == "not-audited"


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Stdin:
        buffer = io.BytesIO(SEED.read_bytes())

    monkeypatch.setattr("sys.stdin", Stdin)
    code, out, _ = run(capsys, "check", "-", "--rules", "caucasian-knot", "--as-of", AS_OF, "--no-history",
                       "--format", "json")
    assert code == 1
    assert json.loads(out)["documents"][0]["path"] == "-"


def test_misspelt_key_pack_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "id: house\ntitle: House\nversion: '1'\njurisdiction: RU\nrules:\n"
        "  - id: byline\n    title: Byline\n    severty: error\n"
        "    check: {kind: field, field: author}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "validate", str(pack))
    assert code == 2
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"{pack}:8:5:")
    assert "severty" in lines[0] and "severity" in lines[0]


def test_unbalanced_regex_pack_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "regex.yaml"
    pack.write_text(
        "id: rx\ntitle: Regex\nversion: '1'\njurisdiction: RU\nrules:\n"
        "  - id: erid\n    title: erid token\n    severity: error\n"
        "    check:\n      kind: pattern\n      require: 'erid: ([A-Za-z0-9]+'\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "validate", str(pack))
    assert code == 2
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"{pack}:11:")
    # the same pack given to check: the run goes on with the other packs, then exits 2
    code, out, err = run(capsys, "check", str(SEED), "--rules", str(pack), "--rules", "attribution",
                         "--as-of", AS_OF, "--no-history")
    assert code == 2
    assert f"{pack}:11:" in err
    assert "NOT AUDITED" in out and "PASS" not in out  # a pack that did not load: no verdict (issue 17)


def test_folder_walk_skips_project_docs_and_own_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "02-compliant.txt", tmp_path / "story.txt")
    (tmp_path / "README.md").write_text("# Content\n\nAuthor: `name`\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "audit.json").write_text('[{"id": 1, "title": "t", "body": "b"}]', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, data = check_json(capsys, ".", "--rules", "caucasian-knot")
    status = {d["path"]: d["status"] for d in data["documents"]}
    assert status == {"README.md": "skipped", "story.txt": "pass"}
    assert code == 0
    # named explicitly, a README is audited like any article
    code, data = check_json(capsys, "README.md", "--rules", "caucasian-knot")
    assert data["documents"][0]["status"] == "fail"
