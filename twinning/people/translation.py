from modeltranslation.translator import TranslationOptions, register

from twinning.people.models import Appointment, Organisation, Person


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Appointment)
class AppointmentTranslation(TranslationOptions):
    fields = ("office",)
