"""Reads for registrations: what a delegation's page and a registrant's page show."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from twinning.accounts.models import User
from twinning.delegations.models import Delegation
from twinning.registrations import pricing, seats
from twinning.registrations.models import (
    Registration,
    RegistrationPolicy,
    WaitingListEntry,
)
from twinning.registrations.terms import price_list, registration_closed_reason, schedule


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


def summary(*, delegation: Delegation, user: User, now: datetime.datetime) -> Summary | None:
    policy = policy_get(delegation)
    if policy is None:
        return None
    return Summary(
        policy=policy,
        seats_left=seats.left(delegation, now=now),
        closed_reason=registration_closed_reason(delegation, now=now),
        quote=pricing.quote(price_list(policy), today=now.date()),
        schedule=schedule(policy),
        registration=registration_active(delegation=delegation, user=user),
        waiting=waiting_entry(delegation=delegation, user=user),
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
