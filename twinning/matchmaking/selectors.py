"""Reads of the matchmaking app (each stream in its own block)."""

# -- agenda: agendas, the grid, the day's outcomes --------------------------------------------
import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from twinning.delegations.models import Delegation
from twinning.delegations.timefmt import ZonedSpan, zoned_span
from twinning.matchmaking import checks
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    Participant,
    Slot,
)


def agenda_policy(delegation: Delegation) -> MatchmakingPolicy | None:
    return MatchmakingPolicy.objects.filter(delegation=delegation).first()


def participant_of(*, user, delegation: Delegation) -> Participant | None:
    """The user's own participant in this delegation (their membership's, or a claimed
    profile), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Participant.objects.select_related("member", "delegation__matchmaking_policy")
        .filter(delegation=delegation)
        .filter(Q(member__user=user, member__confirmed=True) | Q(user=user))
        .order_by("pk")
        .first()
    )


def interpreter_of(*, user, delegation: Delegation) -> Interpreter | None:
    if user is None or not user.is_authenticated:
        return None
    return Interpreter.objects.filter(delegation=delegation, user=user).order_by("pk").first()


def slot_zone(slot: Slot, delegation: Delegation) -> zoneinfo.ZoneInfo:
    """The slot's venue's zone, else the destination city's (where the meetings are)."""
    if slot.venue_id:
        return slot.venue.zone
    return zoneinfo.ZoneInfo(delegation.cities[1].time_zone)


def participant_account(participant: Participant):
    """Whom a participant's e-mails go to: the delegate's account or the claimed profile's."""
    if participant.member_id and participant.member.user.is_active:
        return participant.member.user
    if participant.user_id and participant.user.is_active:
        return participant.user
    return None


def _meetings(delegation: Delegation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
        .select_related(
            "slot__venue",
            "participant_a__member__user",
            "participant_b__member__user",
            "interpreter",
        )
        .prefetch_related(Prefetch("feedback", queryset=Feedback.objects.order_by("pk")))
        .order_by("slot__starts_at", "table", "pk")
    )


@dataclass(frozen=True)
class AgendaEntry:
    meeting: Meeting
    time: ZonedSpan
    counterpart: Participant
    # This side's feedback, if given (for a participant's agenda).
    feedback: Feedback | None = None

    @property
    def slot(self) -> Slot:
        return self.meeting.slot


def _entries(meetings, delegation, viewer_zone, *, side: Participant | None = None):
    entries = []
    for meeting in meetings:
        counterpart = meeting.participant_a
        if side is not None and meeting.participant_a_id == side.pk:
            counterpart = meeting.participant_b
        mine = None
        if side is not None:
            mine = next((f for f in meeting.feedback.all() if f.participant_id == side.pk), None)
        entries.append(
            AgendaEntry(
                meeting,
                zoned_span(
                    meeting.slot.starts_at,
                    meeting.slot.ends_at,
                    slot_zone(meeting.slot, delegation),
                    viewer_zone,
                ),
                counterpart,
                mine,
            )
        )
    return entries


def participant_agenda(
    *, participant: Participant, viewer_zone: zoneinfo.ZoneInfo | None = None
) -> list[AgendaEntry]:
    """The participant's scheduled meetings in time order, each with the other side."""
    delegation = participant.delegation
    meetings = _meetings(delegation).filter(
        Q(participant_a=participant) | Q(participant_b=participant)
    )
    return _entries(meetings, delegation, viewer_zone, side=participant)


def interpreter_agenda(
    *, interpreter: Interpreter, viewer_zone: zoneinfo.ZoneInfo | None = None
) -> list[AgendaEntry]:
    delegation = interpreter.delegation
    meetings = _meetings(delegation).filter(interpreter=interpreter)
    return _entries(meetings, delegation, viewer_zone)


def interpreter_by_token(*, slug: str, token: str) -> Interpreter | None:
    return (
        Interpreter.objects.select_related(
            "delegation__matchmaking_policy",
            "delegation__relationship__city_a",
            "delegation__relationship__city_b",
        )
        .filter(delegation__slug=slug, calendar_token=token)
        .first()
    )


def checks_context(delegation: Delegation) -> checks.Context:
    """Who is unavailable when, in two queries."""
    context = checks.Context()
    through = Participant.unavailable_slots.through
    for participant_id, slot_id in through.objects.filter(
        participant__delegation=delegation
    ).values_list("participant_id", "slot_id"):
        context.participant_unavailable.setdefault(participant_id, set()).add(slot_id)
    through = Interpreter.unavailable_slots.through
    for interpreter_id, slot_id in through.objects.filter(
        interpreter__delegation=delegation
    ).values_list("interpreter_id", "slot_id"):
        context.interpreter_unavailable.setdefault(interpreter_id, set()).add(slot_id)
    return context


@dataclass
class GridRow:
    slot: Slot
    time: ZonedSpan
    # One cell per table number (1..grid width): the meeting there, or None; a table the
    # slot does not have is "absent".
    cells: list = field(default_factory=list)


@dataclass
class Grid:
    tables: list[int]
    rows: list[GridRow]
    conflicts: dict[int, list[str]]
    meetings: list[Meeting]
    slots: list[Slot]
    interpreters: list[Interpreter]
    # Meetings at a table beyond every slot's count (shown apart, with their conflict).
    stray: list[Meeting] = field(default_factory=list)


def grid(*, delegation: Delegation, viewer_zone: zoneinfo.ZoneInfo | None = None) -> Grid:
    """Slots × tables with every scheduled meeting in its cell and the conflicts found."""
    slots = list(
        Slot.objects.filter(delegation=delegation).select_related("venue").order_by("starts_at")
    )
    meetings = list(_meetings(delegation))
    conflicts = checks.conflicts(meetings, checks_context(delegation))
    width = max([slot.tables for slot in slots] or [0])
    tables = list(range(1, width + 1))
    placed = {}
    stray = []
    for meeting in meetings:
        key = (meeting.slot_id, meeting.table)
        if meeting.table > width or key in placed:
            stray.append(meeting)
        else:
            placed[key] = meeting
    rows = []
    for slot in slots:
        time = zoned_span(slot.starts_at, slot.ends_at, slot_zone(slot, delegation), viewer_zone)
        cells = [
            placed.get((slot.pk, table)) if table <= slot.tables else "absent" for table in tables
        ]
        # A meeting at a table the slot lacks is in no cell: list it with the stray ones.
        stray += [
            placed[(slot.pk, table)]
            for table in tables
            if table > slot.tables and (slot.pk, table) in placed
        ]
        rows.append(GridRow(slot, time, cells))
    interpreters = list(Interpreter.objects.filter(delegation=delegation).order_by("name"))
    return Grid(tables, rows, conflicts, meetings, slots, interpreters, stray)


def meeting_get(*, delegation: Delegation, meeting_id: int) -> Meeting | None:
    return _meetings(delegation).filter(pk=meeting_id).first()


def feedback_due(*, delegation: Delegation, now: datetime.datetime) -> list[Meeting]:
    """Meetings that have ended, for which the sides are asked how it went."""
    return list(_meetings(delegation).filter(slot__ends_at__lte=now))


@dataclass(frozen=True)
class OutcomesSummary:
    counts: dict[str, int]
    # Meetings where at least one side said "cooperation possible".
    cooperation: list[Meeting]
    given: int
    meetings: int


def outcomes_summary(*, delegation: Delegation) -> OutcomesSummary:
    """The feedback of the delegation's meetings: a count per verdict, and the meetings
    where cooperation looks possible (for turning into the delegation's outcomes)."""
    feedback = list(
        Feedback.objects.filter(meeting__delegation=delegation).values_list("verdict", "meeting")
    )
    counts = Counter(verdict for verdict, _meeting in feedback)
    cooperation_ids = {
        meeting for verdict, meeting in feedback if verdict == Feedback.Verdict.COOPERATION
    }
    cooperation = list(_meetings(delegation).filter(pk__in=cooperation_ids))
    return OutcomesSummary(
        counts={value: counts.get(value, 0) for value in Feedback.Verdict.values},
        cooperation=cooperation,
        given=len(feedback),
        meetings=Meeting.objects.filter(
            delegation=delegation, status=Meeting.Status.SCHEDULED
        ).count(),
    )
