"""A participant's or an interpreter's agenda as a PDF (printed like the delegations' PDFs)."""

from django.utils import translation

from twinning.delegations.pdf import document_languages, render_document
from twinning.matchmaking import selectors
from twinning.matchmaking.models import Interpreter, MatchmakingPolicy, Participant

TEMPLATE = "matchmaking/agenda/pdf/agenda.html"


def _status(delegation) -> str:
    policy = selectors.agenda_policy(delegation)
    return policy.agenda_status if policy else MatchmakingPolicy.AgendaStatus.DRAFT


def participant_agenda_pdf(*, participant: Participant, language: str) -> bytes:
    with translation.override(document_languages(language)[0]):
        entries = selectors.participant_agenda(participant=participant)
    context = {
        "delegation": participant.delegation,
        "whose": participant,
        "entries": entries,
        "status": _status(participant.delegation),
        "interpreting": False,
    }
    return render_document(TEMPLATE, context, language=language)


def interpreter_agenda_pdf(*, interpreter: Interpreter, language: str) -> bytes:
    with translation.override(document_languages(language)[0]):
        entries = selectors.interpreter_agenda(interpreter=interpreter)
    context = {
        "delegation": interpreter.delegation,
        "whose": interpreter,
        "entries": entries,
        "status": _status(interpreter.delegation),
        "interpreting": True,
    }
    return render_document(TEMPLATE, context, language=language)
