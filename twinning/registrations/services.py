"""Writes of registrations and the waiting list; each one transaction, each through the gate.

Seats are counted and taken under the delegation's row lock (``seats.lock``): whatever
the number of people signing up at once, no more seats are held than the delegation has.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from djmoney.money import Money

from twinning.accounts.models import User
from twinning.accounts.rules import require, system_actor
from twinning.audit.services import audit_record
from twinning.core import events
from twinning.core.templatetags.twinning import money_display, translated_value
from twinning.delegations.models import Delegation, Member
from twinning.delegations.services import member_set_confirmed
from twinning.notifications.services import notification_queue
from twinning.registrations import holds, pricing, seats
from twinning.registrations.models import (
    Answer,
    DiscountCode,
    Registration,
    RegistrationPolicy,
    WaitingListEntry,
    WaitingListEvent,
)
from twinning.registrations.terms import price_list, registration_closed_reason, schedule

Status = Registration.Status
Waiting = WaitingListEntry.Status


class DelegationFull(ValidationError):
    """Not enough seats left: the person may join the waiting list instead."""


@dataclass(frozen=True)
class Details:
    """What the registration form asks of everyone (the built-in questions)."""

    company: str
    job_title: str
    emergency_contact: str
    sector: str = ""
    goals: str = ""
    dietary_needs: str = ""
    room_sharing: str = ""
    accompanying_person: str = ""
    single_room: bool = False
    # The delegation's own questions: answer (JSON) by question id.
    answers: dict | None = None


def _discount(policy: RegistrationPolicy, code: str, today: datetime.date) -> DiscountCode | None:
    code = code.strip()
    if not code:
        return None
    discount = DiscountCode.objects.filter(policy=policy, code__iexact=code).first()
    if discount is None or (discount.valid_until and today > discount.valid_until):
        raise ValidationError({"discount_code": _("This discount code is not valid.")})
    if discount.max_uses is not None:
        used = discount.registrations.filter(status__in=Registration.HOLDING).count()
        if used >= discount.max_uses:
            raise ValidationError({"discount_code": _("This discount code has been used up.")})
    return discount


def _offer_expiry(delegation: Delegation, policy: RegistrationPolicy, now) -> datetime.datetime:
    """An offer never runs past the registration deadline nor the start of the trip."""
    trip_starts = datetime.datetime.combine(
        delegation.travel_start, datetime.time.min, tzinfo=datetime.UTC
    )
    return min(now + datetime.timedelta(hours=policy.offer_hours), policy.deadline, trip_starts)


def _notify(*, actor: User, kind: str, user: User, delegation: Delegation, obj, **extra) -> None:
    """Queue the e-mail for this event in the recipient's language (sent once, after commit)."""
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
            **{key: str(value) for key, value in extra.items()},
        }
    notification_queue(
        actor=actor,
        key=f"{obj._meta.label_lower}-{obj.pk}-{kind}",
        to=user,
        template=f"registrations/email/{kind}",
        context=context,
    )


def _log(entry: WaitingListEntry, actor: User) -> None:
    WaitingListEvent.objects.create(
        entry=entry, status=entry.status, seats=entry.seats, actor=actor
    )
    audit_record(
        actor=actor,
        action="registrations.waiting_list",
        target=entry,
        data={"delegation": entry.delegation_id, "status": entry.status, "seats": entry.seats},
    )


def _expire(delegation: Delegation, *, now, actor: User) -> int:
    """Release unpaid holds past their deadline and offers past their expiry (under lock)."""
    overdue = holds.overdue(
        Registration.objects.filter(
            delegation=delegation, status=Status.AWAITING_PAYMENT, payment_deadline__lt=now
        )
    )
    expired = list(overdue.values_list("pk", flat=True))
    released = overdue.update(status=Status.EXPIRED, cancelled_at=now)
    if expired:
        audit_record(
            actor=actor,
            action="registrations.expired",
            target=delegation,
            data={"registrations": expired},
        )
    for entry in WaitingListEntry.objects.filter(
        delegation=delegation, status=Waiting.OFFERED, offer_expires_at__lte=now
    ):
        entry.status = Waiting.EXPIRED
        entry.save(update_fields=["status"])
        _log(entry, actor)
        released += 1
    return released


def _advance(delegation: Delegation, *, now, actor: User) -> list[WaitingListEntry]:
    """Offer free seats to the waiting list in order (under lock).

    The earliest entry whose seats fit is offered first: someone wanting two seats does not
    keep a single free seat from the person behind them.
    """
    policy = delegation.registration_policy
    expires = _offer_expiry(delegation, policy, now)
    if expires <= now:
        return []
    free = delegation.capacity - seats.taken(delegation.pk, now=now)
    offered = []
    for entry in WaitingListEntry.objects.filter(delegation=delegation, status=Waiting.WAITING):
        if free <= 0:
            break
        if entry.seats <= free:
            entry.status = Waiting.OFFERED
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offer_expires_at"])
            _log(entry, actor)
            with translation.override(entry.user.preferred_language):
                _notify(
                    actor=actor,
                    kind="offer",
                    user=entry.user,
                    delegation=delegation,
                    obj=entry,
                    expires=date_format(expires, "DATETIME_FORMAT"),
                    seats=entry.seats,
                )
            free -= entry.seats
            offered.append(entry)
    return offered


def _create(
    *,
    actor: User,
    delegation: Delegation,
    user: User,
    details: Details,
    terms_version: int,
    discount_code: str,
    now,
) -> Registration:
    policy = delegation.registration_policy
    if terms_version != policy.terms_version:
        raise ValidationError(
            {
                "accept_terms": _(
                    "The terms have changed since you opened the form: read them again."
                )
            }
        )
    wanted = 2 if details.accompanying_person else 1
    if details.accompanying_person and policy.accompanying_person_price is None:
        raise ValidationError(
            {"accompanying_person": _("This delegation takes no accompanying persons.")}
        )
    if wanted > delegation.capacity - seats.taken(delegation.pk, now=now):
        raise DelegationFull(
            _(
                "The delegation is full. Join the waiting list: we offer you a seat "
                "as soon as one is free."
            )
        )
    today = now.date()
    discount = _discount(policy, discount_code, today)
    quote = pricing.quote(
        price_list(policy),
        today=today,
        single_room=details.single_room,
        accompanying_person=bool(details.accompanying_person),
        discount_percent=discount.percent if discount else 0,
    )
    if policy.approval_required:
        status, deadline = Status.AWAITING_APPROVAL, None
    elif quote.total.amount == 0:
        status, deadline = Status.CONFIRMED, None
    else:
        status = Status.AWAITING_PAYMENT
        deadline = now + datetime.timedelta(days=policy.payment_days)
    registration = Registration(
        delegation=delegation,
        user=user,
        status=status,
        seats=wanted,
        terms_version=terms_version,
        terms_accepted_at=now,
        cancellation_schedule=pricing.schedule_as_data(schedule(policy)),
        discount_code=discount,
        total=quote.total,
        payment_deadline=deadline,
        confirmed_at=now if status == Status.CONFIRMED else None,
        **{
            field: getattr(details, field)
            for field in Details.__dataclass_fields__
            if field != "answers"
        },
    )
    registration.full_clean(exclude=["delegation", "user"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ValidationError(_("You are registered for this delegation already.")) from error
    if registration.status == Status.CONFIRMED:
        _membership_follow(registration)
        _announce_confirmed(registration)
    _answers_store(registration, details.answers or {})
    _notify_registration(registration, "received", actor)
    return registration


def _announce_confirmed(registration: Registration) -> None:
    """Tell listeners (the API's webhooks) that a registration holds its seats for good."""
    events.emit(
        events.REGISTRATION_CONFIRMED,
        key=f"registration-{registration.pk}-confirmed",
        data={
            "registration": registration.pk,
            "delegation": registration.delegation.slug,
            "seats": registration.seats,
        },
    )


def _answers_store(registration: Registration, answers: dict) -> None:
    known = set(registration.delegation.registration_policy.questions.values_list("pk", flat=True))
    unknown = set(answers) - known
    if unknown:
        raise ValidationError(_("An answer was sent to a question this form does not ask."))
    Answer.objects.bulk_create(
        Answer(registration=registration, question_id=pk, value=value)
        for pk, value in answers.items()
    )


def _membership_follow(registration: Registration) -> None:
    """A confirmed registration makes a confirmed delegate; an ended one no longer."""
    member_set_confirmed(
        delegation=registration.delegation,
        user=registration.user,
        actor=system_actor(),
        confirmed=registration.status == Status.CONFIRMED,
        organisation=registration.company,
        job_title=registration.job_title,
    )


def _notify_registration(registration: Registration, kind: str, actor: User) -> None:
    # Every registration event is e-mailed from here: it is logged here too.
    audit_record(
        actor=actor,
        action=f"registrations.{kind}",
        target=registration,
        data={
            "delegation": registration.delegation_id,
            "status": registration.status,
            "seats": registration.seats,
            "total": registration.total,
        },
    )
    user = registration.user
    with translation.override(user.preferred_language):
        deadline = (
            date_format(registration.payment_deadline, "DATE_FORMAT")
            if registration.payment_deadline
            else ""
        )
        _notify(
            actor=actor,
            kind=kind,
            user=user,
            delegation=registration.delegation,
            obj=registration,
            status=registration.get_status_display(),
            total=money_display(registration.total),
            deadline=deadline,
        )


@transaction.atomic
def registration_create(
    *,
    delegation: Delegation,
    user: User,
    actor: User,
    details: Details,
    terms_version: int,
    discount_code: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``user`` (themself, or by a coordinator) for a seat, or say why not."""
    require(actor, "registrations.register", delegation)
    if actor.pk != user.pk:
        require(actor, "registrations.manage_registrations", delegation)
    now = now or timezone.now()
    delegation = seats.lock(delegation.pk)
    reason = registration_closed_reason(delegation, now=now)
    if reason:
        raise ValidationError(reason)
    _expire(delegation, now=now, actor=actor)
    return _create(
        actor=actor,
        delegation=delegation,
        user=user,
        details=details,
        terms_version=terms_version,
        discount_code=discount_code,
        now=now,
    )


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor: User, approve: bool, now=None
) -> Registration:
    """A coordinator approves (payment is then due) or refuses (the seats return)."""
    require(actor, "registrations.decide_registration", registration)
    now = now or timezone.now()
    delegation = seats.lock(registration.delegation_id)
    registration.refresh_from_db()
    if registration.status != Status.AWAITING_APPROVAL:
        raise ValidationError(_("Only a registration awaiting approval can be decided."))
    if not approve:
        registration.status = Status.REFUSED
        registration.cancelled_at = now
    elif registration.total.amount == 0:
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
    else:
        policy = delegation.registration_policy
        registration.status = Status.AWAITING_PAYMENT
        registration.payment_deadline = now + datetime.timedelta(days=policy.payment_days)
    registration.save()
    if registration.status == Status.CONFIRMED:
        _membership_follow(registration)
        _announce_confirmed(registration)
    _notify_registration(registration, "approved" if approve else "refused", actor)
    if not approve:
        _advance(delegation, now=now, actor=actor)
    return registration


def refund_if_cancelled(registration: Registration, *, paid, on: datetime.date):
    """The refund a cancellation on ``on`` would give, by the schedule copied at sign-up."""
    steps = pricing.schedule_from_data(registration.cancellation_schedule)
    return pricing.refund_due(steps, paid=paid, on=on)


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User, now=None) -> Registration:
    """Cancel by the terms: the seats return and the waiting list moves."""
    require(actor, "registrations.cancel_registration", registration)
    now = now or timezone.now()
    delegation = seats.lock(registration.delegation_id)
    registration.refresh_from_db()
    if not registration.holds_seats:
        raise ValidationError(_("This registration is not active."))
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if Member.objects.filter(delegation=delegation, user=registration.user).exists():
        _membership_follow(registration)
    _notify_registration(registration, "cancelled", actor)
    _advance(delegation, now=now, actor=actor)
    return registration


@transaction.atomic
def waiting_list_join(
    *, delegation: Delegation, user: User, actor: User, seats_wanted: int = 1, now=None
) -> WaitingListEntry:
    require(actor, "registrations.join_waiting_list", delegation)
    if actor.pk != user.pk:
        require(actor, "registrations.manage_registrations", delegation)
    now = now or timezone.now()
    delegation = seats.lock(delegation.pk)
    reason = registration_closed_reason(delegation, now=now)
    if reason:
        raise ValidationError(reason)
    if seats_wanted not in (1, 2):
        raise ValidationError({"seats": _("Ask for one or two seats.")})
    if Registration.objects.filter(
        delegation=delegation, user=user, status__in=Registration.HOLDING
    ).exists():
        raise ValidationError(_("You are registered for this delegation already."))
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                delegation=delegation, user=user, seats=seats_wanted
            )
    except IntegrityError as error:
        raise ValidationError(_("You are on the waiting list already.")) from error
    _log(entry, actor)
    # Seats may be free already (a cancellation just now): offer them at once.
    _expire(delegation, now=now, actor=actor)
    _advance(delegation, now=now, actor=actor)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def waiting_list_leave(*, entry: WaitingListEntry, actor: User, now=None) -> WaitingListEntry:
    require(actor, "registrations.leave_waiting_list", entry)
    now = now or timezone.now()
    delegation = seats.lock(entry.delegation_id)
    entry.refresh_from_db()
    if entry.status not in WaitingListEntry.OPEN:
        raise ValidationError(_("You are no longer on the waiting list."))
    had_offer = entry.status == Waiting.OFFERED
    entry.status = Waiting.LEFT
    entry.save(update_fields=["status"])
    _log(entry, actor)
    if had_offer:
        _advance(delegation, now=now, actor=actor)
    return entry


@transaction.atomic
def waiting_list_offer_accept(
    *,
    entry: WaitingListEntry,
    actor: User,
    details: Details,
    terms_version: int,
    discount_code: str = "",
    now=None,
) -> Registration:
    """Take up an offered seat: the registration is made on the offer's held seats."""
    require(actor, "registrations.accept_offer", entry)
    now = now or timezone.now()
    delegation = seats.lock(entry.delegation_id)
    entry.refresh_from_db()
    if entry.status != Waiting.OFFERED or entry.offer_expires_at <= now:
        raise ValidationError(_("This offer has expired."))
    wanted = 2 if details.accompanying_person else 1
    if wanted > entry.seats:
        raise ValidationError(
            {
                "accompanying_person": _(
                    "The offer is for one seat: register without an accompanying person."
                )
            }
        )
    # Accepted first: the offer's seats stop counting as offered and become the registration's.
    entry.status = Waiting.ACCEPTED
    entry.save(update_fields=["status"])
    _log(entry, actor)
    registration = _create(
        actor=actor,
        delegation=delegation,
        user=entry.user,
        details=details,
        terms_version=terms_version,
        discount_code=discount_code,
        now=now,
    )
    if entry.seats > wanted:
        _advance(delegation, now=now, actor=actor)
    return registration


@transaction.atomic
def holds_expire(*, delegation: Delegation, actor: User, now=None) -> int:
    """The scheduled job: expire unpaid holds and old offers, then move the waiting list."""
    require(actor, "registrations.expire", delegation)
    now = now or timezone.now()
    delegation = seats.lock(delegation.pk)
    released = _expire(delegation, now=now, actor=actor)
    if released:
        _advance(delegation, now=now, actor=actor)
    return released


def _confirm(registration: Registration, *, now, actor: User, kind: str) -> None:
    registration.status, registration.confirmed_at = Status.CONFIRMED, now
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    _membership_follow(registration)
    _announce_confirmed(registration)
    _notify_registration(registration, kind, actor)


@transaction.atomic
def registration_mark_paid(
    *, registration: Registration, paid: Money, actor: User, now=None
) -> Registration:
    """``paid`` (everything paid so far) has come in: confirm once it covers what is due.

    What is due is the total, or the deposit while the balance is not yet due. The
    payments app calls this after recording a payment; it knows what was paid.
    """
    require(actor, "registrations.mark_paid", registration)
    now = now or timezone.now()
    seats.lock(registration.delegation_id)
    registration.refresh_from_db()
    if registration.status != Status.AWAITING_PAYMENT:
        return registration
    policy = registration.delegation.registration_policy
    due = registration.total
    if policy.deposit is not None and policy.balance_due and now.date() < policy.balance_due:
        due = min(policy.deposit, registration.total)
    if paid.currency == due.currency and paid >= due:
        _confirm(registration, now=now, actor=actor, kind="paid")
    return registration


@transaction.atomic
def registration_confirm_unpaid(
    *, registration: Registration, actor: User, now=None
) -> Registration:
    """A coordinator confirms before payment (a payer known to pay late, on invoice)."""
    require(actor, "registrations.decide_registration", registration)
    now = now or timezone.now()
    seats.lock(registration.delegation_id)
    registration.refresh_from_db()
    if registration.status not in (Status.AWAITING_APPROVAL, Status.AWAITING_PAYMENT):
        raise ValidationError(
            _("Only a registration awaiting approval or payment can be confirmed.")
        )
    _confirm(registration, now=now, actor=actor, kind="confirmed")
    return registration
