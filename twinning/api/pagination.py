"""Cursor pagination in a stable order, and ``modified_since`` for incremental sync.

Every list is ordered by (modification time, id). The cursor is opaque (signed, so a
client cannot forge one that skips the filters) and names the last row of the page: the
next page starts after it, so rows added or changed meanwhile are neither skipped nor
shown twice within one pass. A client syncs by keeping the greatest ``modified_at`` it
saw and asking ``modified_since`` that time next round.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja.errors import HttpError

SALT = "twinning.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` in UTC (naive ones taken as UTC). PostgreSQL refuses offsets past ±16 h,
    which ISO 8601 allows: found by schemathesis as a 500 (docs/security.md)."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _decode(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        data = signing.loads(cursor, salt=SALT)
        moment = parse_datetime(data["m"])
        pk = int(data["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise HttpError(400, "The cursor is not one this API gave.") from error
    if moment is None:
        raise HttpError(400, "The cursor is not one this API gave.")
    return moment, pk


def paginate(
    queryset: QuerySet,
    *,
    cursor: str | None,
    limit: int,
    modified_since: datetime.datetime | None,
    field: str = "modified_at",
) -> Page:
    """One page of ``queryset``, ordered by (``field``, pk)."""
    if modified_since is not None:
        try:
            queryset = queryset.filter(**{f"{field}__gt": in_utc(modified_since)})
        except (OverflowError, ValueError) as error:
            raise HttpError(400, "modified_since is out of range.") from error
    if cursor:
        moment, pk = _decode(cursor)
        queryset = queryset.filter(
            Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk})
        )
    rows = list(queryset.order_by(field, "pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = signing.dumps(
            {"m": getattr(last, field).isoformat(), "i": last.pk}, salt=SALT, compress=True
        )
    return Page(items=rows, next_cursor=next_cursor)
