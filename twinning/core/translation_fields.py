"""Helpers for content kept in both languages (one column per language)."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def localized_values(field: str, texts: dict[str, str] | None) -> dict[str, str]:
    """{"en": "...", "zh-hans": "..."} → {"field_en": "...", "field_zh_hans": "..."}."""
    texts = texts or {}
    return {
        build_localized_fieldname(field, code): texts.get(code, "")
        for code, _name in settings.LANGUAGES
    }
