"""Which overdue holds are kept: apps higher up (payments) narrow the expiry through here.

A registration past its payment deadline expires only if nothing was paid; what was paid
is known to the payments app, which registers a filter that drops such registrations
from the overdue queryset (registrations never imports payments).
"""

from collections.abc import Callable

from django.db.models import QuerySet

Keeper = Callable[[QuerySet], QuerySet]
_keepers: list[Keeper] = []


def register(keeper: Keeper) -> None:
    if keeper not in _keepers:
        _keepers.append(keeper)


def overdue(queryset: QuerySet) -> QuerySet:
    """``queryset`` less the holds some app keeps."""
    for keeper in _keepers:
        queryset = keeper(queryset)
    return queryset
