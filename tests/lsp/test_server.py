"""`auditor lsp` through a real client over stdio (pytest-lsp): diagnostics at the right place with
the rule id and its docs link, quick fixes that clear them, workspace settings, a bad file survived."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the lsp extra (pygls)")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp drives the server as an editor would")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DOCS = "https://docs.example.invalid/auditor/rules/"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "auditor.cli", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspace")
    (root / "auditor.toml").write_text('packs = ["caucasian-knot"]\nas-of = 2026-11-28\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "01-seed-notice-after-article.txt", root / "seed.txt")
    shutil.copy(EXAMPLES / "10-page.html", root / "page.html")
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="content")],
            initialization_options={"ruleDocsUrl": DOCS},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, language: str, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=1,
                               text=path.read_text(encoding="utf-8") if text is None else text)))
    await _diagnostics(client, uri)
    return uri


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: types.Position) -> int:  # the test texts are in the BMP: UTF-16 units = characters
        return starts[p.line] + p.character

    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


@pytest.mark.asyncio
async def test_seed_placement_diagnostic_and_its_quick_fix_clears_it(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    path = root / "seed.txt"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    diags = await _diagnostics(client, uri)
    assert [d.code for d in diags] == ["ru-foreign-agent/notice-placement"]  # the workspace's pack and date
    (d,) = diags
    assert d.range.start.line == 21 and d.range.start.character == 0  # line 22 of the file
    assert d.severity == types.DiagnosticSeverity.Error and d.source == "auditor"
    assert d.code_description is not None
    assert d.code_description.href == DOCS + "ru-foreign-agent/notice-placement.md"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    assert actions is not None
    (action,) = [a for a in actions if isinstance(a, types.CodeAction)]
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert action.title.startswith("move the notice directly under the headline")
    assert action.edit is not None and action.edit.changes is not None
    fixed = _apply(text, list(action.edit.changes[uri]))
    assert fixed == (EXAMPLES / "02-compliant.txt").read_text(encoding="utf-8")  # the same edit as `fix`

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert await _diagnostics(client, uri) == []


@pytest.mark.asyncio
async def test_html_lines_are_the_page_source_and_a_bad_file_does_not_stop_the_server(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    bad = root / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\n\n# Headline\n\nText.\n", encoding="utf-8")
    uri = bad.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=bad.read_text(encoding="utf-8"))))
    (d,) = await _diagnostics(client, uri)
    assert d.code == "auditor.read-error" and "front matter" in d.message

    page = root / "page.html"
    html = page.read_text(encoding="utf-8")
    notice = html[html.index('<p class="agent-notice">') : html.index("</p>", html.index('<p class="agent-notice">')) + 4]
    moved = html.replace(notice + "\n", "").replace("</article>", notice.replace(' class="agent-notice"', "") + "\n</article>")
    uri = page.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="html", version=1, text=moved)))
    diags = await _diagnostics(client, uri)
    placement = [d for d in diags if d.code == "ru-foreign-agent/notice-placement"]
    assert placement, [d.code for d in diags]
    line = moved.splitlines()[placement[0].range.start.line]
    assert "НАСТОЯЩИЙ" in line and line.startswith("<p>")  # the line of the page source, not of the text

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=placement[0].range,
        context=types.CodeActionContext(diagnostics=placement, only=[types.CodeActionKind.SourceFixAll])))
    assert actions
    (fix_all,) = actions
    assert isinstance(fix_all, types.CodeAction) and fix_all.edit and fix_all.edit.changes
    fixed = _apply(moved, list(fix_all.edit.changes[uri]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert await _diagnostics(client, uri) == []
