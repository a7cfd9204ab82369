"""The check-kind registry (one line per kind): each kind's module documents itself, names its kind,
and has its own test file at the mirrored path (auditor/checks/notice/altered.py ->
tests/checks/notice/test_altered.py), so a new kind is one module + one line + one test file."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from auditor.checks import KINDS, get_check_class, kind_doc

TESTS = Path(__file__).resolve().parents[1]


def mirrored_test(module_path: str) -> Path:
    """tests/<package path>/test_<module>.py of an ``auditor.`` module."""
    *package, module = module_path.split(".")[1:]
    return TESTS.joinpath(*package, f"test_{module}.py")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_names_itself_documents_itself_and_has_its_test_file(kind: str) -> None:
    mod = importlib.import_module(KINDS[kind])
    assert get_check_class(kind) is mod.CHECK
    assert getattr(mod.CHECK, "kind", kind) == kind
    assert kind_doc(kind).strip(), f"{kind}: its module has no docstring (`auditor rules explain` prints it)"
    test_file = mirrored_test(KINDS[kind])
    assert test_file.is_file(), f"{kind}: no {test_file.relative_to(TESTS.parent)}"


def test_the_mirrored_path_of_a_module() -> None:
    assert mirrored_test("auditor.checks.notice.altered") == TESTS / "checks" / "notice" / "test_altered.py"
    assert mirrored_test("auditor.checks.field") == TESTS / "checks" / "test_field.py"
