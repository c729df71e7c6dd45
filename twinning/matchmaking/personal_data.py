"""A person's share of the meetings (personal-data registry, core/personal_data.py).

A delegate's profile is theirs and goes with them; a counterpart's profile is its
organisation's, so an erasure unlinks the person and blanks their name and address on it,
and renews the secret link to its agenda that was sent to that address.
"""

from django.db.models import Q
from django.utils.translation import gettext_noop

from twinning.core.personal_data import Erasure
from twinning.core.translation_fields import texts_by_language
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    new_claim_token,
)

MODELS = (
    "matchmaking.Participant",
    "matchmaking.Interpreter",
    "matchmaking.MeetingRequest",
    "matchmaking.ScheduleRun",
)
TEXTS = ("organisation", "description", "offers", "seeks", "brings")


def _participants(user):
    return Participant.objects.filter(
        Q(user=user) | Q(member__user=user) | Q(contact_email__iexact=user.email)
    ).select_related("delegation")


def _interpreting(user):
    return Interpreter.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user, *, actor) -> dict:
    profiles = []
    for p in _participants(user):
        meetings = Meeting.objects.filter(
            Q(participant_a=p) | Q(participant_b=p), status=Meeting.Status.SCHEDULED
        ).select_related("slot", "participant_a", "participant_b", "interpreter")
        profiles.append(
            {
                "delegation": p.delegation.slug,
                "kind": p.kind,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "languages": p.languages,
                "texts": {name: texts_by_language(p, name) for name in TEXTS},
                "requests_made": [
                    {"to": r.target_id, "priority": r.priority, "status": r.status}
                    for r in MeetingRequest.objects.filter(requester=p)
                ],
                "meetings": [
                    {
                        "starts_at": m.slot.starts_at,
                        "table": m.table,
                        "with": str(
                            m.participant_b if m.participant_a_id == p.pk else m.participant_a
                        ),
                        "interpreter": m.interpreter.name if m.interpreter else None,
                        "attendance": m.attendance,
                    }
                    for m in meetings
                ],
                "feedback": list(
                    Feedback.objects.filter(participant=p).values("verdict", "comment")
                ),
            }
        )
    interpreting = [
        {"name": i.name, "email": i.email, "pairs": i.pairs} for i in _interpreting(user)
    ]
    return {"profiles": profiles, "interpreting": interpreting}


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    # A delegate's own profile (and with it their requests and meetings) goes.
    delegates, _detail = Participant.objects.filter(member__user=user).delete()
    erasure.count("matchmaking.Participant", delegates)
    # An organisation's profile stays; the person's link, name and address leave it.
    # The agenda's secret link they were sent stops working too (a new one, never sent).
    theirs = Participant.objects.filter(Q(user=user) | Q(contact_email__iexact=user.email))
    unlinked = 0
    for participant in theirs:
        participant.user, participant.contact_name, participant.contact_email = None, "", ""
        participant.agenda_token = new_claim_token()
        participant.save(update_fields=["user", "contact_name", "contact_email", "agenda_token"])
        unlinked += 1
    erasure.count("matchmaking.Participant", unlinked)
    erasure.keep(
        "matchmaking.Participant",
        ("organisation", "offers", "seeks"),
        gettext_noop("A counterpart's profile is its organisation's, not the person's."),
        unlinked,
    )
    interpreters = _interpreting(user).update(user=None, name="—", email="")
    erasure.count("matchmaking.Interpreter", interpreters)
    asked = MeetingRequest.objects.filter(Q(created_by=user) | Q(answered_by=user)).count()
    erasure.keep(
        "matchmaking.MeetingRequest",
        ("created_by", "answered_by"),
        gettext_noop("Who asked or answered on someone's behalf: the account is anonymised."),
        asked,
    )
    runs = ScheduleRun.objects.filter(requested_by=user).count()
    erasure.keep(
        "matchmaking.ScheduleRun",
        ("requested_by",),
        gettext_noop("Who ran the scheduler: the account is anonymised."),
        runs,
    )
    return erasure
