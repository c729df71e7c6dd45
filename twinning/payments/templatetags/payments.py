from django import template
from django.utils import translation

register = template.Library()


@register.simple_tag
def in_language(texts: dict) -> str:
    """The text of a ``{"en": …, "zh-hans": …}`` snapshot in the current language."""
    if not texts:
        return ""
    language = translation.get_language() or ""
    return texts.get(language) or next(iter(texts.values()))
