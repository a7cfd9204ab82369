"""Registers of designated persons and organisations: the model with provenance, reading and
writing registry files, importers of the official publications, diff, update, and the name index
the mention check matches against (built once per run).

See ``docs/registries.md``.
"""

from auditor.registries.model import KIND_VALUES, STATUSES, Entry, Provenance, Registry, person_variants
from auditor.registries.store import RegistryError, load_registry, registries_info

__all__ = [
    "KIND_VALUES",
    "STATUSES",
    "Entry",
    "Provenance",
    "Registry",
    "RegistryError",
    "load_registry",
    "person_variants",
    "registries_info",
]
