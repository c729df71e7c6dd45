from modeltranslation.translator import TranslationOptions, register

from twinning.registrations.models import Question, QuestionChoice, RegistrationPolicy


@register(RegistrationPolicy)
class RegistrationPolicyTranslation(TranslationOptions):
    fields = ("fee_covers", "fee_excludes", "terms")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(QuestionChoice)
class QuestionChoiceTranslation(TranslationOptions):
    fields = ("label",)
