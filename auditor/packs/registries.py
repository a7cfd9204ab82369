"""Moved to ``auditor.registries`` (kept so existing imports work)."""

from auditor.registries.store import *  # noqa: F403
from auditor.registries.store import (  # noqa: F401
    CsvSource,
    RegistryFile,
    check_specs,
    matching,
    read_csv,
    registries_info,
    resolve_registry,
    shipped_registries,
)
