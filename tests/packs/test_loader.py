"""Pack loading: ids and paths, extends/overrides, one-line errors with file:line:col, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.packs import list_rules, load_ruleset, pack_schema, shipped_packs, show_rule, validate_pack
from auditor.packs.loader import rules_dir

SHIPPED = {"ru-foreign-agent", "attribution", "timestamps", "default", "caucasian-knot"}


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_schema_json_is_current() -> None:
    committed = json.loads((rules_dir() / "schema.json").read_text(encoding="utf-8"))
    assert committed == pack_schema(), (
        "regenerate rules/schema.json: auditor rules schema > rules/schema.json"
    )


def test_shipped_packs_load_without_errors() -> None:
    assert {pid for pid, _ in shipped_packs()} >= SHIPPED
    for pid in SHIPPED:
        rs = load_ruleset([pid])
        assert rs.errors == [], [str(e) for e in rs.errors]
        for info in rs.rules_info():
            assert info["references"], f"{info['id']} cites no reference"
            assert info["fix"], f"{info['id']} has no fix hint"
            assert all(ref.get("law") for ref in info["references"])


def test_empty_spec_means_default_and_extends_keeps_rule_ids() -> None:
    rs = load_ruleset([])
    assert [p["id"] for p in rs.packs] == [
        "ru-foreign-agent", "attribution", "timestamps", "ru-designated-mentions", "default"
    ]  # fmt: skip
    ids = [r["id"] for r in rs.rules_info()]
    assert "ru-foreign-agent/notice-form" in ids and "attribution/author" in ids
    assert "timestamps/published-format" in ids
    assert not any(i.startswith("default/") for i in ids)  # default only overrides
    sev = {r["id"]: r["severity"] for r in rs.rules_info()}
    assert sev["attribution/author"] == "warning" and sev["attribution/source"] == "warning"
    for p in rs.packs:
        assert len(p["sha256"]) == 64 and p["version"]


def test_caucasian_knot_overrides_and_reader_options() -> None:
    rs = load_ruleset(["caucasian-knot"])
    sev = {r["id"]: r["severity"] for r in rs.rules_info()}
    assert sev["attribution/source"] == "error"
    assert sev["attribution/author"] == "warning"
    ro = rs.reader_options
    assert ro.date_formats == ["%d %B %Y, %H:%M"]
    assert ro.timezone == "Europe/Moscow"
    assert rs.settings["agent"]["name"] == "ООО «МЕМО»"


def test_misspelt_key_is_one_line_with_position_and_did_you_mean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        'id: bad\ntitle: Bad\nversion: "1"\nrules:\n  - id: a\n    title: A\n    severty: error\n'
        "    check:\n      kind: pattern\n      forbid: x\n",
    )
    errors = validate_pack(path)
    assert [str(e) for e in errors] == [
        f"{path}:7:5: rules[0].severty: unknown key (did you mean 'severity'?)"
    ]


def test_unbalanced_regex_is_a_pack_error_at_its_position(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "re.yaml",
        'id: re\ntitle: R\nversion: "1"\nrules:\n  - id: a\n    title: A\n    check:\n      kind: pattern\n'
        '      forbid: "(unbalanced"\n',
    )
    errors = validate_pack(path)
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}:9:15: rules[0].check.forbid: invalid regular expression")


def test_duplicate_keys_unknown_kind_and_fixed_offset_zone(tmp_path: Path) -> None:
    dup = write(tmp_path, "dup.yaml", 'id: d\ntitle: D\ntitle: E\nversion: "1"\n')
    assert [str(e) for e in validate_pack(dup)] == [f"{dup}:3:1: duplicate key 'title'"]
    bad = write(
        tmp_path,
        "k.yaml",
        'id: k\ntitle: K\nversion: "1"\nsettings:\n  timezone: "+03:00"\nrules:\n'
        "  - id: a\n    title: A\n    check: {kind: timestmp}\n",
    )
    msgs = [str(e) for e in validate_pack(bad)]
    assert any(m.startswith(f"{bad}:5:13: settings.timezone: '+03:00' is a fixed UTC offset") for m in msgs)
    assert any(
        "rules[0].check.kind: unknown check kind 'timestmp' (did you mean 'timestamp'?)" in m for m in msgs
    )


def test_override_errors_name_the_override(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ov.yaml",
        'id: ov\ntitle: O\nversion: "1"\nextends: [attribution]\noverrides:\n'
        "  attribution/autor: {severity: info}\n"
        "  attribution/source: {options: {feild: source}}\n",
    )
    msgs = [str(e) for e in validate_pack(path)]
    assert (
        f"{path}:6:3: overrides.attribution/autor: no such rule in the extended packs (did you mean 'attribution/author'?)"
        in msgs
    )
    assert any(
        "overrides.attribution/source.options.feild: unknown key (did you mean 'field'?)" in m for m in msgs
    )


def test_one_bad_pack_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "id: bad\ntitle: [unclosed\n")
    rs = load_ruleset([bad, "attribution", "no-such-pack"])
    assert [p["id"] for p in rs.packs] == ["attribution"]
    assert len(rs.errors) == 2
    assert str(rs.errors[0]).startswith(f"{bad}:")
    assert str(rs.errors[1]).startswith("no-such-pack: no shipped pack with this id")


def test_user_pack_extends_by_relative_path_and_sets_options(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.yaml",
        'id: base\ntitle: B\nversion: "1"\nreferences:\n  - {id: r, law: House style}\nrules:\n'
        "  - id: no-lorem\n    title: No lorem\n    aliases: [lorem]\n    references: [r]\n    fix: Remove it.\n"
        "    scope: [body]\n    check: {kind: pattern, forbid: 'lorem'}\n",
    )
    child = write(
        tmp_path,
        "child.json",
        json.dumps(
            {
                "id": "child",
                "title": "C",
                "version": "2",
                "extends": ["./base.yaml"],
                "overrides": {"base/lorem": {"severity": "info", "options": {"ignore_case": True}}},
            }
        ),
    )
    rs = load_ruleset([child])
    assert rs.errors == []
    info = rs.find_rule("base/lorem")
    assert info is not None and info["id"] == "base/no-lorem" and info["severity"] == "info"
    assert info["references"] == [{"law": "House style"}]
    assert "base/no-lorem" in list_rules(rs)
    shown = show_rule(rs, "base/no-lorem", explain=True)
    assert shown is not None and '"ignore_case": true' in shown


@pytest.mark.parametrize("pid", sorted(SHIPPED))
def test_rules_show_every_shipped_rule(pid: str) -> None:
    rs = load_ruleset([pid])
    for info in rs.rules_info():
        text = show_rule(rs, info["id"])
        assert text is not None and info["title"] in text and "reference:" in text
