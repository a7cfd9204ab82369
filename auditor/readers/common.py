"""What every reader shares: small span helpers, and (re-exported) decoding, language and fields.

The jobs live in their own modules: ``decoding`` (bytes to text), ``language`` (guess_language),
``attribution`` (author and source lines), ``fields`` (extract_fields, published timestamps).
Readers import from here or from those modules alike.
"""

from __future__ import annotations

from auditor.readers.attribution import AGENCIES, PLACEHOLDERS, clean_name_value, split_names
from auditor.readers.decoding import check_binary, decode
from auditor.readers.fields import date_order, extract_fields, find_published, parse_published
from auditor.readers.language import guess_language
from auditor.readers.textutil import in_markdown_code, squash, strip_span

__all__ = [
    "AGENCIES", "PLACEHOLDERS", "check_binary", "clean_name_value", "date_order", "decode", "extract_fields",
    "find_published", "guess_language", "in_markdown_code", "parse_published", "split_names", "squash", "strip_span",
]  # fmt: skip
