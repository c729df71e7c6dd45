"""Template helpers of the visa letter and pages: each follows the active language."""

import segno
from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from twinning.core.templatetags.twinning import translated_value
from twinning.visas.countries import country_name

register = template.Library()


@register.filter
def country(code: str | None) -> str:
    return country_name(code) if code else ""


@register.filter
def translated(obj, field: str) -> str:
    """A translated field's plain text in the active language (or its fallback)."""
    return translated_value(obj, field)[0]


@register.filter
def in_language(texts: dict | None) -> str:
    """A snapshot's text ({"en": ..., "zh-hans": ...}) in the active language, else any."""
    texts = texts or {}
    return texts.get(translation.get_language() or "") or next(
        (text for text in texts.values() if text), ""
    )


@register.simple_tag
def verification_qr(letter) -> str:
    from twinning.visas.services import verification_url

    url = verification_url(letter, translation.get_language())
    # segno writes the SVG itself from a URL the site builds: no user text in the markup.
    svg = segno.make(url, error="m").svg_inline(scale=3, omitsize=True)
    return mark_safe(svg)  # nosec B308 B703


@register.simple_tag
def verification_link(letter) -> str:
    from twinning.visas.services import verification_url

    return verification_url(letter, translation.get_language())
