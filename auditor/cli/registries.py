"""`auditor registries import|diff|update|status|info`: registers of designated entities
(the work is in auditor/registries/commands.py)."""

from __future__ import annotations

from auditor.registries.commands import RegistriesRequest, configure, request, run

NAME = "registries"
HELP = "import, compare, update and query registers of designated persons and organisations"

__all__ = ["HELP", "NAME", "RegistriesRequest", "configure", "request", "run"]
