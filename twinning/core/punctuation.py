"""Label punctuation in the reader's language.

Django's forms end each label with ``gettext(":")`` unless it already ends with one of
``gettext(":?.!")``; Django's own zh-Hans catalogue leaves both ASCII, which gives
"等于几？:" and "时区: ". Marking them here keeps the project's translations of them
("：" and the full-width stops) in its catalogue, where they take precedence.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

# Translators: the form label suffix (Django's); full-width in Chinese.
LABEL_SUFFIX = _(":")
# Translators: a label ending in one of these characters gets no suffix (Django's).
LABEL_ENDINGS = _(":?.!")


def colon() -> str:
    """The separator after a label in running text: ": " in English, "：" in Chinese."""
    suffix = gettext(LABEL_SUFFIX)
    # A full-width colon carries its own spacing.
    return suffix if ord(suffix[-1]) > 0x2000 else f"{suffix} "
