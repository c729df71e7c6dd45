from modeltranslation.translator import TranslationOptions, register

from twinning.exchanges.models import (
    Attachment,
    Category,
    Exchange,
    Participation,
    Quantity,
    Source,
)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Exchange)
class ExchangeTranslation(TranslationOptions):
    fields = ("title", "summary", "places")


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("role",)


@register(Quantity)
class QuantityTranslation(TranslationOptions):
    fields = ("item",)


@register(Attachment)
class AttachmentTranslation(TranslationOptions):
    fields = ("caption",)


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title",)
