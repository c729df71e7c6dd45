from modeltranslation.translator import TranslationOptions, register

from twinning.matchmaking.models import Participant, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name", "keywords")


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("organisation", "description", "offers", "seeks", "brings")
