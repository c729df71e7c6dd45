"""Helpers for content kept in every language (one column per language).

Code loops over ``settings.LANGUAGES`` through these instead of naming ``_en`` and
``_zh_hans`` columns, so a third language is a settings, catalogue and migration change.
"""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    """The portal's languages, in the order of ``settings.LANGUAGES``: ["en", "zh-hans"]."""
    return [code for code, _name in settings.LANGUAGES]


def field_names(field: str) -> list[str]:
    """The field's column in each language: "title" → ["title_en", "title_zh_hans"]."""
    return [build_localized_fieldname(field, code) for code in language_codes()]


def localized_values(field: str, texts: dict[str, str] | None) -> dict[str, str]:
    """{"en": "...", "zh-hans": "..."} → {"field_en": "...", "field_zh_hans": "..."}."""
    texts = texts or {}
    return {
        build_localized_fieldname(field, code): texts.get(code, "") for code in language_codes()
    }


def texts_by_language(obj, field: str) -> dict[str, str]:
    """The field's text in each language, "" where there is none: {"en": "...", ...}."""
    return {
        code: getattr(obj, build_localized_fieldname(field, code), "") or ""
        for code in language_codes()
    }


def all_languages(obj, field: str) -> list[str]:
    """The field's non-empty texts in every language."""
    return [value for value in texts_by_language(obj, field).values() if value]


def has_text(obj, field: str) -> bool:
    """Whether the field is filled in at least one language."""
    return bool(all_languages(obj, field))


def copy_languages(source, source_field: str, target, target_field: str) -> None:
    """Copy a field in every language, e.g. an outcome's description to a record's summary."""
    for code in language_codes():
        setattr(
            target,
            build_localized_fieldname(target_field, code),
            getattr(source, build_localized_fieldname(source_field, code)),
        )
