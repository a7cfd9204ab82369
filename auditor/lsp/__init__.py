"""`auditor lsp`: a language server (pygls) giving the audit's findings as diagnostics and their fixes
as quick fixes, for Markdown, plain text and HTML files; see docs/editors.md."""
