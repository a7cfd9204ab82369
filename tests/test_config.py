"""auditor.toml / [tool.auditor]: discovery, validation with file and line, globs, overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.config import (
    ConfigError,
    PathOverride,
    Policy,
    apply_severity,
    find_config,
    glob_match,
    load_config,
    select,
)
from auditor.model import DocumentResult, Finding


def test_found_walking_up_and_pyproject_section(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\npacks = ["caucasian-knot"]\n'
                                             'as-of = 2024-05-01\nfail-on = "warning"\njobs = 2\n', encoding="utf-8")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    cfg = load_config(start=deep)
    assert cfg.settings.packs == ["caucasian-knot"]
    assert cfg.settings.as_of == date(2024, 5, 1) and cfg.settings.fail_on == "warning" and cfg.settings.jobs == 2
    assert cfg.root == tmp_path.resolve()
    # an auditor.toml nearer wins
    (tmp_path / "a" / "auditor.toml").write_text('waivers = "w.yaml"\n', encoding="utf-8")
    cfg = load_config(start=deep)
    assert cfg.path == tmp_path / "a" / "auditor.toml"
    assert cfg.resolve(cfg.settings.waivers) == (tmp_path / "a").resolve() / "w.yaml"


def test_pyproject_without_section_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('packs = ["a"]\nfail-on = "sometimes"\n', r"auditor\.toml:2: fail-on: Input should be"),
        ('packs = ["a"]\n\nformts = ["sarif"]\n', r"auditor\.toml:3: formts: unknown setting \(did you mean 'formats'\?\)"),
        ('formats = ["sarif", "pdfx"]\n', r"auditor\.toml:1: formats: unknown format 'pdfx' \(choose from "),
        ('jobs = 0\n', r"auditor\.toml:1: jobs: Input should be greater than or equal to 1"),
        ('packs = [\n', r"auditor\.toml:\d+(:\d+)?: invalid TOML: Invalid value$"),
        ('[[overrides]]\npaths = ["a/**"]\n\n[[overrides]]\npaths = ["b/**"]\nseverity = { "x/y" = "fatal" }\n',
         r"auditor\.toml:6: overrides\.1\.severity\.x/y: Input should be"),
        ('[[overrides]]\npaths = ["a/**"]\ndisabled = ["x"]\n', r"auditor\.toml:3: overrides\.0\.disabled: unknown setting \(did you mean 'disable'\?\)"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_config(path)


def test_missing_named_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("content/**/*.md", "content/2024/05/a.md", True),
        ("content/**/*.md", "content/a.md", True),
        ("content/*.md", "content/2024/a.md", False),
        ("*.html", "deep/folder/page.html", True),
        ("drafts/", "drafts/x/y.txt", True),
        ("news/[!x]*.txt", "news/a.txt", True),
        ("news/[!x]*.txt", "news/x.txt", False),
        ("архив/**", "архив/статья.txt", True),
    ],
)
def test_globs(pattern: str, path: str, hit: bool) -> None:
    assert glob_match(pattern, path) is hit


def test_include_exclude() -> None:
    assert select("content/a.md", ["content/**"], ["content/drafts/**"])
    assert not select("content/drafts/a.md", ["content/**"], ["content/drafts/**"])
    assert not select("other/a.md", ["content/**"], [])
    assert select("other/a.md", [], [])


def test_overrides_choose_the_rules_of_a_path_and_change_severity() -> None:
    rules = [{"id": "p/notice", "pack": "p"}, {"id": "p/banned", "pack": "p"}, {"id": "extra/rule", "pack": "extra"}]
    extra = Policy(
        root=None,
        rule_aliases={"old-banned": "p/banned"},
        overrides=[
            PathOverride(["opinion/**"], disable=["old-banned"], severity={"p/notice": "info"}),
            PathOverride(["investigations/**"], pack_ids=["extra"]),
        ],
        override_only_packs=["extra"],
    )
    # a disabled rule (named by an alias) and a pack only other paths ask for do not run here
    assert extra.skipped_rules("opinion/x.txt", lambda: rules) == {"p/banned", "extra/rule"}
    assert extra.skipped_rules("investigations/y.txt", lambda: rules) == set()
    asked: list[int] = []
    assert Policy().skipped_rules("a.txt", lambda: asked.append(1) or rules) == set() and not asked

    def res(path: str) -> DocumentResult:
        return DocumentResult(path, "text", "fail", findings=[
            Finding("p/notice", "error", "m", pack="p"), Finding("p/banned", "warning", "m", pack="p")])

    a = res("opinion/x.txt")
    apply_severity(a, extra)
    assert [(f.rule_id, f.severity) for f in a.findings] == [("p/notice", "info"), ("p/banned", "warning")]
    b = res("investigations/y.txt")
    apply_severity(b, extra)
    assert [(f.rule_id, f.severity) for f in b.findings] == [("p/notice", "error"), ("p/banned", "warning")]
