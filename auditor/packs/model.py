"""Pydantic models of the rule-pack format: the source of ``rules/schema.json``.

The ``check`` of a rule is a discriminated union (on ``kind``) of the ``Options`` models of the
check kinds registered in ``auditor.checks.KINDS``, so a new kind adds itself to the format.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from auditor.analysis.forms import NoticeSet
from auditor.checks import KINDS
from auditor.checks.base import check_zone

ID_RE = r"^[a-z0-9][a-z0-9._-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")


class Reference(_Strict):
    id: str | None = Field(default=None, description="Key by which rules of this pack cite the reference.")
    law: str | None = Field(default=None, description="The instrument, e.g. 'Federal Law No. 255-FZ'.")
    article: str | None = Field(default=None, description="Article / part / paragraph.")
    url: str | None = None
    title: str | None = None
    confidence: str | None = Field(default=None, description="CONFIRMED, SECONDARY, INFERENCE, UNCONFIRMED.")
    binding: (
        Literal["statute", "regulation", "court", "regulator-guidance", "industry-guidance", "house-style"] | None
    ) = Field(
        default=None,
        description="How binding the instrument is (auditor/basis.py): statute, regulation, court, regulator-guidance, "
        "industry-guidance or house-style. Reports lead with findings resting on statute, regulation or a court; a "
        "rule without a severity gets error for those, warning otherwise.",
    )
    in_force_from: date | None = Field(default=None, description="First day the instrument is in force.")
    in_force_to: date | None = Field(
        default=None, description="Last day the instrument is in force; findings after it do not cite it."
    )


class Publisher(_Strict):
    names: list[str] = Field(default_factory=list, description="Names the publisher appears under.")
    domains: list[str] = Field(default_factory=list, description="Hosts of its sites (subdomains included).")
    jurisdiction: str | None = Field(
        default=None, description="Country whose media law binds the publisher (ISO 3166 code, e.g. RU)."
    )


class Agent(_Strict):
    name: str = Field(description="The name as in the register, e.g. 'ООО «МЕМО»'.")
    aliases: list[str] = Field(default_factory=list, description="Other accepted spellings of the name.")
    forms: dict[str, str] = Field(
        default_factory=dict,
        description="Declined forms by slot group (agent_instr, agent_gen) for names that decline.",
    )
    listed_from: date | None = Field(default=None, description="First day in the register.")
    listed_to: date | None = Field(default=None, description="Last day in the register (none: still listed).")


class Edition(_Strict):
    """One edition of a house (its language version): how it writes dates, what it credits."""

    language: str = Field(description="ISO 639-1 language of the edition's articles, e.g. ru.")
    date_formats: list[str] | None = Field(
        default=None, description="The edition's house timestamp formats (else settings.date_formats)."
    )
    source_required: bool | None = Field(
        default=None, description="Whether this edition's articles must carry a Source line (false: attribution/source "
        "does not apply to them).",
    )


class Settings(_Strict):
    """House profile: how to read articles (reader options) and facts the checks use."""

    date_formats: list[str] | None = Field(
        default=None, description='House date formats: strftime patterns or "iso8601" / "rfc3339".'
    )
    timezone: str | None = Field(default=None, description="IANA zone of visible dates without a zone.")
    html_selectors: dict[str, str] | None = Field(
        default=None, description="CSS selectors: headline, body, author, source, date, chrome."
    )
    field_map: dict[str, str] | None = Field(
        default=None, description="CMS export field renames: ours -> theirs."
    )
    language: str | None = Field(default=None, description="Fallback language of the articles (ISO 639-1).")
    notice_markers: list[str] | None = Field(
        default=None, description="Phrases that make a block notice-like (matched after normalisation)."
    )
    notice_class: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$",
        description="Class of the notice element `auditor fix` puts into HTML pages (default agent-notice); "
        "the house CSS sets it at twice the body size.",
    )
    publisher: Publisher | None = None
    agent: Agent | None = Field(default=None, description="The designated entity the house notice names.")
    registries: list[str] | None = Field(
        default=None,
        description="Registries of designated persons and organisations (shipped ids or paths relative to the "
        "pack), read by the mention check; see docs/registries.md.",
    )
    notice_required: (
        Literal["always", "publisher", "metadata", "never"] | list[Literal["publisher", "metadata"]] | None
    ) = Field(
        default=None,
        description="When a missing notice is a finding: on every article, on the publisher's articles, when "
        "the article's metadata says so (notice_metadata_key), or never (notices are validated where present); "
        "a list such as [publisher, metadata] means either.",
    )
    notice_metadata_key: str | None = Field(
        default=None,
        description="Metadata key that marks an article as needing the notice (default foreign_agent).",
    )
    editions: list[Edition] | None = Field(
        default=None,
        description="Editions of the house by language: each may write timestamps its own way and say whether a "
        "Source line is required. An article takes the edition of its language, else the settings above.",
    )

    _check_tz = field_validator("timezone")(classmethod(lambda cls, v: check_zone(v)))


class When(_Strict):
    language: list[str] | None = Field(default=None, description="Only for articles in these languages.")
    metadata: dict[str, Any] | None = Field(
        default=None,
        description="Only when article metadata has these values (a list value means any of them).",
    )
    publisher: bool | None = Field(default=None, description="true: only the publisher's own articles.")
    effective_from: date | None = Field(default=None, description="Rule applies from this as-of date.")
    effective_to: date | None = Field(default=None, description="Rule applies up to this as-of date.")
    metadata_present: list[str] | None = Field(
        default=None,
        description="Only when article metadata has each of these keys with a non-empty value.",
    )
    any: list[When] | None = Field(
        default=None, description="Only when at least one of these conditions holds (each like `when`)."
    )
    unless: When | None = Field(
        default=None, description="Skipped when this condition holds (all of its parts, like `when`)."
    )

    @field_validator("language", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


def _with_kind(kind: str, options: type[BaseModel]) -> type[BaseModel]:
    """A kind's Options under a unique schema name, tagged ``kind: Literal[<kind>]`` (added if missing).
    The class is also set on its module under that name, so compiled packs pickle (auditor/packcache.py)."""
    title = "".join(p.capitalize() for p in kind.replace(".", "_").split("_")) + "Options"
    if "kind" in options.model_fields:
        model = create_model(title, __base__=options, __module__=options.__module__)
    else:
        model = create_model(  # type: ignore[call-overload]
            title, __base__=options, __module__=options.__module__, kind=(Literal[kind], ...)
        )
    module = importlib.import_module(options.__module__)
    if not hasattr(module, title):
        setattr(module, title, model)
    _BASE_OF[model] = options
    return model  # type: ignore[no-any-return]


_BASE_OF: dict[type, type[BaseModel]] = {}  # a kind's tagged options model -> the check's own Options


def base_options(obj: object) -> type[BaseModel] | None:
    """The check's own Options class when ``obj`` is an instance of a kind's tagged model, else None
    (auditor/packcache.py pickles such instances as the plain Options, which need no model built)."""
    return _BASE_OF.get(type(obj))


_OPTION_MODELS: dict[str, type[BaseModel]] = {}


def option_models() -> dict[str, type[BaseModel]]:
    """kind -> its options model, for every registered check kind (built once per process)."""
    if not _OPTION_MODELS:
        _OPTION_MODELS.update({k: _with_kind(k, importlib.import_module(mod).CHECK.Options) for k, mod in KINDS.items()})
    return dict(_OPTION_MODELS)


def check_union() -> Any:
    """The discriminated union of every registered check kind's options (one per KINDS entry)."""
    return Annotated[Union[tuple(option_models().values())], Field(discriminator="kind")]  # noqa: UP007


CheckSpec: Any  # declared, not bound: defined by ensure_built()


def ensure_built() -> None:
    """Define ``CheckSpec`` (the union of every kind's options) before the first validation of a
    pack or its schema. Built on demand: creating the ~20 tagged option models took ~100 ms of every
    start-up, and a run whose packs come from the compiled-pack cache never validates a pack."""
    if "CheckSpec" not in globals():
        globals()["CheckSpec"] = check_union()


class FixSpec(_Strict):
    """What a rule can repair: the hint shown with each finding, and whether the check's edits apply."""

    text: str = Field(description="How to fix a finding (shown with each finding).")
    auto: Literal["safe", "needs-review", "off"] = Field(
        default="safe",
        description="The check's own edits: `safe` (applied by `auditor fix`), `needs-review` (applied only "
        "with --unsafe, offered as editor quick fixes), `off` (a hint only). A check may lower a safe fix to "
        "needs-review (e.g. no agent name to fill in), never raise it.",
    )


class Rule(_Strict):
    id: str = Field(pattern=ID_RE, description="Local id; the full id is '<pack id>/<id>'.")
    aliases: list[str] = Field(default_factory=list, description="Old ids that still find this rule.")
    title: str
    description: str | None = None
    severity: Literal["error", "warning", "info"] | None = Field(
        default=None,
        description="Default: from the strongest binding of the rule's references (error for statute, regulation "
        "and court, warning for guidance and house style; a reference below CONFIRMED never makes an error; error "
        "when no reference states a binding).",
    )
    enabled: bool = True
    check: CheckSpec = Field(description="The check: `kind` plus that kind's options.")  # type: ignore[valid-type]  # noqa: F821 (ensure_built)
    scope: list[str] = Field(
        default_factory=list, description='Segment kinds, "text", or "metadata.<key>" the check looks at.'
    )
    when: When | None = None
    message: str | None = Field(
        default=None,
        description="Message template; {message} is the check's own message, also {evidence}, {expected}.",
    )
    references: list[str | Reference] = Field(
        default_factory=list, description="References: an id of the pack's references, or a full reference."
    )
    fix: str | FixSpec | None = Field(
        default=None,
        description="How to fix a finding: a hint (text), or {text, auto} when the check's edits repair it.",
    )

    @field_validator("scope", mode="before")
    @classmethod
    def _scope_list(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class Override(_Strict):
    severity: Literal["error", "warning", "info"] | None = None
    enabled: bool | None = None
    options: dict[str, Any] | None = Field(default=None, description="Check options to replace (not `kind`).")
    message: str | None = None
    fix: str | FixSpec | None = None


def _as_str(v: Any) -> Any:
    return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class Pack(_Strict):
    id: str = Field(pattern=ID_RE)
    title: str
    version: str = Field(description='Version of the pack (quote it: "1.0").')
    jurisdiction: str | None = Field(default=None, description="e.g. RU, EU, house.")
    description: str | None = None
    references: list[Reference] = Field(default_factory=list)
    extends: list[str] = Field(default_factory=list, description="Pack ids or paths (relative to this file).")
    settings: Settings = Field(default_factory=Settings)
    notices: dict[str, NoticeSet] = Field(
        default_factory=dict,
        description="Statutory notices by id (accepted forms, name slots, translations); `notice.*` rules name one.",
    )
    rules: list[Rule] = Field(default_factory=list)
    overrides: dict[str, Override] = Field(
        default_factory=dict, description="Full rule id (or alias) of an extended pack -> changes."
    )

    _version_str = field_validator("version", mode="before")(classmethod(lambda cls, v: _as_str(v)))


def pack_schema() -> dict[str, Any]:
    """JSON Schema of the pack format (committed as rules/schema.json)."""
    ensure_built()
    schema = Pack.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://auditor.invalid/schemas/rule-pack.schema.json"
    return schema
