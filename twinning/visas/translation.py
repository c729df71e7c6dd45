from modeltranslation.translator import TranslationOptions, register

from twinning.visas.models import HostOrganisation


@register(HostOrganisation)
class HostOrganisationTranslation(TranslationOptions):
    fields = ("name", "address")
