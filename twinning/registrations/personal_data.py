"""A registrant's registrations, answers and waiting-list places (personal-data registry)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from twinning.core.personal_data import Erasure
from twinning.core.templatetags.twinning import translated_value
from twinning.registrations.models import Answer, Registration, WaitingListEntry

# The free text a registrant typed: blanked on erasure.
TYPED = (
    "accompanying_person",
    "company",
    "job_title",
    "sector",
    "goals",
    "dietary_needs",
    "room_sharing",
    "emergency_contact",
)


def export(user, *, actor) -> dict:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("delegation")
        .prefetch_related("answers__question")
        .order_by("created_at", "pk")
    )
    entries = (
        WaitingListEntry.objects.filter(user=user)
        .select_related("delegation")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "delegation": registration.delegation.slug,
                "delegation_title": translated_value(registration.delegation, "title")[0],
                "status": registration.status,
                "seats": registration.seats,
                "single_room": registration.single_room,
                **{name: getattr(registration, name) for name in TYPED},
                "total": registration.total,
                "terms_version": registration.terms_version,
                "terms_accepted_at": registration.terms_accepted_at,
                "cancellation_schedule": registration.cancellation_schedule,
                "payment_deadline": registration.payment_deadline,
                "created_at": registration.created_at,
                "confirmed_at": registration.confirmed_at,
                "cancelled_at": registration.cancelled_at,
                "answers": [
                    {"question": answer.question.label, "answer": answer.value}
                    for answer in registration.answers.all()
                ],
            }
            for registration in registrations
        ],
        "waiting_list": [
            {
                "delegation": entry.delegation.slug,
                "seats": entry.seats,
                "status": entry.status,
                "joined": entry.created_at,
                "offer_expires_at": entry.offer_expires_at,
                "log": [
                    {"status": e.status, "seats": e.seats, "at": e.at} for e in entry.events.all()
                ],
            }
            for entry in entries
        ],
    }


def blockers(user) -> list[str]:
    """A registration that still holds seats for a trip not yet over is cancelled first."""
    today = timezone.localdate()
    active = Registration.objects.filter(
        user=user, status__in=Registration.HOLDING, delegation__travel_end__gte=today
    ).select_related("delegation")
    return [
        _("Cancel the registration for %(delegation)s first.")
        % {"delegation": translated_value(registration.delegation, "title")[0]}
        for registration in active
    ]


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    registrations = Registration.objects.filter(user=user)
    answers, _detail = Answer.objects.filter(registration__in=registrations).delete()
    erasure.count("registrations.Answer", answers)
    changed = registrations.update(**dict.fromkeys(TYPED, ""))
    erasure.count("registrations.Registration", changed)
    erasure.keep(
        "registrations.Registration",
        ("status", "seats", "total", "terms_version", "terms_accepted_at"),
        gettext_noop(
            "Invoices and payments point at the registration; the terms accepted are the "
            "contract's evidence. What the registrant typed is blanked."
        ),
        changed,
    )
    waiting = WaitingListEntry.objects.filter(user=user).count()
    erasure.keep(
        "registrations.WaitingListEntry",
        ("seats", "status"),
        gettext_noop("The order in which freed seats were offered; it holds no text."),
        waiting,
    )
    return erasure
