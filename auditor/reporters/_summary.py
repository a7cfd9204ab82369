"""Moved to ``auditor.reporters.toolkit`` (one reporter toolkit). This name stays only so branches
in flight that still import ``auditor.reporters._summary`` keep working; import the toolkit."""

from __future__ import annotations

from auditor.reporters.toolkit import *  # noqa: F403
from auditor.reporters.toolkit import __all__ as __all__  # noqa: PLE0605
from auditor.reporters.toolkit.text import diff_parts as _diff_parts  # noqa: F401
