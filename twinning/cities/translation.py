from modeltranslation.translator import TranslationOptions, register

from twinning.cities.models import Agreement, City, CityFact, Relationship


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name", "country", "region", "summary")


@register(CityFact)
class CityFactTranslation(TranslationOptions):
    fields = ("text", "source")


@register(Relationship)
class RelationshipTranslation(TranslationOptions):
    fields = ("summary",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "summary")
