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


def test_the_demo_requests_look_like_a_real_trips(loaded):
    requests = MeetingRequest.objects.filter(delegation__slug=SEATTLE)
    pairs = set(requests.values_list("requester", "target"))
    statuses = set(requests.values_list("status", flat=True))

    assert 30 <= requests.count() <= 60
    assert len({frozenset(p) for p in pairs if (p[1], p[0]) in pairs}) >= 8
    assert statuses == {"accepted", "declined", "expired", "pending"}


def test_every_demo_delegate_has_several_meetings_at_tables_with_interpreters(loaded):
    meetings = list(
        Meeting.objects.filter(delegation__slug=SEATTLE, status="scheduled").select_related(
            "participant_a", "participant_b"
        )
    )
    delegates = Participant.objects.filter(delegation__slug=SEATTLE, kind="delegate")
    per_delegate = {
        d.pk: sum(d.pk in (m.participant_a_id, m.participant_b_id) for m in meetings)
        for d in delegates
    }

    assert len(per_delegate) == 9
    assert min(per_delegate.values()) >= 2
    assert sum(m.interpreter_id is not None for m in meetings) >= 10


def test_a_demo_delegates_agenda_shows_table_and_interpreter(client, loaded):
    from tests.accounts.factories import verified_login

    meeting = (
        Meeting.objects.filter(delegation__slug=SEATTLE, interpreter__isnull=False)
        .select_related("participant_a__member__user", "participant_b__member__user", "interpreter")
        .order_by("pk")
        .first()
    )
    delegate = next(
        p for p in (meeting.participant_a, meeting.participant_b) if p.kind == "delegate"
    )
    verified_login(client, delegate.member.user)

    page = client.get(f"/en/delegations/{SEATTLE}/meetings/agenda/").content.decode()

    assert "Preliminary" in page
    assert f"Table {meeting.table}" in page
    assert meeting.interpreter.name in page
