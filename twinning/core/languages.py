from django.db import models


class Language(models.TextChoices):
    """The portal's two languages, by their URL prefixes; names are shown in their own script."""

    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"
