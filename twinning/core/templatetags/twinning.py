"""Template tags shared by every app."""

from babel.numbers import format_currency, format_decimal
from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, to_locale
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from twinning.core import punctuation, timezones
from twinning.core.translation_fields import has_text

register = template.Library()


def _fallback_order(language: str) -> list[str]:
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [language, *fallbacks.get(language, fallbacks["default"])]
    order += [code for code, _name in settings.LANGUAGES if code not in order]
    return list(dict.fromkeys(order))


def translated_value(obj, field: str, language: str | None = None) -> tuple[str, str | None]:
    """The field's text in ``language``, else in the first fallback that has it.

    Returns (text, language of the text if it is a fallback, else None).
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    for i, code in enumerate(_fallback_order(language)):
        value = getattr(obj, build_localized_fieldname(field, code), "") or ""
        if value:
            return value, (code if i else None)
    return "", None


def _fallback_note(code: str) -> str:
    name = get_language_info(code)["name_translated"]
    return _("Not yet translated: shown in %(language)s") % {"language": name}


@register.simple_tag
def tr(obj, field: str):
    """A translated field inline; a fallback is marked with its language and a note."""
    value, fallback = translated_value(obj, field)
    if not fallback:
        return value
    return format_html(
        '<span lang="{}" class="fallback">{}</span>'
        '<span class="fallback-note" title="{}">{}</span>',
        fallback,
        value,
        _fallback_note(fallback),
        get_language_info(fallback)["name_local"],
    )


@register.simple_tag
def tr_block(obj, field: str):
    """A translated multi-paragraph field; a fallback is marked as in ``tr``."""
    value, fallback = translated_value(obj, field)
    if not fallback:
        return linebreaks_filter(value, autoescape=True)
    return format_html(
        '<div lang="{}" class="fallback"><p class="fallback-note">{}</p>{}</div>',
        fallback,
        _fallback_note(fallback),
        linebreaks_filter(value, autoescape=True),
    )


@register.filter
def filled(obj, field: str) -> bool:
    """Whether a translated field has a text in any language: ``{% if fact|filled:"source" %}``."""
    return has_text(obj, field)


@register.filter
def money_display(money) -> str:
    """An amount with its currency, written the way the reader's language writes it."""
    if money is None:
        return ""
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    whole = money.amount == money.amount.to_integral_value()
    pattern = "¤#,##0" if whole else "¤#,##0.00"
    return format_currency(
        money.amount, str(money.currency), format=pattern, locale=locale, currency_digits=False
    )


@register.filter
def rate_display(rate) -> str:
    """An exchange rate with four decimals at least (up to six), in the reader's locale."""
    if rate is None:
        return ""
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_decimal(rate, format="#,##0.0000##", locale=locale)


@register.simple_tag
def base_url() -> str:
    """The site's configured address (TWINNING_BASE_URL), never the request's Host."""
    return settings.TWINNING_BASE_URL


@register.simple_tag
def configured_site_name() -> str:
    """TWINNING_SITE_NAME, for e-mails whose context would name the request's Host instead."""
    return settings.TWINNING_SITE_NAME


@register.simple_tag
def colon() -> str:
    """The separator after a label: ": " in English, "：" in Chinese."""
    return punctuation.colon()


@register.filter
def zone_label(zone: str) -> str:
    """A tz id as the reader names it ("Pacific Time (Los Angeles)")."""
    return timezones.zone_label(zone) if zone and timezones.is_known(zone) else zone
