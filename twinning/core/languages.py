from django.conf import settings
from django.utils.translation import get_language_info


def language_choices() -> list[tuple[str, str]]:
    """The portal's languages (``settings.LANGUAGES``), each named in its own script.

    A callable, so model fields follow the settings: a third language needs no code here.
    """
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


# How a document's title names its language, e.g. "Briefing book (EN)"; other languages
# are named by their own name.
SHORT_NAMES = {"en": "EN", "zh-hans": "中文"}


def short_name(code: str) -> str:
    return SHORT_NAMES.get(code) or get_language_info(code)["name_local"]
