"""The command registry: every subcommand is one module with a typed request."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.cli import COMMANDS, build_parser, command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_module_has_the_command_shape(name: str) -> None:
    mod = command(name)
    assert name == mod.NAME
    assert mod.HELP and callable(mod.configure) and callable(mod.request) and callable(mod.run)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "a.txt", "--as-of", "2025-01-02", "--field-map", "body=content", "-j", "2"], "CheckRequest"),
        (["baseline", "create", "-o", "b.json"], "BaselineRequest"),
        (["inspect", "a.txt", "--format", "json"], "InspectRequest"),
        (["rules", "explain", "ru-foreign-agent/notice-form"], "RulesRequest"),
        (["report", "r.json", "-f", "md"], "ReportRequest"),
    ],
)
def test_arguments_become_a_typed_request(argv: list[str], expected: str) -> None:
    ns = build_parser().parse_args(argv)
    req = ns._command.request(ns)
    assert dataclasses.is_dataclass(req) and type(req).__name__ == expected
    if expected == "CheckRequest":
        assert req.run.as_of.isoformat() == "2025-01-02"
        assert req.run.field_map == {"body": "content"} and req.run.jobs == 2
    if expected == "BaselineRequest":
        assert req.run.with_baseline is False and req.output == "b.json"


def test_bad_values_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from auditor.cli import main

    assert main(["check", "x", "--as-of", "2025-13-01"]) == 2
    assert "--as-of" in capsys.readouterr().err
    assert main(["check", "x", "--field-map", "body"]) == 2
    assert "OURS=THEIRS" in capsys.readouterr().err
    assert main(["check", "x", "-j", "0"]) == 2
