"""Architecture limits of the package, read from the source (AST only: nothing is imported or run).

- no module in auditor/ over 500 lines, no function over 80 lines (generated tables aside);
- imports flow one way: checks/, analysis/ and readers/ never import the runner, the CLI, the
  reporters or the pack loader; the engine imports no reporter and no CLI;
- no ``Any``-typed rule set, reader or run-options parameter (auditor/contracts.py has the types);
- no untyped ``extra`` dict of options on any class.

KNOWN_OVER lists what is still over the size limits, each with the issue that splits it. It only
shrinks: an entry that is no longer over fails the test until it is deleted.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "auditor"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

GENERATED = {
    "place_names.py",  # tools/gen_place_names.py: a table of place names and their forms
}

# path (relative to auditor/) or "path::qualified.function" -> the issue that brings it under
KNOWN_OVER: dict[str, str] = {}

# lower layers never import these (module prefixes)
LOWER_LAYERS = ("checks", "analysis", "readers")
UPPER = ("auditor.runner", "auditor.cli", "auditor.reporters", "auditor.packs", "auditor.engine", "auditor.cache")
ENGINE_MODULES = ("engine.py", "engine_dask.py", "cache.py")
ENGINE_NEVER = ("auditor.reporters", "auditor.cli")

# parameters and attributes that must carry a real type, never Any
TYPED_NAMES = {"ruleset", "rule_set", "reader", "reader_options", "opts", "run_options", "request", "req"}
TYPED_IN_READERS = {"options"}  # a reader's options are ReaderOptions


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if ".venv" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{child.name}"
            yield name, child
            yield from _functions(child, f"{name}.")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")
        else:
            yield from _functions(child, prefix)


def _over() -> dict[str, int]:
    """Every module and function over the limits: key -> its length in lines."""
    out: dict[str, int] = {}
    for path in _modules():
        rel = _rel(path)
        if rel in GENERATED:
            continue
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        if n > MAX_MODULE_LINES:
            out[rel] = n
        for name, fn in _functions(_tree(path)):
            length = (fn.end_lineno or fn.lineno) - fn.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out[f"{rel}::{name}"] = length
    return out


def test_no_module_or_function_over_the_limits() -> None:
    over = _over()
    new = {k: v for k, v in over.items() if k not in KNOWN_OVER}
    assert not new, f"over {MAX_MODULE_LINES} lines per module / {MAX_FUNCTION_LINES} per function: {new}"


def test_known_over_only_shrinks() -> None:
    """A split module or function leaves the list: an entry that is no longer over is stale."""
    over = _over()
    stale = sorted(k for k in KNOWN_OVER if k not in over)
    assert not stale, f"no longer over the limits: delete from KNOWN_OVER: {stale}"


def test_generated_tables_are_generated() -> None:
    for rel in GENERATED:
        head = (PKG / rel).read_text(encoding="utf-8")[:600].lower()
        assert "generated" in head, f"{rel} is exempt as a generated table but does not say so"


def _imports(tree: ast.Module, module: str) -> Iterator[tuple[int, str]]:
    """Every imported module name (lazy imports inside functions included), relative ones resolved."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _module_name(path: Path) -> str:
    parts = ["auditor", *path.relative_to(PKG).with_suffix("").parts]
    return ".".join(parts)


def _hits(names: tuple[str, ...], imported: str) -> bool:
    return any(imported == n or imported.startswith(n + ".") for n in names)


def test_lower_layers_never_import_upwards() -> None:
    bad = []
    for path in _modules():
        rel = _rel(path)
        if rel.split("/", 1)[0] not in LOWER_LAYERS:
            continue
        for line, name in _imports(_tree(path), _module_name(path)):
            if _hits(UPPER, name):
                bad.append(f"{rel}:{line}: imports {name}")
    assert not bad, "\n".join(bad)


def test_engine_imports_no_reporter_and_no_cli() -> None:
    bad = []
    for rel in ENGINE_MODULES:
        path = PKG / rel
        for line, name in _imports(_tree(path), _module_name(path)):
            if _hits(ENGINE_NEVER, name):
                bad.append(f"{rel}:{line}: imports {name}")
    assert not bad, "\n".join(bad)


def _is_any(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.strip() in ("Any", "typing.Any")
    return (isinstance(annotation, ast.Name) and annotation.id == "Any") or (
        isinstance(annotation, ast.Attribute) and annotation.attr == "Any"
    )


def test_no_any_typed_rule_set_reader_or_options() -> None:
    bad = []
    for path in _modules():
        rel = _rel(path)
        names = TYPED_NAMES | (TYPED_IN_READERS if rel.startswith("readers/") else set())
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                args = node.args
                for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                    if a.arg in names and _is_any(a.annotation):
                        bad.append(f"{rel}:{a.lineno}: parameter {a.arg}: Any")
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                name = node.target.id.lstrip("_").removeprefix("worker_")
                if name in names and _is_any(node.annotation):
                    bad.append(f"{rel}:{node.lineno}: {node.target.id}: Any")
    assert not bad, "\n".join(bad)


def test_no_extra_dict_of_options() -> None:
    """Options are typed fields (auditor/config.py Policy, reporters.ReportOptions), never a bag."""
    bad = []
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id in ("extra", "extras", "extra_options")
                ):
                    bad.append(f"{_rel(path)}:{stmt.lineno}: {node.name}.{stmt.target.id}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f(ruleset: Any) -> None: ...", True),
        ("def f(ruleset: 'Any') -> None: ...", True),
        ("def f(ruleset: RuleSetLike) -> None: ...", False),
    ],
)
def test_the_any_probe_tells_types_apart(source: str, expected: bool) -> None:
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert _is_any(fn.args.args[0].annotation) is expected


def test_known_over_names_real_places() -> None:
    for key in KNOWN_OVER:
        rel = key.split("::", 1)[0]
        assert (PKG / rel).is_file(), f"KNOWN_OVER names a missing module: {key}"


# -- the tests mirror the package -------------------------------------------------------------------
TESTS = Path(__file__).resolve().parent
# folders of tests/ that follow something other than one package, and why
CROSS_CUTTING_DIRS = {
    "hardening": "hostile input followed through the whole pipeline (issue 16), by threat",
    "bench": "the scripts of bench/",
}
# top-level test files that test no one top-level module, and why
CROSS_CUTTING_FILES = {
    "test_architecture.py": "the package's limits, and this layout",
    "test_ci_integrations.py": "the CI files at the repository's root (action.yml, pre-commit, GitLab)",
    "test_determinism.py": "the same bytes whatever the engine, jobs, chunking or cache",
}


def test_tests_mirror_the_package() -> None:
    """The test of auditor/<path>/<module>.py is tests/<path>/test_<module>.py (a topic may follow:
    test_html_lines.py): a test folder is a package of auditor/, and a top-level test file names a
    top-level module (test_dates_forms.py: auditor/dates.py), unless listed above with its reason."""
    modules = {p.stem for p in PKG.glob("*.py") if p.stem != "__init__"}
    wrong = []
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = path.relative_to(TESTS)
        folder = rel.parts[:-1]
        if folder:
            if folder[0] not in CROSS_CUTTING_DIRS and not (PKG.joinpath(*folder) / "__init__.py").is_file():
                wrong.append(f"tests/{rel.as_posix()}: auditor/{'/'.join(folder)}/ is no package")
        elif rel.name not in CROSS_CUTTING_FILES:
            stem = rel.stem.removeprefix("test_")
            if not any(stem == m or stem.startswith(m + "_") for m in modules):
                wrong.append(f"tests/{rel.as_posix()}: names no module auditor/<name>.py; move it to tests/<package path>/")
    assert wrong == []
