"""The database in the scheduler's exchange format and back (flow stream).

``schedule_input`` builds a ``twinning.meetings/1`` document (the spec in
``/work/shared/specs/meeting-scheduling.md``) from a delegation's slots, participants,
interpreters, requests and locked meetings; ``planned_meetings`` reads a
``twinning.schedule/1`` answer back as the meetings to keep, with table numbers that never
collide with a locked meeting's. The services write them (``services.schedule_run_execute``).

Ids in the document: ``p<pk>`` participants, ``s<pk>`` slots, ``i<pk>`` interpreters and
``r<a>-<b>`` (a < b) for the pair of participants a and b, however many requests it has.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from twinning.core.templatetags.twinning import translated_value
from twinning.matchmaking.models import (
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    MeetingRequest,
    Participant,
    Slot,
)

Priority = MeetingRequest.Priority
RStatus = MeetingRequest.Status

FORMAT_IN = "twinning.meetings/1"
FORMAT_OUT = "twinning.schedule/1"

# A pair's weight from both sides' wishes: each side that asks adds its priority's value,
# the side that only accepted adds ACCEPTED; a wish on both sides adds MUTUAL_BONUS on top
# (so a mutual "would like" outweighs a one-sided "must meet"); "met before" halves it.
SIDE_VALUE = {Priority.MUST: 3, Priority.WOULD: 2}
ACCEPTED = 1
MUTUAL_BONUS = 2
# A locked meeting placed by hand without any request still needs a request in the input.
LOCKED_WITHOUT_REQUEST = 1

# The scheduler's plain-English reasons (twinning/scheduler/schedule.py), translated.
REASONS = {
    "no common available slot": _("no time when both are available"),
    "no table in any common available slot": _("no table in any time when both are available"),
    "no common language and no interpreter for this language pair": _(
        "no common language, and no interpreter for their languages"
    ),
    "no common language and no suitable interpreter in a common available slot": _(
        "no common language, and no interpreter free when both are available"
    ),
    "no common slot with a table and a suitable interpreter": _(
        "no time with a free table and a suitable interpreter"
    ),
    "a participant cancelled": _("one of them cancelled"),
    "not selected": _("others were worth more in the time available"),
}
BUSY_PARTS = {
    "a participant already meets someone else": _("one of them already meets someone else"),
    "every table is taken": _("every table is taken"),
    "every suitable interpreter is taken": _("every suitable interpreter is taken"),
}
NO_MEETINGS = re.compile(r'^participant "p(\d+)" takes no meetings')
AT_MOST = re.compile(r'^participant "p(\d+)" has reached max_meetings \((\d+)\)$')
EVERY_SLOT = "in every common slot "


def reason_display(reason: str, names: dict | None = None) -> str:
    """The translated reason, or the scheduler's own words when they are new to us."""
    names = names or {}

    def name(pk: str) -> str:
        participant = names.get(int(pk))
        return translated_value(participant, "organisation")[0] if participant else f"p{pk}"

    if reason in REASONS:
        return str(REASONS[reason])
    if match := NO_MEETINGS.match(reason):
        return _("%(name)s takes no meetings") % {"name": name(match[1])}
    if match := AT_MOST.match(reason):
        return _("%(name)s already has the most meetings allowed (%(count)s)") % {
            "name": name(match[1]),
            "count": match[2],
        }
    if reason.startswith(EVERY_SLOT):
        parts = [
            str(BUSY_PARTS.get(part, part)) for part in reason[len(EVERY_SLOT) :].split(" or ")
        ]
        return _("whenever both are available, %(reasons)s") % {
            "reasons": str(_(" or ")).join(parts)
        }
    return reason


def participant_id(pk: int) -> str:
    return f"p{pk}"


def slot_id(pk: int) -> str:
    return f"s{pk}"


def interpreter_id(pk: int) -> str:
    return f"i{pk}"


def request_id(a: int, b: int) -> str:
    low, high = sorted((a, b))
    return f"r{low}-{high}"


def pair_of(request_key: str) -> tuple[int, int]:
    low, high = request_key[1:].split("-")
    return int(low), int(high)


def _pk(key: str) -> int:
    return int(key[1:])


def pair_weight(requests: Iterable[MeetingRequest]) -> int | None:
    """The weight of one pair from its requests (either direction), or None: not to meet.

    A "no, thanks" in force or a declined request on either side excludes the pair; only
    accepted wishes count (a pending one is still waiting for the other side's answer).
    """
    wishes: dict[int, str] = {}
    met_before = False
    for request in requests:
        if request.priority == Priority.NO and request.status == RStatus.ACCEPTED:
            return None
        if request.status == RStatus.DECLINED:
            return None
        if request.status == RStatus.ACCEPTED and request.priority in SIDE_VALUE:
            wishes[request.requester_id] = request.priority
            met_before = met_before or request.met_before
    if not wishes:
        return None
    weight = sum(SIDE_VALUE[priority] for priority in wishes.values())
    weight += MUTUAL_BONUS if len(wishes) == 2 else ACCEPTED
    if met_before:
        weight = max(1, weight // 2)
    return weight


def _iso(moment: datetime.datetime, slot: Slot) -> str:
    zone = slot.venue.zone if slot.venue_id else datetime.UTC
    return moment.astimezone(zone).isoformat()


def schedule_input(delegation, *, also: Iterable[int] = ()) -> dict:
    """The exchange-format input for the delegation's meetings.

    Participants who withdrew are left out, except those in ``also`` (a repair names the
    ones who just cancelled, so that the previous schedule still reads).
    """
    policy = MatchmakingPolicy.objects.filter(delegation=delegation).first() or MatchmakingPolicy(
        delegation=delegation
    )
    also = set(also)
    slots = list(
        Slot.objects.filter(delegation=delegation).select_related("venue").order_by("starts_at")
    )
    participants = [
        participant
        for participant in Participant.objects.filter(delegation=delegation)
        .prefetch_related("unavailable_slots")
        .order_by("pk")
        if participant.withdrawn_at is None or participant.pk in also
    ]
    present = {participant.pk for participant in participants}

    def available(row) -> list[str]:
        away = {slot.pk for slot in row.unavailable_slots.all()}
        return [slot_id(slot.pk) for slot in slots if slot.pk not in away]

    participant_docs = []
    for participant in participants:
        doc = {
            "id": participant_id(participant.pk),
            "languages": list(participant.languages or []),
            "available": available(participant),
        }
        most = participant.max_meetings
        doc["max_meetings"] = policy.default_max_meetings if most is None else most
        least = participant.min_meetings
        least = policy.default_min_meetings if least is None else least
        if least:
            doc["min_meetings"] = least
        participant_docs.append(doc)

    by_pair: dict[tuple[int, int], list[MeetingRequest]] = defaultdict(list)
    for request in MeetingRequest.objects.filter(delegation=delegation).order_by("pk"):
        if request.requester_id in present and request.target_id in present:
            by_pair[tuple(sorted((request.requester_id, request.target_id)))].append(request)
    weights = {pair: pair_weight(requests) for pair, requests in sorted(by_pair.items())}

    fixed = []
    for meeting in Meeting.objects.filter(
        delegation=delegation, status=Meeting.Status.SCHEDULED, locked=True
    ).order_by("slot__starts_at", "table", "pk"):
        pair = (meeting.participant_a_id, meeting.participant_b_id)
        if not present.issuperset(pair):
            continue
        if weights.get(pair) is None:
            weights[pair] = LOCKED_WITHOUT_REQUEST
        fixed.append(
            {
                "request": request_id(*pair),
                "slot": slot_id(meeting.slot_id),
                "interpreter": (
                    interpreter_id(meeting.interpreter_id) if meeting.interpreter_id else None
                ),
            }
        )

    return {
        "format": FORMAT_IN,
        "slots": [
            {
                "id": slot_id(slot.pk),
                "start": _iso(slot.starts_at, slot),
                "end": _iso(slot.ends_at, slot),
            }
            for slot in slots
        ],
        "tables": {slot_id(slot.pk): slot.tables for slot in slots},
        "participants": participant_docs,
        "interpreters": [
            {
                "id": interpreter_id(interpreter.pk),
                "pairs": [list(pair) for pair in interpreter.pairs],
                "available": available(interpreter),
            }
            for interpreter in Interpreter.objects.filter(delegation=delegation)
            .prefetch_related("unavailable_slots")
            .order_by("pk")
        ],
        "requests": [
            {
                "id": request_id(*pair),
                "participants": [participant_id(pair[0]), participant_id(pair[1])],
                "weight": weight,
            }
            for pair, weight in sorted(weights.items())
            if weight is not None
        ],
        "fixed": fixed,
    }


@dataclass(frozen=True, order=True)
class Planned:
    """One meeting of a schedule, as the database keeps it."""

    slot: int
    table: int
    a: int
    b: int
    interpreter: int | None

    @property
    def people(self) -> tuple[int, int]:
        return (self.a, self.b)


def planned_meetings(output: dict, *, locked: Iterable[Meeting]) -> list[Planned]:
    """The answer's meetings that are not locked ones, with tables free of locked meetings.

    The scheduler numbers tables itself; a locked meeting keeps the table it has, so the
    others of its slot take the scheduler's number when it is free, else the lowest free one.
    """
    locked = list(locked)
    locked_pairs = {(m.participant_a_id, m.participant_b_id) for m in locked}
    taken: dict[int, set[int]] = defaultdict(set)
    for meeting in locked:
        taken[meeting.slot_id].add(meeting.table)
    wanted = []
    for item in output.get("meetings", []):
        pair = pair_of(item["request"])
        if pair in locked_pairs:
            continue
        interpreter = item.get("interpreter")
        wanted.append(
            (_pk(item["slot"]), int(item["table"]), pair, _pk(interpreter) if interpreter else None)
        )
    planned = []
    # First those whose table is free, so a moved one never takes another's number.
    for slot, table, pair, interpreter in sorted(wanted):
        if table not in taken[slot]:
            taken[slot].add(table)
            planned.append(Planned(slot, table, *pair, interpreter))
    kept = {(p.slot, p.a, p.b) for p in planned}
    for slot, _table, pair, interpreter in sorted(wanted):
        if (slot, *pair) in kept:
            continue
        table = next(n for n in range(1, len(taken[slot]) + 2) if n not in taken[slot])
        taken[slot].add(table)
        planned.append(Planned(slot, table, *pair, interpreter))
    return sorted(planned)


def previous_output(delegation, *, input_doc: dict) -> dict:
    """The delegation's current meetings as a ``twinning.schedule/1`` document (for repair)."""
    known = {request["id"] for request in input_doc["requests"]}
    meetings = []
    for meeting in Meeting.objects.filter(
        delegation=delegation, status=Meeting.Status.SCHEDULED
    ).order_by("slot__starts_at", "table"):
        key = request_id(meeting.participant_a_id, meeting.participant_b_id)
        if key not in known:
            continue
        meetings.append(
            {
                "request": key,
                "slot": slot_id(meeting.slot_id),
                "table": meeting.table,
                "interpreter": (
                    interpreter_id(meeting.interpreter_id) if meeting.interpreter_id else None
                ),
            }
        )
    scheduled = {m["request"] for m in meetings}
    weights = {request["id"]: request["weight"] for request in input_doc["requests"]}
    value = sum(weights[key] for key in scheduled)
    return {
        "format": FORMAT_OUT,
        "meetings": meetings,
        "value": value,
        "upper_bound": float(sum(weights.values())),
        "unscheduled": [
            {"request": key, "reason": "not selected"} for key in weights if key not in scheduled
        ],
        "stats": {},
    }
