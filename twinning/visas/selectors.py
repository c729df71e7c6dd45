"""Reads of the visas app. Passport data is read here only, and every read is logged."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.core.clientip import client_ip
from twinning.delegations.models import Delegation
from twinning.registrations.models import Registration
from twinning.visas.models import (
    HostOrganisation,
    PassportAccess,
    PassportRecord,
    TravelDetails,
    VisaLetter,
)

Action = PassportAccess.Action


def log_access(
    *,
    registration: Registration,
    actor: User | None,
    action: str,
    request: HttpRequest | None = None,
    letter: VisaLetter | None = None,
) -> PassportAccess:
    """One line of the access log; it never holds any of the data itself.

    Mirrored in the audit log (the access line's id, the action, the letter's number), so
    the audit log is the one place to search; the access log stays the passport data's own.
    """
    access = PassportAccess.objects.create(
        registration=registration,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        ip=client_ip(request) if request is not None else None,
        letter=letter,
    )
    audit_record(
        actor=access.actor,
        action=f"visas.{action}",
        target=registration,
        data={"access": access.pk, "letter": letter.number if letter else ""},
    )
    return access


def passport_get_for(
    *,
    actor: User,
    registration: Registration,
    request: HttpRequest | None = None,
    masked: bool = False,
) -> PassportRecord | None:
    """The registration's passport data for ``actor``, logged; PermissionDenied for others.

    ``masked``: the caller shows only the masked number (logged as such).
    """
    require(actor, "visas.read_passport", registration)
    record = PassportRecord.objects.filter(registration=registration).first()
    if record is not None:
        log_access(
            registration=registration,
            actor=actor,
            action=Action.READ_MASKED if masked else Action.READ,
            request=request,
        )
    return record


def mask(number: str) -> str:
    """The last three characters, the rest as dots: enough to recognise one's passport."""
    visible = number[-3:] if len(number) > 4 else ""
    return "•" * (len(number) - len(visible)) + visible


def passport_entered(registration: Registration) -> bool:
    return PassportRecord.objects.filter(registration=registration).exists()


def travel_get(registration: Registration) -> TravelDetails | None:
    return TravelDetails.objects.filter(registration=registration).first()


def host_get(delegation: Delegation) -> HostOrganisation | None:
    return HostOrganisation.objects.filter(delegation=delegation).first()


def _letters_without_data() -> QuerySet[VisaLetter]:
    return VisaLetter.objects.defer(*VisaLetter.ENCRYPTED)


def letter_current(registration: Registration) -> VisaLetter | None:
    """The registration's letter in force (numbers and dates only, nothing decrypted)."""
    return _letters_without_data().filter(registration=registration, revoked_at=None).first()


def letter_get(*, letter_id: int, delegation: Delegation) -> VisaLetter | None:
    return (
        VisaLetter.objects.select_related("registration__delegation", "registration__user")
        .filter(pk=letter_id, registration__delegation=delegation)
        .first()
    )


def letter_by_token(token: str) -> VisaLetter | None:
    """For the public verification page (which shows the number, the name and validity)."""
    return VisaLetter.objects.defer("passport_number").filter(token=token).first()


@dataclass(frozen=True)
class VisaRow:
    registration: Registration
    passport_entered: bool
    passport_expiry: object
    passport_updated_at: object
    travel_entered: bool
    letter: VisaLetter | None

    @property
    def passport_changed_since_letter(self) -> bool:
        return bool(
            self.letter
            and self.passport_updated_at
            and self.passport_updated_at > self.letter.issued_at
        )


def visa_rows(*, delegation: Delegation) -> list[VisaRow]:
    """The coordinator's overview: confirmed registrations, no passport data decrypted."""
    passports = PassportRecord.objects.filter(registration=OuterRef("pk"))
    registrations = (
        Registration.objects.filter(delegation=delegation, status=Registration.Status.CONFIRMED)
        .select_related("user")
        .annotate(
            has_passport=Exists(passports),
            passport_expiry=Subquery(passports.values("expiry_date")[:1]),
            passport_updated_at=Subquery(passports.values("updated_at")[:1]),
            has_travel=Exists(TravelDetails.objects.filter(registration=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch(
                "visa_letters",
                queryset=_letters_without_data().filter(revoked_at=None),
                to_attr="letters_in_force",
            )
        )
        .order_by("user__full_name", "pk")
    )
    return [
        VisaRow(
            registration=registration,
            passport_entered=registration.has_passport,
            passport_expiry=registration.passport_expiry,
            passport_updated_at=registration.passport_updated_at,
            travel_entered=registration.has_travel,
            letter=registration.letters_in_force[0] if registration.letters_in_force else None,
        )
        for registration in registrations
    ]
