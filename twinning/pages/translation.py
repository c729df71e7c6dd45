from modeltranslation.translator import TranslationOptions, register

from twinning.pages.models import PageVersion


@register(PageVersion)
class PageVersionTranslation(TranslationOptions):
    fields = ("title", "body")
