"""Matchmaking reads. Each stream keeps its functions in its own block."""

# -- profiles: directory, profiles, suggestions --
import datetime
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.core.translation_fields import all_languages, field_names, texts_by_language
from twinning.delegations.models import Delegation, Member
from twinning.delegations.timefmt import ZonedSpan, zoned_span
from twinning.matchmaking import checks, imports, scheduling, suggest
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Sector,
    Slot,
)

SEARCHED = ("organisation", "description", "offers", "seeks", "brings")


def participant_for(*, delegation: Delegation, user) -> Participant | None:
    """The signed-in user's own profile in this delegation: as a delegate or claimed."""
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(delegation=delegation)
        .filter(Q(user=user) | Q(member__user=user))
        .select_related("member")
        .first()
    )


def own_delegate_membership(*, delegation: Delegation, user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(
        delegation=delegation, user=user, confirmed=True, role=Member.Role.DELEGATE
    ).first()


def participant_get(*, delegation: Delegation, pk: int, user, action: str) -> Participant:
    """One profile of this delegation that ``user`` may ``action``; 404 otherwise."""
    participant = (
        Participant.objects.filter(delegation=delegation, pk=pk)
        .select_related("delegation", "member__user")
        .prefetch_related("sectors")
        .first()
    )
    if participant is None or not may(user, action, participant):
        raise Http404
    return participant


def participant_by_token(*, delegation: Delegation, token: str) -> Participant | None:
    return (
        Participant.objects.filter(delegation=delegation, claim_token=token, user__isnull=True)
        .exclude(kind=Participant.Kind.DELEGATE)
        .first()
        if token
        else None
    )


def sectors() -> QuerySet[Sector]:
    return Sector.objects.all()


def directory(
    *,
    delegation: Delegation,
    viewer: Participant | None,
    side: str = "other",
    kind: str = "",
    sector: str = "",
    language: str = "",
    q: str = "",
) -> QuerySet[Participant]:
    """The delegation's participants, filtered; ``side`` "other" shows the viewer's other
    side (delegates see the host city, the host city sees delegates), "all" everyone."""
    found = Participant.objects.filter(delegation=delegation)
    if viewer is not None:
        found = found.exclude(pk=viewer.pk)
        if side == "other":
            if viewer.kind == Participant.Kind.DELEGATE:
                found = found.exclude(kind=Participant.Kind.DELEGATE)
            else:
                found = found.filter(kind=Participant.Kind.DELEGATE)
    if kind in Participant.Kind.values:
        found = found.filter(kind=kind)
    if sector:
        found = found.filter(sectors__slug=sector)
    if language in imports.SPOKEN:
        # The list's JSON text holds the quoted code on every database (SQLite has no
        # JSON containment).
        found = found.filter(languages__icontains=f'"{language}"')
    for word in q.split()[:5]:
        found = found.filter(
            reduce(
                or_,
                [Q(**{f"{name}__icontains": word}) for f in SEARCHED for name in field_names(f)]
                + [Q(contact_name__icontains=word)],
            )
        )
    return found.distinct().prefetch_related("sectors").order_by("kind", "pk")


# -- suggestions


def _profile(participant: Participant) -> suggest.Profile:
    return suggest.Profile(
        id=participant.pk,
        kind=participant.kind,
        sectors=frozenset(s.slug for s in participant.sectors.all()),
        offers=tuple(all_languages(participant, "offers")),
        seeks=tuple(all_languages(participant, "seeks")),
        about=tuple(all_languages(participant, "description")),
    )


def _sector_info(sector: Sector) -> suggest.SectorInfo:
    names = texts_by_language(sector, "name")
    keywords = tuple(
        word.strip() for text in all_languages(sector, "keywords") for word in text.split(",")
    )
    return suggest.SectorInfo(sector.slug, names, tuple(k for k in keywords if k))


def _reader_code() -> str:
    """The reader's language as the suggestions' labels have it: "zh" or "en"."""
    return suggest.ZH if (get_language() or "").startswith("zh") else suggest.EN


def _join(words: list[str]) -> str:
    separator = _(", ")
    return separator.join(words)


def reason_text(reason: suggest.Reason, sector_names: dict[str, str]) -> str:
    """One reason as a phrase in the reader's language."""
    code = _reader_code()
    words = _join([label.get(code) for label in reason.labels])
    if reason.kind == "sectors":
        names = _join([sector_names.get(slug, slug) for slug in reason.sectors])
        return _("both in %(sectors)s") % {"sectors": names}
    if reason.kind == "you_offer":
        return _("they seek %(words)s, you offer it") % {"words": words}
    if reason.kind == "they_offer":
        return _("you seek %(words)s, they offer it") % {"words": words}
    return _("both mention %(words)s") % {"words": words}


@dataclass(frozen=True)
class SuggestionRow:
    participant: Participant
    score: float
    reasons: list[str]
    requested: str  # "" or the status of a request between the two (either way)


def suggestions(*, reader: Participant, limit: int = 10) -> list[SuggestionRow]:
    """The reader's best matches in their delegation, with the reasons in the reader's
    language; pairs with a "no, thanks" either way are left out, requested pairs marked."""
    everyone = list(
        Participant.objects.filter(delegation_id=reader.delegation_id).prefetch_related("sectors")
    )
    all_sectors = list(Sector.objects.all())
    requests = MeetingRequest.objects.filter(
        Q(requester=reader) | Q(target=reader), delegation_id=reader.delegation_id
    ).values_list("requester_id", "target_id", "priority", "status")
    refused: set[int] = set()
    requested: dict[int, str] = {}
    for requester, target, priority, status in requests:
        other = target if requester == reader.pk else requester
        if priority == MeetingRequest.Priority.NO:
            refused.add(other)
        else:
            requested[other] = status
    index = suggest.Index([_profile(p) for p in everyone], [_sector_info(s) for s in all_sectors])
    by_id = {p.pk: p for p in everyone}
    sector_names = {s.slug: s.name for s in all_sectors}
    status_labels = dict(MeetingRequest.Status.choices)
    found = index.suggest(_profile(by_id[reader.pk]), exclude=refused, limit=limit)
    return [
        SuggestionRow(
            participant=by_id[item.profile.id],
            score=item.score,
            reasons=[reason_text(r, sector_names) for r in item.reasons],
            requested=str(status_labels.get(requested.get(item.profile.id, ""), "")),
        )
        for item in found
    ]


# -- the coordinators' counterparts pages


def import_preview(*, delegation: Delegation, rows: list[dict[str, str]]) -> imports.Report:
    """What an import of these rows would do, row by row; nothing is written."""
    others = Participant.objects.filter(delegation=delegation).exclude(
        kind=Participant.Kind.DELEGATE
    )
    by_id = dict(others.values_list("pk", "kind"))
    by_email = {
        email.lower(): pk
        for pk, email in others.exclude(contact_email="").values_list("pk", "contact_email")
    }
    checks = imports.check_rows(
        rows,
        existing_by_id=by_id,
        existing_by_email=by_email,
        sector_slugs=set(Sector.objects.values_list("slug", flat=True)),
    )
    return imports.Report(rows=checks)


def delegations_with_matchmaking() -> QuerySet[Delegation]:
    """Every delegation, newest first: the back office keeps counterparts for any."""
    return Delegation.objects.order_by("-pk")


# -- flow: requests and schedule runs ------------------------------------------------------
def own_participants(*, user, delegation) -> QuerySet[Participant]:
    """The participants this user is in the delegation: their delegate profile, or claimed."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(user=user) | Q(member__user=user), delegation=delegation, withdrawn_at=None
    ).order_by("pk")


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related("requester", "target").order_by(
        "-created_at", "pk"
    )


def requests_made(*, participants) -> QuerySet[MeetingRequest]:
    return _requests().filter(requester__in=participants)


def requests_received(*, participants) -> QuerySet[MeetingRequest]:
    return _requests().filter(target__in=participants).exclude(priority="no")


def requests_for_coordinator(*, delegation, status: str = "") -> QuerySet[MeetingRequest]:
    requests = _requests().filter(delegation=delegation)
    return requests.filter(status=status) if status else requests


def request_counts(*, delegation) -> dict[str, int]:
    counts = dict.fromkeys(MeetingRequest.Status.values, 0)
    for status in MeetingRequest.objects.filter(delegation=delegation).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return counts


def schedule_runs(*, delegation) -> QuerySet[ScheduleRun]:
    return (
        ScheduleRun.objects.filter(delegation=delegation)
        .select_related("requested_by")
        .defer("input", "output")
        .order_by("-created_at", "-pk")
    )


@dataclass
class RunReport:
    """What a finished run tells the coordinator, names and reasons included."""

    ratio: float | None = None
    gap_percent: float | None = None
    without_meeting: list = field(default_factory=list)
    unscheduled: list = field(default_factory=list)  # (name, name, reason)
    mean_idle_slots: float | None = None
    below_min: object = None
    seconds: float | None = None


def run_report(*, run: ScheduleRun) -> RunReport:
    report = RunReport()
    if run.status != ScheduleRun.Status.DONE:
        return report
    if run.upper_bound:
        report.ratio = (run.value or 0) / run.upper_bound
        report.gap_percent = max(0.0, (1 - report.ratio) * 100)
    elif run.upper_bound == 0:
        report.ratio, report.gap_percent = 1.0, 0.0
    stats = run.stats or {}
    report.mean_idle_slots = stats.get("mean_idle_slots")
    report.below_min = stats.get("participants_below_min")
    report.seconds = stats.get("seconds")
    output, input_doc = run.output or {}, run.input or {}
    requested = {pk for r in input_doc.get("requests", []) for pk in r["participants"]}
    met = {f"p{pk}" for m in output.get("meetings", []) for pk in scheduling.pair_of(m["request"])}
    pks = {int(key[1:]) for key in requested}
    for item in output.get("unscheduled", []):
        pks.update(scheduling.pair_of(item["request"]))
        pks.update(int(pk) for pk in re.findall(r'"p(\d+)"', item.get("reason", "")))
    names = {p.pk: p for p in Participant.objects.filter(pk__in=pks)}
    report.without_meeting = [
        names[int(key[1:])] for key in sorted(requested - met) if int(key[1:]) in names
    ]
    for item in output.get("unscheduled", []):
        a, b = scheduling.pair_of(item["request"])
        if a in names and b in names:
            report.unscheduled.append(
                (names[a], names[b], scheduling.reason_display(item.get("reason", ""), names))
            )
    return report


# -- agenda: agendas, the grid, the day's outcomes ------------------------------------------
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


def participant_by_agenda_token(*, slug: str, token: str) -> Participant | None:
    """The participant behind an agenda's secret address (one without an account)."""
    return (
        Participant.objects.select_related(
            "delegation__matchmaking_policy",
            "delegation__relationship__city_a",
            "delegation__relationship__city_b",
        )
        .filter(delegation__slug=slug, agenda_token=token, withdrawn_at__isnull=True)
        .first()
    )


def accountless_with_meetings(delegation: Delegation) -> list[Participant]:
    """The participants with a meeting and no account (told at their contact address, with
    their agenda's secret link); those without an address cannot be told at all."""
    meetings = Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
    sides = set(meetings.values_list("participant_a", flat=True)) | set(
        meetings.values_list("participant_b", flat=True)
    )
    found = Participant.objects.select_related("member__user", "user").filter(pk__in=sides)
    return [p for p in found.order_by("organisation", "pk") if participant_account(p) is None]


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
