"""Which edition of a house an article belongs to (settings.editions, chosen by language)."""

from __future__ import annotations

from typing import Any

from auditor.model import Document


def edition_for(settings: dict[str, Any], doc: Document) -> dict[str, Any] | None:
    """The ``settings.editions`` entry for the article's language (metadata ``edition`` naming a
    language wins; then the language of the headline, since an English article may quote Russian
    at length; then the article's language), or None when the house declares no edition for it."""
    editions = settings.get("editions") or []
    if not editions:
        return None
    from auditor.readers.language import guess_language

    title = guess_language(doc.fields.title) if doc.fields.title else None
    lang = str(doc.metadata.get("edition") or title or doc.fields.language or settings.get("language") or "")
    lang = lang.split("-")[0].lower()
    return next((e for e in editions if str(e.get("language", "")).lower() == lang), None)


def date_formats(settings: dict[str, Any], doc: Document) -> list[str]:
    """The house timestamp formats for this article: its edition's, else the settings'."""
    ed = edition_for(settings, doc)
    if ed is not None and ed.get("date_formats"):
        return list(ed["date_formats"])
    return list(settings.get("date_formats") or [])
