"""iCalendar feeds: a delegation's public programme, and each member's own programme."""

from collections.abc import Callable, Iterable

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.core.templatetags.twinning import translated_value
from twinning.delegations.models import Audience, Delegation, Member, Session, new_token

# Higher apps add their own events to a member's feed (matchmaking: the member's meetings),
# registered from their AppConfig.ready(); this module knows nothing of them.
MemberEvents = Callable[[Member], Iterable[icalendar.Event]]
_member_event_providers: list[MemberEvents] = []


def register_member_events(provider: MemberEvents) -> None:
    """Add ``provider``'s events to every member's own feed (once, however often called)."""
    if provider not in _member_event_providers:
        _member_event_providers.append(provider)


def member_extra_events(member: Member) -> list[icalendar.Event]:
    return [event for provider in _member_event_providers for event in provider(member)]


def _event(session: Session, *, details: bool) -> icalendar.Event:
    zone = session.venue.zone
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@{settings.TWINNING_SITE_NAME.lower()}")
    event.add("dtstamp", timezone.now())
    # Local wall-clock times with their zone (TZID), as calendar apps expect for travel.
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", translated_value(session, "title")[0])
    if details:
        venue = translated_value(session.venue, "name")[0]
        address = translated_value(session.venue, "address")[0]
        event.add("location", ", ".join(part for part in (venue, address) if part))
        description = translated_value(session, "description")[0]
        if description:
            event.add("description", description)
    event.add("url", settings.TWINNING_BASE_URL + session.get_absolute_url())
    event.add("categories", [session.get_kind_display()])
    return event


def calendar_bytes(name: str, events: Iterable[icalendar.Event]) -> bytes:
    """A feed of ``events`` (for the feeds higher apps serve themselves)."""
    return _calendar(name, events)


def _calendar(name: str, events: Iterable[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Twinning//Delegation programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _sessions(delegation: Delegation):
    return (
        Session.objects.filter(delegation=delegation)
        .select_related("venue", "delegation")
        .order_by("starts_at", "pk")
    )


def delegation_calendar(delegation: Delegation) -> bytes:
    """Public sessions only: this feed is for anyone."""
    events = [
        _event(session, details=True)
        for session in _sessions(delegation).filter(audience=Audience.PUBLIC)
    ]
    return _calendar(translated_value(delegation, "title")[0], events)


def member_calendar(member: Member) -> bytes:
    """Every session this member may see, with its details."""
    user = member.user
    events = [
        _event(session, details=True)
        for session in _sessions(member.delegation)
        if may(user, "delegations.see_session_details", session)
    ]
    events += member_extra_events(member)
    name = _("%(delegation)s — my programme") % {
        "delegation": translated_value(member.delegation, "title")[0]
    }
    return _calendar(name, events)


@transaction.atomic
def member_calendar_token_renew(*, member: Member) -> Member:
    """Revoke the member's feed address and give them a new one."""
    member.calendar_token = new_token()
    member.save(update_fields=["calendar_token"])
    return member
