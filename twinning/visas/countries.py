"""ISO 3166 countries named in the reader's language (Babel's CLDR data, no new dependency)."""

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Two-letter CLDR territories that issue no passports (groupings, unknown, pseudo-locales).
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _locale(language: str | None) -> Locale:
    language = (language or translation.get_language() or "en").replace("-", "_")
    return Locale.parse("zh_Hans" if language.lower().startswith("zh") else language)


def country_names(language: str | None = None) -> dict[str, str]:
    territories = _locale(language).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    return sorted(country_names(language).items(), key=lambda item: item[1])


def country_name(code: str, language: str | None = None) -> str:
    return country_names(language).get(code, code)


def validate_country(code: str) -> None:
    if code not in country_names("en"):
        raise ValidationError(_("Choose a country from the list."), code="country")
