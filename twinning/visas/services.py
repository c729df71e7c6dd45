"""Writes of the visas app: each one transaction, each through the permission gate.

Passport data is validated whole before anything is written, so bad input loses nothing
and leaves nothing half-saved; every write is logged in the access log.
"""

import datetime
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.core.counters import counter_next
from twinning.core.templatetags.twinning import translated_value
from twinning.core.translation_fields import localized_values, texts_by_language
from twinning.delegations.models import Delegation
from twinning.notifications.services import notification_queue
from twinning.registrations.models import Registration
from twinning.visas.models import (
    HostOrganisation,
    LetterCounter,
    PassportAccess,
    PassportRecord,
    TravelDetails,
    VisaLetter,
)
from twinning.visas.selectors import log_access

Action = PassportAccess.Action


@dataclass(frozen=True)
class PassportData:
    full_name: str
    number: str
    date_of_birth: datetime.date
    issuing_country: str
    nationality: str
    expiry_date: datetime.date


@dataclass(frozen=True)
class TravelData:
    arrival_flight: str = ""
    arrival_at: datetime.datetime | None = None
    departure_flight: str = ""
    departure_at: datetime.datetime | None = None
    hotel_check_in: datetime.date | None = None
    hotel_check_out: datetime.date | None = None
    notes: str = ""


def _confirmed(registration: Registration) -> Registration:
    """The registration, locked and read again: its status decides what may happen."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("delegation", "user")
        .get(pk=registration.pk)
    )
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("This registration is not confirmed."))
    return registration


def _check_passport(data: PassportData, delegation: Delegation, today: datetime.date) -> None:
    errors = {}
    if data.date_of_birth >= today:
        errors["date_of_birth"] = _("The date of birth must be in the past.")
    if data.expiry_date <= delegation.travel_end:
        errors["expiry_date"] = _(
            "The passport must be valid after the trip ends (%(date)s): renew it first."
        ) % {"date": date_format(delegation.travel_end, "DATE_FORMAT")}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def passport_save(
    *,
    registration: Registration,
    actor: User,
    data: PassportData,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> PassportRecord:
    """Enter or change the delegate's passport data (after confirmation only)."""
    require(actor, "visas.edit_passport", registration)
    registration = _confirmed(registration)
    _check_passport(data, registration.delegation, today or timezone.localdate())
    record = PassportRecord.objects.filter(registration=registration).first()
    action = Action.UPDATE if record else Action.CREATE
    record = record or PassportRecord(registration=registration)
    for field in fields(PassportData):
        value = getattr(data, field.name)
        setattr(record, field.name, value.strip() if isinstance(value, str) else value)
    record.number = record.number.upper().replace(" ", "")
    record.full_clean(exclude=["registration"])
    record.save()
    log_access(registration=registration, actor=actor, action=action, request=request)
    return record


@transaction.atomic
def travel_save(*, registration: Registration, actor: User, data: TravelData) -> TravelDetails:
    require(actor, "visas.edit_travel", registration)
    registration = _confirmed(registration)
    errors = {}
    if data.arrival_at and data.departure_at and data.departure_at <= data.arrival_at:
        errors["departure_at"] = _("The departure must be after the arrival.")
    if data.hotel_check_in and data.hotel_check_out and data.hotel_check_out <= data.hotel_check_in:
        errors["hotel_check_out"] = _("The check-out must be after the check-in.")
    if errors:
        raise ValidationError(errors)
    details, _created = TravelDetails.objects.get_or_create(registration=registration)
    for field in fields(TravelData):
        setattr(details, field.name, getattr(data, field.name))
    details.full_clean(exclude=["registration"])
    details.save()
    return details


@transaction.atomic
def host_set(
    *,
    delegation: Delegation,
    actor: User,
    names: dict[str, str],
    addresses: dict[str, str],
    signatory: str = "",
) -> HostOrganisation:
    """Who invites the delegation; ``names`` and ``addresses`` by language code."""
    require(actor, "visas.manage_visas", delegation)
    host = HostOrganisation.objects.filter(delegation=delegation).first() or HostOrganisation(
        delegation=delegation
    )
    for field, texts in (("name", names), ("address", addresses)):
        for column, text in localized_values(field, texts).items():
            setattr(host, column, text.strip())
    host.signatory = signatory.strip()
    host.full_clean(exclude=["delegation"])
    host.save()
    return host


def _next_number(year: int) -> int:
    """The year's next letter number, under the counter's row lock (no gap, no repeat)."""
    return counter_next(LetterCounter, year=year)


def verification_url(letter: VisaLetter, language: str) -> str:
    with translation.override(language):
        path = reverse("visas:verify", kwargs={"token": letter.token})
    return settings.TWINNING_BASE_URL + path


@transaction.atomic
def visa_letter_issue(
    *,
    registration: Registration,
    actor: User,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
) -> VisaLetter:
    """A coordinator issues the numbered invitation letter from the reviewed passport data."""
    require(actor, "visas.issue_letter", registration)
    now = now or timezone.now()
    registration = _confirmed(registration)
    passport = PassportRecord.objects.filter(registration=registration).first()
    if passport is None:
        raise ValidationError(_("The delegate has not entered their passport data yet."))
    host = HostOrganisation.objects.filter(delegation=registration.delegation).first()
    if host is None:
        raise ValidationError(_("Enter the host organisation first."))
    if VisaLetter.objects.filter(registration=registration, revoked_at=None).exists():
        raise ValidationError(_("A letter for this delegate is in force already."))
    letter = VisaLetter.objects.create(
        registration=registration,
        year=now.year,
        sequence=_next_number(now.year),
        host_name=texts_by_language(host, "name"),
        host_address=texts_by_language(host, "address"),
        host_signatory=host.signatory,
        delegate_name=passport.full_name,
        nationality=passport.nationality,
        passport_number=passport.number,
        issued_at=now,
        valid_until=registration.delegation.travel_end,
        issued_by=actor,
    )
    log_access(
        registration=registration,
        actor=actor,
        action=Action.LETTER_ISSUE,
        request=request,
        letter=letter,
    )
    _notify_ready(letter, registration, actor)
    return letter


def _notify_ready(letter: VisaLetter, registration: Registration, actor: User) -> None:
    user = registration.user
    delegation = registration.delegation
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "number": letter.number,
            "delegation": translated_value(delegation, "title")[0],
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    notification_queue(
        actor=actor,
        key=f"visaletter-{letter.pk}-ready",
        to=user,
        template="visas/email/letter_ready",
        context=context,
    )


@transaction.atomic
def visa_letter_revoke(
    *, letter: VisaLetter, actor: User, request: HttpRequest | None = None, now=None
) -> VisaLetter:
    require(actor, "visas.revoke_letter", letter.registration)
    letter = VisaLetter.objects.select_for_update().defer(*VisaLetter.ENCRYPTED).get(pk=letter.pk)
    if letter.revoked_at is not None:
        raise ValidationError(_("This letter is revoked already."))
    letter.revoked_at = now or timezone.now()
    letter.save(update_fields=["revoked_at"])
    log_access(
        registration=letter.registration,
        actor=actor,
        action=Action.LETTER_REVOKE,
        request=request,
        letter=letter,
    )
    return letter


@transaction.atomic
def passport_purge(*, actor: User, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete passport data, and the letters' copies of it, once the trip is long enough past.

    A registration's data goes ``VISAS_PASSPORT_RETENTION_DAYS`` after its trip's last day.
    """
    require(actor, "visas.purge")
    now = now or timezone.now()
    cutoff = now.date() - datetime.timedelta(days=settings.VISAS_PASSPORT_RETENTION_DAYS)
    due = Registration.objects.filter(delegation__travel_end__lt=cutoff)
    passports = PassportRecord.objects.filter(registration__in=due).only("pk", "registration")
    letters = VisaLetter.objects.filter(registration__in=due, purged_at=None).only(
        "pk", "registration"
    )
    purged = {record.registration_id for record in passports} | {
        letter.registration_id for letter in letters
    }
    letter_count = letters.update(
        delegate_name=None, nationality=None, passport_number=None, purged_at=now
    )
    passport_count, _deleted = PassportRecord.objects.filter(registration__in=due).delete()
    PassportAccess.objects.bulk_create(
        PassportAccess(registration_id=pk, actor=actor, action=Action.PURGE) for pk in purged
    )
    audit_record(
        actor=actor,
        action="visas.purge",
        data={"registrations": sorted(purged), "passports": passport_count},
    )
    return {"passports": passport_count, "letters": letter_count}
