"""Helpers for the ci tests: a small stand-in rule set and article builders.

The stand-in keeps the CI tests about CI (suppressions, baseline, cache, formats) and independent
of how the shipped packs word their rules; the end-to-end test also runs the real packs when present.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from auditor.model import Document, Finding
from auditor.readers import ReaderOptions

NOTICE = "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ АГЕНТОМ"
BANNED = re.compile(r"кликбейт\w*", re.IGNORECASE)
CALLS = {"evaluate": 0}  # documents checked in this process (the cache tests count them)


class FakeRuleSet:
    """Two rules: the notice must be present; a banned word must not appear."""

    def __init__(self, specs: list[str] | None = None) -> None:
        self.specs = list(specs or [])
        self.errors: list[Any] = []
        self.reader_options = ReaderOptions()
        self.packs = [{"id": "fake", "version": "1.0", "sha256": hashlib.sha256(b"fake-1").hexdigest()}]
        self.settings: dict[str, Any] = {}
        self.failed_specs: list[str] = []
        self.evaluations = 0

    def registries_info(self) -> list[dict[str, Any]]:
        return []

    def rules_info(self) -> list[dict[str, Any]]:
        return [
            {"id": "fake/notice", "pack": "fake", "title": "Notice present", "severity": "error",
             "aliases": ["fake/old-notice"], "description": "The statutory notice must stand in the article.",
             "references": [{"law": "Federal Law No. 255-FZ", "article": "Art. 9", "url": "https://example.invalid/255"}],
             "fix": "Add the notice."},
            {"id": "fake/banned", "pack": "fake", "title": "Banned word", "severity": "warning",
             "description": "House style forbids the word.", "references": []},
        ]

    def evaluate(self, doc: Document, as_of: date, regex_time: float | None = 0.5,
                 skip: frozenset[str] = frozenset()) -> tuple[list[Finding], list[str]]:
        self.evaluations += 1
        CALLS["evaluate"] += 1
        out: list[Finding] = []
        if NOTICE not in doc.text and "fake/notice" not in skip:
            out.append(Finding("fake/notice", "error", "the foreign-agent notice is missing", "missing",
                               pack="fake", pack_version="1.0", expected=NOTICE))
        for m in BANNED.finditer(doc.text) if "fake/banned" not in skip else ():
            out.append(Finding("fake/banned", "warning", "banned word", "forbidden", pack="fake",
                               pack_version="1.0", span=doc.span(m.start(), m.end()), evidence=m.group(0)))
        return out, []


def load_fake(specs: list[str] | None = None) -> FakeRuleSet:
    return FakeRuleSet(specs)


def article(title: str, body: str, notice: bool = True) -> str:
    parts = [title, "", body]
    if notice:
        parts += ["", NOTICE]
    return "\n".join(parts) + "\n"
