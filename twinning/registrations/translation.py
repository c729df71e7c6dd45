from modeltranslation.translator import TranslationOptions, register

from twinning.registrations.models import RegistrationPolicy


@register(RegistrationPolicy)
class RegistrationPolicyTranslation(TranslationOptions):
    fields = ("fee_covers", "fee_excludes", "terms")
