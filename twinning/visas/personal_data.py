"""A delegate's travel details, passport data and letters (personal-data registry).

Passport data is decrypted for the person themself alone (a logged read, as on the form);
an administrator's export says it is there, not what it is.
"""

from django.utils import timezone
from django.utils.translation import gettext_noop

from twinning.core.personal_data import Erasure
from twinning.registrations.models import Registration
from twinning.visas import selectors
from twinning.visas.models import PassportAccess, PassportRecord, TravelDetails, VisaLetter


def _passport(registration, *, user, actor) -> dict | None:
    if not PassportRecord.objects.filter(registration=registration).exists():
        return None
    if actor.pk != user.pk:
        return {"entered": True, "shown": gettext_noop("to the person themself only")}
    record = selectors.passport_get_for(actor=user, registration=registration)
    return {
        "full_name": record.full_name,
        "number": record.number,
        "date_of_birth": record.date_of_birth,
        "issuing_country": record.issuing_country,
        "nationality": record.nationality,
        "expiry_date": record.expiry_date,
    }


def export(user, *, actor) -> list[dict]:
    sections = []
    registrations = Registration.objects.filter(user=user).select_related("delegation")
    for registration in registrations.order_by("created_at", "pk"):
        travel = TravelDetails.objects.filter(registration=registration).first()
        letters = VisaLetter.objects.filter(registration=registration).order_by("issued_at")
        accesses = PassportAccess.objects.filter(registration=registration).order_by("at", "pk")
        sections.append(
            {
                "delegation": registration.delegation.slug,
                "travel": None
                if travel is None
                else {
                    "arrival_flight": travel.arrival_flight,
                    "arrival_at": travel.arrival_at,
                    "departure_flight": travel.departure_flight,
                    "departure_at": travel.departure_at,
                    "hotel_check_in": travel.hotel_check_in,
                    "hotel_check_out": travel.hotel_check_out,
                    "notes": travel.notes,
                },
                "passport": _passport(registration, user=user, actor=actor),
                # The letters' numbers and dates; their copy of the passport data is above.
                "letters": [
                    {
                        "number": letter.number,
                        "issued_at": letter.issued_at,
                        "valid_until": letter.valid_until,
                        "revoked_at": letter.revoked_at,
                        "passport_data_removed_at": letter.purged_at,
                    }
                    for letter in letters
                ],
                "passport_access_log": [
                    {"action": access.action, "at": access.at, "by_you": access.actor_id == user.pk}
                    for access in accesses
                ],
            }
        )
    return sections


def erase(user, *, actor) -> Erasure:
    """Travel details and passport data go; letters keep their number, not the data."""
    erasure = Erasure()
    now = timezone.now()
    registrations = Registration.objects.filter(user=user)
    travel, _detail = TravelDetails.objects.filter(registration__in=registrations).delete()
    erasure.count("visas.TravelDetails", travel)
    purged = set(
        PassportRecord.objects.filter(registration__in=registrations).values_list(
            "registration_id", flat=True
        )
    )
    passports, _detail = PassportRecord.objects.filter(registration__in=registrations).delete()
    erasure.count("visas.PassportRecord", passports)
    letters = VisaLetter.objects.filter(registration__in=registrations)
    purged |= set(letters.filter(purged_at=None).values_list("registration_id", flat=True))
    copies = letters.filter(purged_at=None).update(
        delegate_name=None, nationality=None, passport_number=None, purged_at=now
    )
    erasure.count("visas.VisaLetter", copies)
    erasure.keep(
        "visas.VisaLetter",
        ("year", "sequence", "issued_at", "valid_until"),
        gettext_noop("A letter's number stays taken so that numbers never repeat."),
        letters.count(),
    )
    # The person's own reads came from their addresses: those go, the log lines stay.
    addresses = PassportAccess.objects.filter(
        registration__in=registrations, actor=user, ip__isnull=False
    ).update(ip=None)
    erasure.count("visas.PassportAccess", addresses)
    PassportAccess.objects.bulk_create(
        PassportAccess(registration_id=pk, actor=actor, action=PassportAccess.Action.PURGE)
        for pk in purged
    )
    erasure.keep(
        "visas.PassportAccess",
        ("action", "at", "actor"),
        gettext_noop("Who read passport data and when; the log never held the data."),
        PassportAccess.objects.filter(registration__in=registrations).count(),
    )
    return erasure
