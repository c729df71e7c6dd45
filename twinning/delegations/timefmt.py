"""A session's time in its venue's time zone, and in the viewer's when that differs."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import formats

from twinning.core.timezones import zone_name_at


@dataclass(frozen=True)
class ZonedSpan:
    date: str
    start: str
    end: str
    zone: str
    start_iso: str
    end_iso: str
    # The zone as the reader names it, e.g. "China Standard Time".
    zone_name: str = ""
    # Set when the span ends on a later day than it starts, in this zone.
    end_date: str = ""
    # The same span in the viewer's zone, when the clock there shows other times.
    other: "ZonedSpan | None" = None


def _span(starts_at: datetime.datetime, ends_at: datetime.datetime, zone: zoneinfo.ZoneInfo):
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return ZonedSpan(
        date=formats.date_format(start, "DATE_FORMAT"),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
        zone=zone.key,
        start_iso=start.isoformat(),
        end_iso=end.isoformat(),
        zone_name=zone_name_at(start),
        end_date=formats.date_format(end, "DATE_FORMAT") if end.date() != start.date() else "",
    )


def zoned_span(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue_zone: zoneinfo.ZoneInfo,
    viewer_zone: zoneinfo.ZoneInfo | None,
) -> ZonedSpan:
    here = _span(starts_at, ends_at, venue_zone)
    if (
        viewer_zone is None
        or starts_at.astimezone(viewer_zone).utcoffset()
        == starts_at.astimezone(venue_zone).utcoffset()
    ):
        return here
    there = _span(starts_at, ends_at, viewer_zone)
    return ZonedSpan(**{**here.__dict__, "other": there})
