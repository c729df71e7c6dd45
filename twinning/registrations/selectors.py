"""Reads for registrations: what a delegation's page and a registrant's page show."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from moneyed import Money

from twinning.accounts.models import User
from twinning.cities.selectors import rate_on
from twinning.delegations.models import Delegation
from twinning.registrations import pricing, seats
from twinning.registrations.models import (
    Registration,
    RegistrationPolicy,
    WaitingListEntry,
)
from twinning.registrations.terms import price_list, registration_closed_reason, schedule


@dataclass(frozen=True)
class Approximation:
    """A price in the other city's currency, for information: rounded, at a kept rate."""

    amount: Money
    rate: Decimal
    from_currency: str
    to_currency: str
    rate_date: datetime.date


@dataclass(frozen=True)
class Summary:
    """The delegation page's panel: everything a business person decides on."""

    policy: RegistrationPolicy
    seats_left: int
    closed_reason: str
    quote: pricing.Quote
    schedule: list[pricing.Step]
    registration: Registration | None
    waiting: WaitingListEntry | None
    approximation: Approximation | None = None

    @property
    def full(self) -> bool:
        return self.seats_left <= 0


def policy_get(delegation: Delegation) -> RegistrationPolicy | None:
    try:
        return delegation.registration_policy
    except RegistrationPolicy.DoesNotExist:
        return None


def registration_active(*, delegation: Delegation, user: User) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            delegation=delegation, user=user, status__in=Registration.HOLDING
        )
        .select_related("delegation")
        .first()
    )


def registration_latest(*, delegation: Delegation, user: User) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(delegation=delegation, user=user).order_by("-pk").first()


def waiting_entry(*, delegation: Delegation, user: User) -> WaitingListEntry | None:
    if not user.is_authenticated:
        return None
    return WaitingListEntry.objects.filter(
        delegation=delegation, user=user, status__in=WaitingListEntry.OPEN
    ).first()


SIGNIFICANT_DIGITS = 4


def _approximately(amount: Decimal) -> Decimal:
    """Four significant digits and never finer than whole units: 28,455.80 → 28,460, 7.20 → 7.

    More digits would claim a precision a kept rate does not have.
    """
    exponent = max(amount.adjusted() + 1 - SIGNIFICANT_DIGITS, 0)
    return Decimal(int(amount.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)))


def approximate(price: Money, *, delegation: Delegation, on: datetime.date) -> Approximation | None:
    """``price`` in the currency of whichever of the two cities does not use it, if a rate
    for that pair was in force ``on``; None when both cities use one currency or no rate."""
    currency = str(price.currency)
    others = [c.currency for c in delegation.cities if c.currency and c.currency != currency]
    if not others:
        return None
    rate = rate_on(currency, others[0], on)
    if rate is None:
        return None
    return Approximation(
        amount=Money(_approximately(price.amount * rate.rate), rate.to_currency),
        rate=rate.rate,
        from_currency=currency,
        to_currency=rate.to_currency,
        rate_date=rate.valid_from,
    )


def summary(*, delegation: Delegation, user: User, now: datetime.datetime) -> Summary | None:
    policy = policy_get(delegation)
    if policy is None:
        return None
    quote = pricing.quote(price_list(policy), today=now.date())
    return Summary(
        policy=policy,
        seats_left=seats.left(delegation, now=now),
        closed_reason=registration_closed_reason(delegation, now=now),
        quote=quote,
        schedule=schedule(policy),
        registration=registration_active(delegation=delegation, user=user),
        waiting=waiting_entry(delegation=delegation, user=user),
        approximation=approximate(quote.total, delegation=delegation, on=now.date()),
    )


def registrations_for_coordinator(*, delegation: Delegation, status: str = ""):
    registrations = Registration.objects.filter(delegation=delegation).select_related("user")
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("created_at", "pk")


def status_counts(*, delegation: Delegation) -> dict[str, int]:
    rows = (
        Registration.objects.filter(delegation=delegation)
        .values("status")
        .annotate(n=Count("pk"), seats=Sum("seats"))
    )
    return {row["status"]: row["n"] for row in rows}


def waiting_list(*, delegation: Delegation):
    return (
        WaitingListEntry.objects.filter(delegation=delegation)
        .filter(Q(status__in=WaitingListEntry.OPEN))
        .select_related("user")
        .order_by("created_at", "pk")
    )
