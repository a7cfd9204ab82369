"""The language server: diagnostics on open/change/save, quick fixes from the findings' fixes.

Settings come from the workspace's auditor.toml / [tool.auditor] in pyproject.toml (found from the
workspace root, like the command line does), with ``initializationOptions`` (``rules``, ``asOf``,
``ruleDocsUrl``) on top. Edits are debounced; each file is audited from the editor's text, never
from disk. One file that cannot be read or checked gets one diagnostic saying so; the server goes
on. Only this module talks LSP: it reads, audits and fixes through the library.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from auditor import __version__
from auditor.contracts import RuleSetLike

if TYPE_CHECKING:
    from auditor.engine import RunOptions

DEBOUNCE = 0.3  # seconds after the last change before a document is audited again
LANGUAGES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text", ".html": "html",
             ".htm": "html", ".xhtml": "html"}
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
CONFIG_NAMES = ("auditor.toml", "pyproject.toml")
ENV_DOCS_URL = "AUDITOR_RULE_DOCS_URL"
log = logging.getLogger("auditor.lsp")


@dataclass(slots=True)
class Profile:
    """What a check run needs, from the workspace config: packs, audit date, run options."""

    ruleset: RuleSetLike
    opts: RunOptions
    docs_url: str | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Action:
    diagnostic: lsp.Diagnostic
    title: str
    edits: list[lsp.TextEdit]
    safe: bool


class AuditorServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("auditor", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.root: Path | None = None
        self.options: dict[str, Any] = {}
        self.profile: Profile | None = None
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.actions: dict[str, list[Action]] = {}
        self.lock = asyncio.Lock()

    # -- settings ---------------------------------------------------------------------------------
    def load_profile(self) -> Profile:
        from auditor.config import find_config
        from auditor.packs import load_ruleset
        from auditor.runner import RunRequest, prepare

        errors: list[str] = []
        root = self.root or Path.cwd()
        cfg_path = find_config(root)
        rules = self.options.get("rules")
        as_of = self.options.get("asOf")

        def load(specs: list[str]) -> Any:
            rs = load_ruleset(specs)
            errors.extend(str(e) for e in rs.errors)
            return rs

        req = RunRequest(
            paths=[os.devnull],  # sources come from the editor, one at a time
            rule_specs=[rules] if isinstance(rules, str) else list(rules or []),
            as_of=date.fromisoformat(as_of) if as_of else None,
            jobs=1,
            config=cfg_path,
            use_cache=False,
            with_baseline=False,
        )
        try:
            run = prepare(req, load)
        except Exception as exc:  # a broken config: say so, audit with the defaults
            errors.append(f"{cfg_path}: {exc}" if cfg_path else str(exc))
            run = prepare(RunRequest(paths=[os.devnull], jobs=1, use_cache=False, with_baseline=False,
                                     config=None, rule_specs=req.rule_specs), load)
        docs = self.options.get("ruleDocsUrl") or os.environ.get(ENV_DOCS_URL)
        for e in errors:
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"auditor: {e}"))
        return Profile(run.ruleset, run.opts, docs, errors)

    # -- auditing one document --------------------------------------------------------------------
    def audit(self, uri: str, text: str) -> tuple[list[lsp.Diagnostic], list[Action]]:
        """Diagnostics and quick fixes of one document's text (never raises)."""
        path = to_fs_path(uri) or uri
        try:
            return self._audit(uri, path, text)
        except Exception as exc:  # one bad file never stops the server
            log.exception("auditing %s failed", path)
            msg = f"auditor could not check this file: {type(exc).__name__}: {exc}".splitlines()[0]
            return [lsp.Diagnostic(_range(text, 0, 0), msg, severity=lsp.DiagnosticSeverity.Error,
                                   source="auditor", code="auditor.read-error")], []

    def _audit(self, uri: str, path: str, text: str) -> tuple[list[lsp.Diagnostic], list[Action]]:
        from auditor.engine import check_document
        from auditor.fix.apply import CannotApply, source_edits
        from auditor.readers import ReadError, read_bytes
        from auditor.suppress import Suppressor

        if self.profile is None:
            self.profile = self.load_profile()
        prof = self.profile
        fmt = LANGUAGES.get(Path(path).suffix.lower())
        if fmt is None:
            return [], []
        try:
            docs = read_bytes(text.encode("utf-8"), path, prof.ruleset.reader_options)
        except ReadError as exc:
            return [lsp.Diagnostic(_range(text, 0, 0), str(exc), severity=lsp.DiagnosticSeverity.Error,
                                   source="auditor", code="auditor.read-error")], []
        diags: list[lsp.Diagnostic] = []
        actions: list[Action] = []
        settings = dict(prof.ruleset.settings or {})
        apply = Suppressor(prof.opts.policy, fail_rank=prof.opts.fail_rank)  # overrides and inline directives
        for doc in docs:
            res = apply.apply(check_document(doc, prof.ruleset, prof.opts))
            for f in res.findings:
                if f.suppressed or f.baselined:
                    continue
                s, e = _source_span(doc, f.span.start, f.span.end) if f.span else (0, 0)
                d = lsp.Diagnostic(
                    range=self._client_range(uri, text, s, e),
                    message=f.message + (f"\nexpected: {f.expected}" if f.expected else ""),
                    severity=SEVERITY.get(f.severity, lsp.DiagnosticSeverity.Warning),
                    code=f.rule_id,
                    code_description=self._docs(f.rule_id),
                    source="auditor",
                )
                diags.append(d)
                if f.autofix is None:
                    continue
                try:
                    edits = source_edits(doc, text, [f.autofix], settings)
                except (CannotApply, Exception):  # noqa: BLE001 - a fix we cannot place is only not offered
                    continue
                actions.append(Action(d, f"{f.autofix.description} ({f.rule_id})",
                                      [lsp.TextEdit(self._client_range(uri, text, a, b), new) for a, b, new in edits],
                                      f.autofix.safety == "safe"))
        return diags, actions

    def _docs(self, rule_id: str) -> lsp.CodeDescription | None:
        base = self.profile.docs_url if self.profile else None
        if "/" not in rule_id:
            return None
        pack, _, local = rule_id.partition("/")
        if base:
            return lsp.CodeDescription(href=f"{base.rstrip('/')}/{pack}/{local}.md")
        page = Path(__file__).resolve().parents[2] / "docs" / "rules" / pack / f"{local}.md"
        return lsp.CodeDescription(href=from_fs_path(str(page)) or page.as_uri()) if page.is_file() else None

    def _client_range(self, uri: str, text: str, start: int, end: int) -> lsp.Range:
        rng = _range(text, start, end)
        try:
            doc = self.workspace.get_text_document(uri)
            if doc.source == text:
                return doc.position_codec.range_to_client_units(doc.lines, rng)
        except Exception:  # noqa: BLE001 - fall back to code points
            pass
        return rng

    # -- scheduling -------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay))

    async def _later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            doc = self.workspace.get_text_document(uri)
            text, version = doc.source, doc.version
            async with self.lock:
                diags, actions = await asyncio.to_thread(self.audit, uri, text)
            current = self.workspace.get_text_document(uri)
            if current.version != version:  # changed meanwhile: a newer audit is on its way
                return
            self.actions[uri] = actions
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
            )
        except asyncio.CancelledError:
            pass
        except Exception:  # noqa: BLE001 - never let one document stop the server
            log.exception("diagnostics for %s failed", uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                self.pending.pop(uri, None)

    def relint_all(self) -> None:
        self.profile = None
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)


server = AuditorServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: AuditorServer, params: lsp.InitializeParams) -> None:
    folder = None
    if params.workspace_folders:
        folder = params.workspace_folders[0].uri
    elif params.root_uri:
        folder = params.root_uri
    if folder:
        path = to_fs_path(folder)
        ls.root = Path(path) if path else None
    if isinstance(params.initialization_options, dict):
        ls.options = dict(params.initialization_options)
    if ls.root is not None and ls.root.is_dir():
        os.chdir(ls.root)  # relative paths in the config mean what they mean on the command line


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: AuditorServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: AuditorServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
async def did_save(ls: AuditorServer, params: lsp.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(to_fs_path(uri) or "").name in CONFIG_NAMES:
        ls.relint_all()
        return
    ls.schedule(uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: AuditorServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.actions.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: AuditorServer, params: lsp.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and isinstance(settings.get("auditor"), dict):
        ls.options.update(settings["auditor"])
    ls.relint_all()


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched(ls: AuditorServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    if any(Path(to_fs_path(c.uri) or "").name in CONFIG_NAMES for c in params.changes):
        ls.relint_all()


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]),
)
def code_action(ls: AuditorServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    want = params.context.only
    out: list[lsp.CodeAction] = []
    actions = ls.actions.get(uri, [])
    if not want or any(k.startswith(lsp.CodeActionKind.QuickFix) for k in want):
        for a in actions:
            if not _overlaps(a.diagnostic.range, params.range):
                continue
            out.append(lsp.CodeAction(
                title=a.title + ("" if a.safe else " [needs review]"),
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[a.diagnostic],
                is_preferred=a.safe,
                edit=lsp.WorkspaceEdit(changes={uri: a.edits}),
            ))
    if want and any(k.startswith(lsp.CodeActionKind.SourceFixAll) for k in want):
        edits: list[lsp.TextEdit] = []
        for a in actions:  # the safe fixes that do not overlap (the rest after the next audit)
            if a.safe and all(not _overlaps(e.range, x.range) for e in a.edits for x in edits):
                edits += a.edits
        if edits:
            out.append(lsp.CodeAction(title="auditor: apply all safe fixes", kind=lsp.CodeActionKind.SourceFixAll,
                                      edit=lsp.WorkspaceEdit(changes={uri: edits})))
    return out


# -- positions -------------------------------------------------------------------------------------
def _source_span(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Offsets in the file text (HTML: through the source map) of text[start:end]."""
    sm = doc.source_map
    if sm is None:
        return start, end
    s = sm.source_offset(start)
    return s, (sm.source_offset(end - 1) + 1 if end > start else s)


def _position(text: str, offset: int) -> lsp.Position:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    return lsp.Position(line=line, character=col)


def _range(text: str, start: int, end: int) -> lsp.Range:
    return lsp.Range(start=_position(text, start), end=_position(text, max(start, end)))


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    """The ranges share a position (touching counts: a cursor on a diagnostic's edge, two insertions)."""

    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="auditor-lsp: %(message)s")  # standard error
    server.start_io()
    return 0
