"""The schedule input: the exchange format exactly, and a pair's weight from both sides."""

import datetime

import pytest

from tests.matchmaking.factories import (
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SlotFactory,
)
from tests.matchmaking.flow_helpers import small_world
from twinning.matchmaking import scheduling
from twinning.matchmaking.models import MeetingRequest
from twinning.scheduler import spec

pytestmark = pytest.mark.django_db
P, S = MeetingRequest.Priority, MeetingRequest.Status
START = datetime.datetime(2027, 4, 12, 1, 0, tzinfo=datetime.UTC)


def _r(requester, priority, status=S.ACCEPTED, met_before=False):
    return MeetingRequest(
        requester_id=requester,
        target_id=3 - requester,
        priority=priority,
        status=status,
        met_before=met_before,
    )


@pytest.mark.parametrize(
    "requests, weight",
    [
        pytest.param([_r(1, P.WOULD)], 3, id="would-like, accepted"),
        pytest.param([_r(1, P.MUST)], 4, id="must meet outweighs would-like"),
        pytest.param([_r(1, P.WOULD), _r(2, P.WOULD)], 6, id="mutual outweighs a one-sided must"),
        pytest.param([_r(1, P.MUST), _r(2, P.MUST)], 8, id="mutual must"),
        pytest.param([_r(1, P.MUST, met_before=True)], 2, id="met before lowers the pair"),
        pytest.param([_r(1, P.WOULD, S.PENDING)], None, id="pending: not yet agreed"),
        pytest.param([_r(1, P.WOULD, S.EXPIRED)], None, id="expired"),
        pytest.param([_r(1, P.MUST), _r(2, P.NO)], None, id="no thanks on the other side"),
        pytest.param([_r(1, P.MUST, S.DECLINED)], None, id="declined"),
        pytest.param([_r(1, P.MUST), _r(2, P.NO, S.WITHDRAWN)], 4, id="withdrawn no thanks"),
    ],
)
def test_a_pairs_weight_comes_from_both_sides(requests, weight):
    assert scheduling.pair_weight(requests) == weight


def _world():
    delegation, (d1, d2), (c1, c2) = small_world(default_max_meetings=5)
    s1 = SlotFactory(
        delegation=delegation,
        starts_at=START,
        ends_at=START + datetime.timedelta(minutes=20),
        tables=2,
    )
    s2 = SlotFactory(
        delegation=delegation,
        starts_at=START + datetime.timedelta(minutes=20),
        ends_at=START + datetime.timedelta(minutes=40),
        tables=3,
    )
    interpreter = InterpreterFactory(delegation=delegation, pairs=[["en", "zh"]])
    interpreter.unavailable_slots.add(s2)
    c2.unavailable_slots.add(s1)
    d2.max_meetings, d2.min_meetings = 1, 1
    d2.save()
    MeetingRequestFactory(
        delegation=delegation, requester=d1, target=c1, priority=P.MUST, status=S.ACCEPTED
    )
    MeetingRequestFactory(
        delegation=delegation, requester=c1, target=d1, priority=P.WOULD, status=S.ACCEPTED
    )
    MeetingRequestFactory(
        delegation=delegation, requester=d2, target=c2, priority=P.WOULD, status=S.PENDING
    )
    MeetingRequestFactory(
        delegation=delegation, requester=d1, target=c2, priority=P.WOULD, status=S.ACCEPTED
    )
    MeetingRequestFactory(
        delegation=delegation, requester=c2, target=d1, priority=P.NO, status=S.ACCEPTED
    )
    locked = MeetingFactory(
        delegation=delegation,
        participant_a=d2,
        participant_b=c1,
        slot=s1,
        table=2,
        interpreter=interpreter,
        locked=True,
    )
    return delegation, (d1, d2, c1, c2), (s1, s2), interpreter, locked


def test_the_input_is_the_exchange_format_exactly():
    delegation, (d1, d2, c1, c2), (s1, s2), interpreter, _locked = _world()
    doc = scheduling.schedule_input(delegation)
    p, s = scheduling.participant_id, scheduling.slot_id
    both = [s(s1.pk), s(s2.pk)]
    assert doc == {
        "format": "twinning.meetings/1",
        "slots": [
            {
                "id": s(s1.pk),
                "start": "2027-04-12T01:00:00+00:00",
                "end": "2027-04-12T01:20:00+00:00",
            },
            {
                "id": s(s2.pk),
                "start": "2027-04-12T01:20:00+00:00",
                "end": "2027-04-12T01:40:00+00:00",
            },
        ],
        "tables": {s(s1.pk): 2, s(s2.pk): 3},
        "participants": [
            {"id": p(d1.pk), "languages": ["en"], "available": both, "max_meetings": 5},
            {
                "id": p(d2.pk),
                "languages": ["en"],
                "available": both,
                "max_meetings": 1,
                "min_meetings": 1,
            },
            {"id": p(c1.pk), "languages": ["zh"], "available": both, "max_meetings": 5},
            {"id": p(c2.pk), "languages": ["zh"], "available": [s(s2.pk)], "max_meetings": 5},
        ],
        "interpreters": [
            {"id": f"i{interpreter.pk}", "pairs": [["en", "zh"]], "available": [s(s1.pk)]}
        ],
        # d1–c1 mutual (must + would + bonus); d2–c2 pending: out; d1–c2 "no thanks": out;
        # d2–c1 has no request but a locked meeting: weight 1.
        "requests": [
            {
                "id": scheduling.request_id(d1.pk, c1.pk),
                "participants": [p(d1.pk), p(c1.pk)],
                "weight": 7,
            },
            {
                "id": scheduling.request_id(d2.pk, c1.pk),
                "participants": [p(d2.pk), p(c1.pk)],
                "weight": 1,
            },
        ],
        "fixed": [
            {
                "request": scheduling.request_id(d2.pk, c1.pk),
                "slot": s(s1.pk),
                "interpreter": f"i{interpreter.pk}",
            }
        ],
    }


def test_the_input_passes_the_schedulers_own_parser():
    delegation, *_rest = _world()
    instance = spec.parse(scheduling.schedule_input(delegation))
    assert (len(instance.participants), len(instance.requests)) == (4, 2)


def test_withdrawn_participants_and_their_requests_are_left_out():
    delegation, (d1, _d2, c1, _c2), *_rest = _world()
    d1.withdrawn_at = START
    d1.save()
    doc = scheduling.schedule_input(delegation)
    assert scheduling.participant_id(d1.pk) not in {p["id"] for p in doc["participants"]}
    assert scheduling.request_id(d1.pk, c1.pk) not in {r["id"] for r in doc["requests"]}


def test_slots_are_written_in_the_venues_time():
    from tests.delegations.factories import VenueFactory

    delegation, *_rest = small_world()
    SlotFactory(
        delegation=delegation,
        starts_at=START,
        ends_at=START + datetime.timedelta(minutes=20),
        venue=VenueFactory(),
    )
    [slot] = scheduling.schedule_input(delegation)["slots"]
    assert (slot["start"], slot["end"]) == (
        "2027-04-12T09:00:00+08:00",
        "2027-04-12T09:20:00+08:00",
    )


@pytest.mark.parametrize(
    "reason, shown",
    [
        ("no common available slot", "no time when both are available"),
        ("a participant cancelled", "one of them cancelled"),
        (
            "in every common slot every table is taken or every suitable interpreter is taken",
            "whenever both are available, every table is taken"
            " or every suitable interpreter is taken",
        ),
        ("something new", "something new"),
    ],
)
def test_the_schedulers_reasons_are_shown_in_words(reason, shown):
    assert scheduling.reason_display(reason) == shown


def test_a_reason_that_names_a_participant_names_the_organisation():
    from tests.matchmaking.factories import CounterpartParticipantFactory

    participant = CounterpartParticipantFactory(organisation_en="Chongqing Rail")
    shown = scheduling.reason_display(
        f'participant "p{participant.pk}" has reached max_meetings (3)',
        {participant.pk: participant},
    )
    assert shown == "Chongqing Rail already has the most meetings allowed (3)"
