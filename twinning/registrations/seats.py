"""Seat accounting under a lock: the one place that decides whether seats are left.

Capacity is taken as late as possible under a row lock on the delegation (pretix's
approach), with a lock timeout on PostgreSQL so a stuck transaction makes the next
sign-up answer "busy, try again" instead of hanging. SQLite serialises writers itself
(``transaction_mode`` IMMEDIATE in settings), so the lock there is the database's.
"""

from django.db import OperationalError, connection
from django.db.models import Sum
from django.utils import timezone

from twinning.delegations.models import Delegation
from twinning.registrations.models import Registration, WaitingListEntry

LOCK_TIMEOUT_MS = 5000


class SeatsBusy(Exception):
    """The delegation's seats are being changed by someone else right now: try again."""


def lock(delegation_id: int) -> Delegation:
    """Lock the delegation's row for the rest of the current transaction."""
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_TIMEOUT_MS}ms"]
                )
        return Delegation.objects.select_for_update().get(pk=delegation_id)
    except OperationalError as error:
        raise SeatsBusy from error


def taken(delegation_id: int, *, now=None) -> int:
    """Seats held by registrations and by waiting-list offers not yet expired."""
    now = now or timezone.now()
    held = (
        Registration.objects.filter(
            delegation_id=delegation_id, status__in=Registration.HOLDING
        ).aggregate(n=Sum("seats"))["n"]
        or 0
    )
    offered = (
        WaitingListEntry.objects.filter(
            delegation_id=delegation_id,
            status=WaitingListEntry.Status.OFFERED,
            offer_expires_at__gt=now,
        ).aggregate(n=Sum("seats"))["n"]
        or 0
    )
    return held + offered


def left(delegation: Delegation, *, now=None) -> int:
    return max(delegation.capacity - taken(delegation.pk, now=now), 0)
