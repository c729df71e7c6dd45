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


def all_languages(obj, field: str) -> list[str]:
    """The field's non-empty texts in every language."""
    values = (
        getattr(obj, build_localized_fieldname(field, code), "") for code, _ in settings.LANGUAGES
    )
    return [value for value in values if value]
