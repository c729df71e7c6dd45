"""The demo: the 2027 mission's requests, slots, interpreters and a schedule already run."""

import time

import pytest
from django.core.management import call_command

from twinning.matchmaking import demo
from twinning.matchmaking.models import Meeting, MeetingRequest, Participant, ScheduleRun

pytestmark = pytest.mark.django_db
SEATTLE = "2027-seattle-business-mission-to-chongqing"


@pytest.fixture
def loaded(db):
    started = time.monotonic()
    call_command("demo", verbosity=0)
    return time.monotonic() - started


def _meetings():
    return sorted(
        Meeting.objects.filter(delegation__slug=SEATTLE).values_list(
            "participant_a", "participant_b", "slot", "table", "interpreter"
        )
    )


def test_the_demo_has_requests_some_mutual_some_must(loaded):
    requests = MeetingRequest.objects.filter(delegation__slug=SEATTLE)
    pairs = {(r.requester_id, r.target_id) for r in requests}
    assert requests.filter(priority="must").exists()
    assert {(b, a) for a, b in pairs} & pairs


def test_the_demo_scheduler_has_run_and_every_meeting_has_a_table(loaded):
    run = ScheduleRun.objects.get(delegation__slug=SEATTLE)
    assert run.status == ScheduleRun.Status.DONE
    meetings = Meeting.objects.filter(delegation__slug=SEATTLE).select_related(
        "participant_a", "participant_b"
    )
    assert meetings.count() == run.stats["meetings"] > 0
    assert [m for m in meetings if m.table < 1] == []


def test_the_demo_meetings_across_languages_have_an_interpreter(loaded):
    lacking = [
        m
        for m in Meeting.objects.filter(delegation__slug=SEATTLE).select_related(
            "participant_a", "participant_b"
        )
        if not set(m.participant_a.languages) & set(m.participant_b.languages)
        and m.interpreter_id is None
    ]
    assert lacking == []


def test_a_second_load_schedules_nothing_again(loaded):
    before = (_meetings(), MeetingRequest.objects.count(), ScheduleRun.objects.count())
    demo.flow_load()
    assert (_meetings(), MeetingRequest.objects.count(), ScheduleRun.objects.count()) == before


def test_the_demo_delegates_have_meetings(loaded):
    delegates = Participant.objects.filter(delegation__slug=SEATTLE, kind="delegate")
    met = {pk for m in _meetings() for pk in m[:2]}
    assert delegates.exists()
    assert [d for d in delegates if d.pk not in met] == []
