from modeltranslation.translator import TranslationOptions, register

from twinning.backoffice.models import Announcement


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
