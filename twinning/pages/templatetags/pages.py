"""Template tags for the information pages: translated Markdown with a visible fallback."""

from django import template
from django.utils.html import format_html

from twinning.core.templatetags.twinning import _fallback_note, translated_value
from twinning.pages.rendering import markdown_to_html

register = template.Library()


@register.simple_tag
def tr_markdown(obj, field: str):
    """A translated Markdown field as safe HTML; a fallback is marked as in ``tr_block``."""
    value, fallback = translated_value(obj, field)
    if not fallback:
        return markdown_to_html(value)
    return format_html(
        '<div lang="{}" class="fallback"><p class="fallback-note">{}</p>{}</div>',
        fallback,
        _fallback_note(fallback),
        markdown_to_html(value),
    )


@register.simple_tag
def tr_text(obj, field: str) -> str:
    """A translated field as plain text, for <title> and attributes."""
    return translated_value(obj, field)[0]
