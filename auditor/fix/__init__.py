"""Repairs: fix builders (edits on findings) and appliers per format; `auditor fix` and `auditor lsp`.

``builders`` computes edits in Document.text offsets; ``apply`` turns them into new file bytes for
text/Markdown, HTML and DOCX (PDF and CMS exports are never edited in place); ``run`` drives the
read -> audit -> apply -> re-audit loop and writes atomically.
"""
