"""Every subcommand builds a typed request from its parsed arguments, reading them as plain
attributes: no ``getattr``/``hasattr``/``vars`` probing of an argparse namespace."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from auditor.cli import build_parser, command

PKG = Path(__file__).resolve().parents[2] / "auditor"
REQUEST_MODULES = sorted([*(PKG / "cli").glob("*.py"), PKG / "registries" / "commands.py"])
PROBES = {"getattr", "hasattr", "vars"}


def _namespace_params(tree: ast.Module) -> set[str]:
    """Names of parameters annotated ``argparse.Namespace``."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for a in node.args.args + node.args.kwonlyargs:
                if a.annotation is not None and ast.unparse(a.annotation) in ("argparse.Namespace", "Namespace"):
                    out.add(a.arg)
    return out


@pytest.mark.parametrize("path", REQUEST_MODULES, ids=lambda p: p.name)
def test_no_probing_of_the_parsed_arguments(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _namespace_params(tree)
    bad = [
        f"{path.name}:{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PROBES
        and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in names
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.md", "--max-pages", "3", "--engine", "dask", "--scheduler", "tcp://h:1", "--select", "x"],
        ["baseline", "create", "-o", "b.json"],
        ["fix", "a.md"],
        ["rules", "list"], ["rules", "show", "x/y"], ["rules", "explain", "x/y", "-v"], ["rules", "validate", "p.yaml"],
        ["rules", "schema"], ["rules", "test"],
        ["registries", "info", "r"], ["registries", "status", "N", "--registry", "r"], ["registries", "diff", "a", "b"],
        ["users", "list"], ["users", "add", "ann", "--token"],
    ],
    ids=" ".join,
)
def test_each_subcommand_builds_its_typed_request(argv: list[str]) -> None:
    ns = build_parser(argv[0]).parse_args(argv)
    req = command(argv[0]).request(ns)
    assert dataclasses.is_dataclass(req) and not isinstance(req, type)
    if argv[0] == "check":
        run = req.run  # type: ignore[attr-defined]
        assert run.limits == {"pages": 3} and (run.engine, run.scheduler) == ("dask", "tcp://h:1")
        assert run.select == ["x"] and run.filter_rules
    if argv[:2] == ["users", "list"]:
        assert (req.name, req.role, req.token) == (None, "reviewer", False)  # type: ignore[attr-defined]
    if argv[:2] == ["rules", "schema"]:
        assert (req.rule_id, req.packs, req.pack, req.verbose) == (None, [], [], False)  # type: ignore[attr-defined]
    if argv[:2] == ["registries", "status"]:
        assert req.registry == ("r",) and req.format == "text"  # type: ignore[attr-defined]
