"""The agenda part of the matchmaking demo (idempotent), run after the profiles and the
requests: the 2027 mission's meeting slots and interpreters (when nobody made them), a run
of the scheduler over the accepted requests (when no meeting exists yet), and the agenda
published as preliminary, so that each delegate's agenda shows table and interpreter.

Writes directly, as the other demo loaders do: publishing here sends no e-mail.
"""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from twinning.delegations.models import Delegation
from twinning.matchmaking.models import (
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Slot,
)

DELEGATION = "2027-seattle-business-mission-to-chongqing"
# The afternoon of one-on-one meetings: 14:00–17:20 in Chongqing, 20-minute slots.
DAY = datetime.date(2027, 5, 13)
FIRST, SLOTS, TABLES = datetime.time(14, 0), 10, 8
INTERPRETERS = ("Chen Jing 陈静", "Liu Yang 刘洋", "Zhao Min 赵敏", "Sun Lei 孙磊")


def _slots(delegation: Delegation, minutes: int) -> int:
    if Slot.objects.filter(delegation=delegation).exists():
        return 0
    zone = zoneinfo.ZoneInfo(delegation.cities[1].time_zone)
    start = datetime.datetime.combine(DAY, FIRST, tzinfo=zone)
    for n in range(SLOTS):
        begins = start + datetime.timedelta(minutes=minutes * n)
        Slot.objects.create(
            delegation=delegation,
            starts_at=begins,
            ends_at=begins + datetime.timedelta(minutes=minutes),
            tables=TABLES,
        )
    return SLOTS


def _interpreters(delegation: Delegation) -> int:
    if Interpreter.objects.filter(delegation=delegation).exists():
        return 0
    for name in INTERPRETERS:
        Interpreter.objects.create(delegation=delegation, name=name, pairs=[["en", "zh"]])
    return len(INTERPRETERS)


def _requests(delegation: Delegation) -> int:
    """Only when the delegation has no request at all (the requests' own demo did not run):
    each delegate asks its two best suggestions, and they accept."""
    from twinning.accounts.rules import system_actor
    from twinning.matchmaking import selectors

    if MeetingRequest.objects.filter(delegation=delegation).exists():
        return 0
    actor, made = system_actor(), 0
    delegates = Participant.objects.filter(delegation=delegation, kind=Participant.Kind.DELEGATE)
    for delegate in delegates.order_by("pk"):
        rows = [
            row
            for row in selectors.suggestions(reader=delegate, limit=10)
            if row.participant.kind == Participant.Kind.COUNTERPART
        ][:2]
        for row in rows:
            MeetingRequest.objects.get_or_create(
                requester=delegate,
                target=row.participant,
                defaults={
                    "delegation": delegation,
                    "priority": MeetingRequest.Priority.WOULD,
                    "status": MeetingRequest.Status.ACCEPTED,
                    "created_by": actor,
                    "answered_by": actor,
                    "answered_at": timezone.now(),
                },
            )
            made += 1
    return made


def _schedule(delegation: Delegation) -> int:
    """Run the scheduler once over the accepted requests, as a coordinator would."""
    from twinning.accounts.rules import system_actor
    from twinning.matchmaking import services

    if Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED).exists():
        return 0
    if not MeetingRequest.objects.filter(
        delegation=delegation, status=MeetingRequest.Status.ACCEPTED
    ).exists():
        return 0
    actor = system_actor()
    run = ScheduleRun.objects.create(
        delegation=delegation, requested_by=actor, time_limit=5.0, kind=ScheduleRun.Kind.FULL
    )
    services.schedule_run_execute(actor=actor, run=run)
    return Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED).count()


def load() -> dict[str, int]:
    counts = {"slots": 0, "interpreters": 0, "requests": 0, "meetings": 0, "published": 0}
    delegation = Delegation.objects.filter(slug=DELEGATION).first()
    if delegation is None:
        return counts
    with transaction.atomic():
        policy, _created = MatchmakingPolicy.objects.get_or_create(delegation=delegation)
        counts["slots"] = _slots(delegation, policy.slot_minutes)
        counts["interpreters"] = _interpreters(delegation)
        counts["requests"] = _requests(delegation)
    counts["meetings"] = _schedule(delegation)
    scheduled = Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
    policy.refresh_from_db()
    if scheduled.exists() and policy.agenda_status == MatchmakingPolicy.AgendaStatus.DRAFT:
        policy.agenda_status = MatchmakingPolicy.AgendaStatus.PRELIMINARY
        policy.agenda_published_at = timezone.now()
        policy.save(update_fields=["agenda_status", "agenda_published_at"])
        counts["published"] = 1
    return counts
