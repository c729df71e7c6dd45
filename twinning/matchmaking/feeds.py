"""The meetings in calendar feeds: in each member's own feed (through the delegations'
registry, filled in ``MatchmakingConfig.ready``) and in each interpreter's feed."""

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.core.templatetags.twinning import translated_value
from twinning.delegations import calendars
from twinning.matchmaking import selectors
from twinning.matchmaking.models import Interpreter, MatchmakingPolicy, Participant


def _event(entry, *, summary: str, url: str, preliminary: bool) -> icalendar.Event:
    meeting = entry.meeting
    zone = selectors.slot_zone(meeting.slot, meeting.delegation)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.TWINNING_SITE_NAME.lower()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.slot.starts_at.astimezone(zone))
    event.add("dtend", meeting.slot.ends_at.astimezone(zone))
    event.add("summary", summary)
    where = _("Table %(table)s") % {"table": meeting.table}
    if meeting.slot.venue_id:
        where = f"{translated_value(meeting.slot.venue, 'name')[0]}, {where}"
    event.add("location", where)
    lines = []
    if meeting.interpreter_id:
        lines.append(_("Interpreter: %(name)s") % {"name": meeting.interpreter.name})
    if preliminary:
        lines.append(_("Preliminary: times and tables may still change."))
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", "TENTATIVE" if preliminary else "CONFIRMED")
    event.add("url", url)
    return event


def participant_events(participant: Participant) -> list[icalendar.Event]:
    policy = selectors.agenda_policy(participant.delegation)
    if policy is None or policy.agenda_status == MatchmakingPolicy.AgendaStatus.DRAFT:
        return []
    preliminary = policy.agenda_status == MatchmakingPolicy.AgendaStatus.PRELIMINARY
    url = settings.TWINNING_BASE_URL + reverse(
        "matchmaking:agenda", kwargs={"slug": participant.delegation.slug}
    )
    return [
        _event(
            entry,
            summary=_("Meeting: %(counterpart)s")
            % {"counterpart": translated_value(entry.counterpart, "organisation")[0]},
            url=url,
            preliminary=preliminary,
        )
        for entry in selectors.participant_agenda(participant=participant)
    ]


def member_events(member) -> list[icalendar.Event]:
    """A member's meetings, for their own feed (none while the agenda is a draft)."""
    participant = Participant.objects.select_related("delegation").filter(member=member).first()
    return [] if participant is None else participant_events(participant)


def interpreter_calendar(interpreter: Interpreter) -> bytes:
    policy = selectors.agenda_policy(interpreter.delegation)
    preliminary = policy is not None and policy.agenda_status == "preliminary"
    url = settings.TWINNING_BASE_URL + reverse(
        "matchmaking:interpreter_agenda",
        kwargs={"slug": interpreter.delegation.slug, "token": interpreter.calendar_token},
    )
    events = [
        _event(
            entry,
            summary=_("Interpreting: %(a)s / %(b)s")
            % {
                "a": translated_value(entry.meeting.participant_a, "organisation")[0],
                "b": translated_value(entry.meeting.participant_b, "organisation")[0],
            },
            url=url,
            preliminary=preliminary,
        )
        for entry in selectors.interpreter_agenda(interpreter=interpreter)
    ]
    name = _("%(delegation)s — interpreting") % {
        "delegation": translated_value(interpreter.delegation, "title")[0]
    }
    return calendars.calendar_bytes(name, events)


def participant_calendar(participant: Participant) -> bytes:
    """The calendar file behind a participant's secret agenda address."""
    url = settings.TWINNING_BASE_URL + reverse(
        "matchmaking:participant_agenda",
        kwargs={"slug": participant.delegation.slug, "token": participant.agenda_token},
    )
    policy = selectors.agenda_policy(participant.delegation)
    preliminary = policy is not None and policy.agenda_status == "preliminary"
    events = [
        _event(
            entry,
            summary=_("Meeting: %(counterpart)s")
            % {"counterpart": translated_value(entry.counterpart, "organisation")[0]},
            url=url,
            preliminary=preliminary,
        )
        for entry in selectors.participant_agenda(participant=participant)
    ]
    name = _("%(delegation)s — my meetings") % {
        "delegation": translated_value(participant.delegation, "title")[0]
    }
    return calendars.calendar_bytes(name, events)


def register() -> None:
    calendars.register_member_events(member_events)
