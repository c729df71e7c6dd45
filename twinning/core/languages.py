from django.db import models
from django.utils.translation import get_language_info


class Language(models.TextChoices):
    """The portal's two languages, by their URL prefixes; names are shown in their own script."""

    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"


# How a document's title names its language, e.g. "Briefing book (EN)".
SHORT_NAMES = {"en": "EN", "zh-hans": "中文"}


def short_name(code: str) -> str:
    return SHORT_NAMES.get(code) or get_language_info(code)["name_local"]
