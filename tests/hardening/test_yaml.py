"""Defects 1-2 of issue 16: YAML alias bombs and deep nesting in rule packs, front matter, waivers
and config are refused with a clear error, quickly, and one hostile article is that article's error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import ARTICLE, bomb_front_matter, bomb_pack, deep_yaml

from auditor import safeyaml
from auditor.cli import main
from auditor.limits import Limits
from auditor.packs import load_ruleset, validate_pack


def test_safeyaml_counts_aliases_as_the_nodes_they_expand_to() -> None:
    with pytest.raises(safeyaml.YamlLimit, match="alias"):
        safeyaml.check("\n".join(__import__("hostile").yaml_bomb(9)))
    # aliases used normally stay fine, and the count is of expanded nodes
    assert safeyaml.load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(safeyaml.YamlLimit):
        safeyaml.check("a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n", Limits(yaml_nodes=10))
    safeyaml.check("a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n", Limits(yaml_nodes=0))  # 0: off


def test_safeyaml_depth_limit_names_the_line() -> None:
    with pytest.raises(safeyaml.YamlLimit, match="deeper than 256") as exc:
        safeyaml.check("ok: 1\n" + deep_yaml(5000))
    assert exc.value.line == 2
    safeyaml.check(deep_yaml(200))  # under the limit: left to the loader


def test_pack_alias_bomb_is_a_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "bomb.yaml"
    pack.write_text(bomb_pack(), encoding="utf-8")
    errors = validate_pack(str(pack))
    assert len(errors) == 1
    assert "alias" in errors[0].message and errors[0].line is not None
    rs = load_ruleset([str(pack), "attribution"])  # the other pack still loads
    assert rs.errors and [p["id"] for p in rs.packs] == ["attribution"]


def test_rules_validate_and_check_with_a_bomb_pack_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "bomb.yaml"
    pack.write_text(bomb_pack(), encoding="utf-8")
    assert main(["rules", "validate", str(pack)]) == 2
    assert "expands to more than 100000 nodes" in capsys.readouterr().out
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    assert main(["check", str(art), "-r", str(pack), "--no-cache", "--no-history", "-f", "json",
                 "-o", str(tmp_path / "r.json")]) == 2  # fmt: skip
    assert "alias bomb" in capsys.readouterr().err


def test_deeply_nested_pack_is_a_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "deep.yaml"
    pack.write_text("id: deep\ntitle: D\nversion: '1'\nrules: []\nx-" + deep_yaml(100_000), encoding="utf-8")
    errors = validate_pack(str(pack))
    assert errors and "deeper than" in errors[0].message


@pytest.mark.parametrize("field", ["author", "title", "section", "tags"])
def test_front_matter_bomb_is_that_articles_error(tmp_path: Path, field: str) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a-bomb.md").write_text(bomb_front_matter(field), encoding="utf-8")
    (folder / "b-good.md").write_text("---\ntitle: Хорошо\n---\n\n" + ARTICLE, encoding="utf-8")
    out = tmp_path / "r.json"
    main(["check", str(folder), "--no-cache", "--no-history", "-f", "json", "-o", str(out)])
    docs = {Path(d["path"]).name: d for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert docs["a-bomb.md"]["status"] == "error"
    assert "front matter" in docs["a-bomb.md"]["error"] and "alias" in docs["a-bomb.md"]["error"]
    assert docs["b-good.md"]["status"] in ("pass", "fail")


def test_front_matter_deep_nesting_is_an_error(tmp_path: Path) -> None:
    from auditor.readers import LimitExceeded, ReaderOptions, read_bytes

    data = ("---\ntitle: T\nauthor: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\n" + ARTICLE).encode()
    with pytest.raises(LimitExceeded, match="deeper than"):
        read_bytes(data, "deep.md", ReaderOptions())


def test_waivers_bomb_is_a_config_error(tmp_path: Path) -> None:
    from datetime import date

    from auditor.suppress import load_waivers

    w = tmp_path / "waivers.yaml"
    w.write_text("waivers: []\n" + "\n".join(__import__("hostile").yaml_bomb(9)), encoding="utf-8")
    waivers, problems = load_waivers(w, date(2026, 12, 1), None)
    assert waivers == [] and problems and "alias" in problems[0]


def test_config_deep_nesting_is_a_config_error(tmp_path: Path) -> None:
    from auditor.config import ConfigError, load_config

    cfg = tmp_path / "auditor.toml"
    cfg.write_text("packs = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="auditor.toml"):
        load_config(cfg)
