"""required_text (kept so existing packs load unchanged): the notice kinds over inline forms.

New packs declare the forms once under ``notices:`` and name one ``notice.*`` kind per rule
(auditor/checks/notice/). A ``required_text`` rule carries its own forms and reports the outcomes
listed in ``report`` (default: all), exactly as the matching ``notice.*`` kinds would: ``missing``,
``altered``, ``name``, ``outdated``, ``misplaced`` (only with ``placement``), ``wrong-language``,
``case``, ``hidden-characters``, ``age-mark``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from auditor.analysis.forms import NoticeSet
from auditor.analysis.notice import NoticeAnalysis
from auditor.analysis.placement import Placement
from auditor.checks.base import CheckOptions, Context, RuleInfo
from auditor.checks.notice.base import REQUIRED_HELP, NoticeCheck, Required
from auditor.model import Document, Finding

Outcome = Literal[
    "missing", "altered", "name", "outdated", "misplaced", "wrong-language", "case", "hidden-characters", "age-mark"
]
# outcome -> the notice kind module that reports it
OUTCOME_KINDS: dict[str, str] = {
    "missing": "missing",
    "altered": "altered",
    "name": "agent_name",
    "outdated": "outdated_form",
    "misplaced": "misplaced",
    "wrong-language": "wrong_language",
    "case": "case",
    "hidden-characters": "hidden_characters",
    "age-mark": "age_mark",
}
ALL_OUTCOMES: list[str] = list(OUTCOME_KINDS)


class Options(CheckOptions, NoticeSet):
    kind: Literal["required_text"]
    placement: Placement | None = Field(default=None, description="Where the notice must stand.")
    report: list[Outcome] = Field(
        default_factory=lambda: list(ALL_OUTCOMES),  # type: ignore[arg-type]
        description="Which outcomes this rule reports (several rules can share one set of forms).",
    )
    required: Required = Field(default="settings", description=REQUIRED_HELP)


class RequiredText(NoticeCheck):
    kind: ClassVar[str] = "required_text"
    Options: ClassVar[type[CheckOptions]] = Options
    options: Options  # type: ignore[assignment]

    def __init__(self, rule: RuleInfo, options: CheckOptions) -> None:
        assert isinstance(options, Options)
        super().__init__(rule, options, notice_set=options)
        self.parts: list[NoticeCheck] = []
        for outcome in dict.fromkeys(options.report):
            if outcome == "misplaced" and options.placement is None:
                continue
            mod = importlib.import_module(f"auditor.checks.notice.{OUTCOME_KINDS[outcome]}")
            cls = mod.CHECK
            given = {"notice": "", "required": options.required, "placement": options.placement}
            opts = cls.Options.model_validate({k: v for k, v in given.items() if k in cls.Options.model_fields})
            self.parts.append(cls(rule, opts, notice_set=options))

    def unverifiable(self, doc: Document) -> bool:
        only_place = set(self.options.report) == {"misplaced"}
        return only_place and self.options.placement is not None and not doc.segments

    def check(self, doc: Document, ctx: Context, an: NoticeAnalysis) -> Iterator[Finding]:
        for part in self.parts:
            yield from part.check(doc, ctx, an)


CHECK = RequiredText
