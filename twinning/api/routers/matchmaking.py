"""Coordinators' matchmaking: counterpart profiles and the other participants, meeting
requests and meetings (matchmaking services).

Every object goes through the web pages' gate for the token's owner, as the coordinators'
pages of the delegation do (the directory and profile form, the requests page, the grid):
an object of a delegation they do not coordinate answers 404, like the page. Writes go
through the services, which ask their own rule again (403 when the owner may see the
object but not do this to it).
"""

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from ninja import Field as F
from ninja import Query, Router
from ninja.errors import ValidationError as RequestInvalid
from pydantic import field_validator

from twinning.accounts.rules import may, system_actor
from twinning.api import schemas
from twinning.api.auth import TokenAuth, actor, gate
from twinning.api.idempotency import idempotent
from twinning.api.models import Scope
from twinning.api.routers.public import Paging, _page
from twinning.api.routers.registrations import IdempotencyKey
from twinning.api.schemas import Id, Slug
from twinning.delegations.models import Delegation
from twinning.matchmaking import selectors, services
from twinning.matchmaking.models import Meeting, MeetingRequest, Participant, Sector

READ = TokenAuth(Scope.MATCHMAKING_READ)
WRITE = TokenAuth(Scope.MATCHMAKING_WRITE)
router = Router(tags=["matchmaking"])

# The rules of the coordinators' pages: the counterparts' pages, the requests page, the grid.
PROFILES = "matchmaking.manage_counterparts"
REQUESTS = "matchmaking.manage_requests"
GRID = "matchmaking.see_grid"


def delegation_for(request, slug: str, action: str) -> Delegation:
    delegation = Delegation.objects.filter(slug=slug).first()
    gate(request, action, delegation)
    return delegation


def _delegation_of(obj):
    return obj.delegation if obj is not None else None


def _invalid(field: str, message: str) -> RequestInvalid:
    """A body naming what is not there: 422, as any invalid request."""
    return RequestInvalid([{"loc": ("body", field), "msg": message}])


# ---------------------------------------------------------------- participants


def _participants():
    return Participant.objects.select_related("delegation").prefetch_related("sectors")


def participant_for(request, participant_id: int) -> Participant:
    """A profile with every field: whom the profile form shows it to (its own, or a
    coordinator of its delegation)."""
    participant = _participants().filter(pk=participant_id).first()
    gate(request, "matchmaking.edit_profile", participant)
    return participant


def _sectors(slugs: list[str]) -> list[Sector]:
    found = list(Sector.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {sector.slug for sector in found})
    if unknown:
        raise _invalid("sectors", f"Unknown sectors: {', '.join(unknown)}.")
    return found


class ParticipantFilters(Paging):
    kind: Participant.Kind | None = None
    sector: Slug | None = F(None, description="A sector's slug.")
    language: schemas.Spoken | None = F(None, description="A language they speak.")
    search: str | None = F(
        None, max_length=100, description="Words in any language, as the directory's search."
    )

    _checked = field_validator("search")(schemas._no_nul)


@router.get("/delegations/{slug}/participants", response=schemas.ProfileList, auth=READ)
def participant_list(request, slug: Slug, filters: Query[ParticipantFilters]):
    delegation = delegation_for(request, slug, PROFILES)
    found = selectors.directory(
        delegation=delegation,
        viewer=None,
        side="all",
        kind=filters.kind or "",
        sector=filters.sector or "",
        language=filters.language or "",
        q=filters.search or "",
    ).select_related("delegation")
    return _page(found, filters)


@router.get("/participants/{participant_id}", response=schemas.ProfileOut, auth=READ)
def participant_detail(request, participant_id: Id):
    return participant_for(request, participant_id)


@router.post("/delegations/{slug}/participants", response={201: schemas.ProfileOut}, auth=WRITE)
def participant_create(
    request, slug: Slug, profile: schemas.ProfileIn, idempotency_key: str | None = IdempotencyKey
):
    """A counterpart or government office profile, kept by the coordinators on its behalf."""
    delegation = delegation_for(request, slug, PROFILES)
    sectors = _sectors(profile.sectors)

    def run():
        created = services.counterpart_create(
            actor=actor(request), delegation=delegation, values=profile.values(), sectors=sectors
        )
        return 201, schemas.ProfileOut.from_orm(created)

    return idempotent(request, idempotency_key, run)


@router.put("/participants/{participant_id}", response=schemas.ProfileOut, auth=WRITE)
def participant_update(
    request,
    participant_id: Id,
    profile: schemas.ProfileIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """The whole profile, as the profile form saves it."""
    participant = participant_for(request, participant_id)
    sectors = _sectors(profile.sectors)

    def run():
        if profile.kind is not None and not may(actor(request), PROFILES, participant.delegation):
            raise PermissionDenied("A profile's kind is changed by the coordinators.")
        updated = services.profile_update(
            actor=actor(request), participant=participant, values=profile.values(), sectors=sectors
        )
        return 200, schemas.ProfileOut.from_orm(updated)

    return idempotent(request, idempotency_key, run)


@router.post("/participants/{participant_id}/withdraw", response=schemas.WithdrawalOut, auth=WRITE)
def participant_withdraw(request, participant_id: Id, idempotency_key: str | None = IdempotencyKey):
    """A late cancellation: their meetings are cancelled and the others' re-planned."""
    participant = participant_for(request, participant_id)

    def run():
        repair = services.participant_withdraw(actor=actor(request), participant=participant)
        return 200, schemas.WithdrawalOut(
            participant=_participants().get(pk=participant.pk),
            repair_run=repair.pk if repair is not None else None,
        )

    return idempotent(request, idempotency_key, run)


# ---------------------------------------------------------------- meeting requests


def meeting_request_for(request, request_id: int) -> MeetingRequest:
    found = (
        MeetingRequest.objects.select_related("delegation", "requester", "target")
        .filter(pk=request_id)
        .first()
    )
    gate(request, REQUESTS, _delegation_of(found))
    return found


class MeetingRequestFilters(Paging):
    status: MeetingRequest.Status | None = F(None, description="As the coordinators' page.")
    participant: Id | None = F(None, description="Requests made or received by this one.")


@router.get("/delegations/{slug}/meeting-requests", response=schemas.MeetingRequestList, auth=READ)
def meeting_request_list(request, slug: Slug, filters: Query[MeetingRequestFilters]):
    delegation = delegation_for(request, slug, REQUESTS)
    # Expired on read, as the pages do: nobody waits on the scheduled job.
    services.meeting_requests_expire(actor=system_actor(), delegation=delegation)
    found = selectors.requests_for_coordinator(
        delegation=delegation, status=filters.status or ""
    ).select_related("delegation")
    if filters.participant:
        found = found.filter(Q(requester=filters.participant) | Q(target=filters.participant))
    return _page(found, filters)


@router.get("/meeting-requests/{request_id}", response=schemas.MeetingRequestOut, auth=READ)
def meeting_request_detail(request, request_id: Id):
    return meeting_request_for(request, request_id)


@router.post(
    "/delegations/{slug}/meeting-requests",
    response={201: schemas.MeetingRequestOut},
    auth=WRITE,
)
def meeting_request_create(
    request,
    slug: Slug,
    wish: schemas.MeetingRequestIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Ask for a meeting on behalf of a participant, as a coordinator can on the site."""
    delegation = delegation_for(request, slug, REQUESTS)
    sides = {
        side: Participant.objects.filter(delegation=delegation, pk=getattr(wish, side)).first()
        for side in ("requester", "target")
    }
    for side, participant in sides.items():
        if participant is None:
            raise _invalid(side, "No participant of this delegation has this id.")

    def run():
        made = services.meeting_request_create(
            actor=actor(request),
            priority=wish.priority,
            message=wish.message,
            met_before=wish.met_before,
            **sides,
        )
        return 201, schemas.MeetingRequestOut.from_orm(made)

    return idempotent(request, idempotency_key, run)


def _answered(request, request_id: int, key: str | None, *, accept: bool):
    found = meeting_request_for(request, request_id)

    def run():
        answered = services.meeting_request_answer(
            actor=actor(request), request=found, accept=accept
        )
        return 200, schemas.MeetingRequestOut.from_orm(answered)

    return idempotent(request, key, run)


REQUEST_ANSWERS = {200: schemas.MeetingRequestOut}


@router.post("/meeting-requests/{request_id}/accept", response=REQUEST_ANSWERS, auth=WRITE)
def meeting_request_accept(request, request_id: Id, idempotency_key: str | None = IdempotencyKey):
    return _answered(request, request_id, idempotency_key, accept=True)


@router.post("/meeting-requests/{request_id}/decline", response=REQUEST_ANSWERS, auth=WRITE)
def meeting_request_decline(request, request_id: Id, idempotency_key: str | None = IdempotencyKey):
    return _answered(request, request_id, idempotency_key, accept=False)


@router.post("/meeting-requests/{request_id}/withdraw", response=REQUEST_ANSWERS, auth=WRITE)
def meeting_request_withdraw(request, request_id: Id, idempotency_key: str | None = IdempotencyKey):
    found = meeting_request_for(request, request_id)

    def run():
        withdrawn = services.meeting_request_withdraw(actor=actor(request), request=found)
        return 200, schemas.MeetingRequestOut.from_orm(withdrawn)

    return idempotent(request, idempotency_key, run)


# ---------------------------------------------------------------- meetings


def _meetings():
    return Meeting.objects.select_related(
        "delegation__relationship__city_a",
        "delegation__relationship__city_b",
        "slot__venue",
        "participant_a",
        "participant_b",
        "interpreter",
    )


def meeting_for(request, meeting_id: int) -> Meeting:
    meeting = _meetings().filter(pk=meeting_id).first()
    gate(request, GRID, _delegation_of(meeting))
    return meeting


class MeetingFilters(Paging):
    day: datetime.date | None = F(
        None,
        ge=datetime.date(1900, 1, 1),
        le=datetime.date(9000, 12, 31),
        description="Meetings starting on this day where the delegation meets (its "
        "destination city's calendar).",
    )
    participant: Id | None = F(None, description="Meetings of this participant.")
    status: Meeting.Status | None = None


@router.get("/delegations/{slug}/meetings", response=schemas.MeetingList, auth=READ)
def meeting_list(request, slug: Slug, filters: Query[MeetingFilters]):
    delegation = delegation_for(request, slug, GRID)
    found = _meetings().filter(delegation=delegation)
    if filters.day:
        zone = zoneinfo.ZoneInfo(delegation.cities[1].time_zone)
        start = datetime.datetime.combine(filters.day, datetime.time(), tzinfo=zone)
        found = found.filter(
            slot__starts_at__gte=start, slot__starts_at__lt=start + datetime.timedelta(days=1)
        )
    if filters.participant:
        found = found.filter(
            Q(participant_a=filters.participant) | Q(participant_b=filters.participant)
        )
    if filters.status:
        found = found.filter(status=filters.status)
    return _page(found, filters)


@router.get("/meetings/{meeting_id}", response=schemas.MeetingOut, auth=READ)
def meeting_detail(request, meeting_id: Id):
    return meeting_for(request, meeting_id)


def _changed(request, meeting_id: int, key: str | None, service, **arguments):
    """Run ``service`` on the meeting once per key; the meeting as it is then."""
    meeting = meeting_for(request, meeting_id)

    def run():
        service(actor=actor(request), meeting=meeting, **arguments)
        return 200, schemas.MeetingOut.from_orm(_meetings().get(pk=meeting.pk))

    return idempotent(request, key, run)


MEETING_ANSWERS = {200: schemas.MeetingOut}


@router.post("/meetings/{meeting_id}/lock", response=MEETING_ANSWERS, auth=WRITE)
def meeting_lock(request, meeting_id: Id, idempotency_key: str | None = IdempotencyKey):
    """The scheduler keeps it where it is."""
    return _changed(request, meeting_id, idempotency_key, services.meeting_lock, locked=True)


@router.post("/meetings/{meeting_id}/unlock", response=MEETING_ANSWERS, auth=WRITE)
def meeting_unlock(request, meeting_id: Id, idempotency_key: str | None = IdempotencyKey):
    """The scheduler may move it again."""
    return _changed(request, meeting_id, idempotency_key, services.meeting_lock, locked=False)


def _cancel_once(*, actor, meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.SCHEDULED:
        services.meeting_cancel(actor=actor, meeting=meeting)


@router.post("/meetings/{meeting_id}/cancel", response=MEETING_ANSWERS, auth=WRITE)
def meeting_cancel(request, meeting_id: Id, idempotency_key: str | None = IdempotencyKey):
    """Called off (a side cannot come then): its table and slot are free again and the pair
    may be scheduled by a later run; both sides are told once the agenda is published. A
    repeat changes nothing."""
    return _changed(request, meeting_id, idempotency_key, _cancel_once)


@router.post("/meetings/{meeting_id}/check-in", response=MEETING_ANSWERS, auth=WRITE)
def meeting_check_in(request, meeting_id: Id, idempotency_key: str | None = IdempotencyKey):
    """It has started at its table: it took place (a second check-in changes nothing)."""
    return _changed(request, meeting_id, idempotency_key, services.meeting_check_in)


@router.post("/meetings/{meeting_id}/attendance", response=MEETING_ANSWERS, auth=WRITE)
def meeting_attendance(
    request,
    meeting_id: Id,
    attendance: schemas.AttendanceIn,
    idempotency_key: str | None = IdempotencyKey,
):
    """Who came: held, or a no-show of one side or both."""
    return _changed(
        request,
        meeting_id,
        idempotency_key,
        services.meeting_attendance_set,
        attendance=attendance.attendance,
    )
