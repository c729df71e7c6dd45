from modeltranslation.translator import TranslationOptions, register

from twinning.delegations.models import (
    Aim,
    Contact,
    Delegation,
    Document,
    Fee,
    Outcome,
    Session,
    Venue,
)


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Delegation)
class DelegationTranslation(TranslationOptions):
    fields = ("title", "description", "organiser")


@register(Aim)
class AimTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Fee)
class FeeTranslation(TranslationOptions):
    fields = ("label",)


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("role",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "speakers")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("title", "description")
