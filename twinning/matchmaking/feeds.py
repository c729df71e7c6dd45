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


def _meeting_summary(entry) -> str:
    return _("Meeting: %(counterpart)s") % {
        "counterpart": translated_value(entry.counterpart, "organisation")[0]
    }


def participant_events(participant: Participant) -> list[icalendar.Event]:
    policy = selectors.agenda_policy(participant.delegation)
    if policy is None or policy.agenda_status == MatchmakingPolicy.AgendaStatus.DRAFT:
        return []
    preliminary = policy.agenda_status == MatchmakingPolicy.AgendaStatus.PRELIMINARY
    url = settings.TWINNING_BASE_URL + reverse(
        "matchmaking:agenda", kwargs={"slug": participant.delegation.slug}
    )
    return [
        _event(entry, summary=_meeting_summary(entry), url=url, preliminary=preliminary)
        for entry in selectors.participant_agenda(participant=participant)
    ]


def member_events(member) -> list[icalendar.Event]:
    """A member's meetings, for their own feed (none while the agenda is a draft)."""
    participant = Participant.objects.select_related("delegation").filter(member=member).first()
    return [] if participant is None else participant_events(participant)


def _linked_calendar(
    delegation, *, url_name: str, token: str, entries, summary, name: str
) -> bytes:
    """The calendar file behind a secret agenda address (``url_name`` with ``token``):
    ``summary(entry)`` names each meeting, ``name`` (with ``%(delegation)s``) the calendar."""
    url = settings.TWINNING_BASE_URL + reverse(
        url_name, kwargs={"slug": delegation.slug, "token": token}
    )
    policy = selectors.agenda_policy(delegation)
    preliminary = policy is not None and policy.agenda_status == "preliminary"
    events = [
        _event(entry, summary=summary(entry), url=url, preliminary=preliminary) for entry in entries
    ]
    title = name % {"delegation": translated_value(delegation, "title")[0]}
    return calendars.calendar_bytes(title, events)


def _interpreting_summary(entry) -> str:
    return _("Interpreting: %(a)s / %(b)s") % {
        "a": translated_value(entry.meeting.participant_a, "organisation")[0],
        "b": translated_value(entry.meeting.participant_b, "organisation")[0],
    }


def interpreter_calendar(interpreter: Interpreter) -> bytes:
    return _linked_calendar(
        interpreter.delegation,
        url_name="matchmaking:interpreter_agenda",
        token=interpreter.calendar_token,
        entries=selectors.interpreter_agenda(interpreter=interpreter),
        summary=_interpreting_summary,
        name=_("%(delegation)s — interpreting"),
    )


def participant_calendar(participant: Participant) -> bytes:
    """The calendar file behind a participant's secret agenda address."""
    return _linked_calendar(
        participant.delegation,
        url_name="matchmaking:participant_agenda",
        token=participant.agenda_token,
        entries=selectors.participant_agenda(participant=participant),
        summary=_meeting_summary,
        name=_("%(delegation)s — my meetings"),
    )


def register() -> None:
    calendars.register_member_events(member_events)
