"""The reader registry (one line per reader) agrees with what each reader module says of itself."""

from __future__ import annotations

import importlib

import pytest

from auditor.readers import EXTENSIONS, READERS, reader_for


@pytest.mark.parametrize("name", sorted(READERS))
def test_each_reader_describes_itself_as_its_registry_line(name: str) -> None:
    module_path, extensions = READERS[name]
    mod = importlib.import_module(module_path)
    assert name == mod.NAME
    assert tuple(mod.EXTENSIONS) == extensions
    assert callable(mod.read)


def test_every_extension_has_one_reader_and_is_found_by_name() -> None:
    listed = [ext for _module, exts in READERS.values() for ext in exts]
    assert len(listed) == len(set(listed)) == len(EXTENSIONS)
    for ext, name in EXTENSIONS.items():
        assert reader_for(f"news/article{ext.upper()}", b"") == name
