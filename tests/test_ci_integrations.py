"""The CI integration files: the GitHub Action, the GitLab example, the pre-commit hook, the samples."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from auditor.config import load_config
from auditor.readers import EXTENSIONS
from auditor.reporters import FORMATS
from auditor.suppress import load_waivers

ROOT = Path(__file__).resolve().parents[1]
needs_check_jsonschema = pytest.mark.skipif(
    importlib.util.find_spec("check_jsonschema") is None, reason="check-jsonschema not installed (test extra)"
)


def _validate(builtin: str, path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_check_jsonschema
def test_action_is_a_valid_composite_action() -> None:
    _validate("vendor.github-actions", ROOT / "action.yml")
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "using: composite" in text and "github/codeql-action/upload-sarif" in text
    # inputs reach the script through env, never pasted into shell code
    script = text.split("run: |", 1)[1].split("- name: Upload SARIF", 1)[0]
    assert "${{" not in script


@needs_check_jsonschema
def test_gitlab_example_is_valid() -> None:
    _validate("vendor.gitlab-ci", ROOT / "examples" / "ci" / "gitlab-ci.yml")
    text = (ROOT / "examples" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    for fmt in re.findall(r"--format (\w+)", text):
        assert fmt in FORMATS


def test_pre_commit_hook_covers_every_reader_extension() -> None:
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "auditor" and hook["language"] == "python" and hook["pass_filenames"] is True
    assert hook["entry"].split()[:2] == ["auditor", "check"]
    files = re.compile(hook["files"])
    for ext in EXTENSIONS:
        assert files.search(f"content/article{ext}"), ext
    assert not files.search("content/logo.png")


def test_sample_config_and_waivers_are_valid_against_the_shipped_packs() -> None:
    cfg = load_config(ROOT / "examples" / "ci" / "auditor.toml")
    assert cfg.settings.packs == ["caucasian-knot"] and cfg.settings.waivers == "waivers.yaml"
    packs = pytest.importorskip("auditor.packs")
    if not hasattr(packs, "load_ruleset"):
        pytest.skip("packs not available")
    from auditor.runner import rule_names

    known = set(rule_names(packs.load_ruleset(cfg.settings.packs)))
    for ov in cfg.settings.overrides:
        for rule in [*ov.disable, *ov.severity]:
            assert rule in known, rule
    waivers, problems = load_waivers(ROOT / "examples" / "ci" / "waivers.yaml", date(2026, 6, 1), known)
    assert problems == [] and len(waivers) == 2
    assert [(w.problem, w.expired) for w in waivers] == [(None, False), (None, False)]
