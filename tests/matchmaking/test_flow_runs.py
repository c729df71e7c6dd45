"""Schedule runs: in the background, meetings written at once, locked ones never touched."""

import datetime

import pytest
from django.db import connection

from tests.concurrency import at_once
from tests.delegations.factories import DelegationFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    InterpreterFactory,
    MatchmakingPolicyFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SlotFactory,
)
from tests.matchmaking.flow_helpers import coordinator_of
from twinning.accounts.rules import system_actor
from twinning.matchmaking import scheduling, services
from twinning.matchmaking.models import Meeting, MeetingRequest, ScheduleRun

P, S = MeetingRequest.Priority, MeetingRequest.Status
START = datetime.datetime(2027, 4, 12, 1, 0, tzinfo=datetime.UTC)


def build(delegates=4, counterparts=4, slots=4, tables=3):
    """Every delegate asked every counterpart (accepted); two interpreters en–zh."""
    delegation = DelegationFactory()
    MatchmakingPolicyFactory(delegation=delegation, default_max_meetings=3)
    ds = [DelegateParticipantFactory(delegation=delegation) for _ in range(delegates)]
    cs = [
        CounterpartParticipantFactory(
            delegation=delegation, languages=["zh", "en"] if i == 0 else ["zh"]
        )
        for i in range(counterparts)
    ]
    ss = [
        SlotFactory(
            delegation=delegation,
            starts_at=START + datetime.timedelta(minutes=20 * n),
            ends_at=START + datetime.timedelta(minutes=20 * n + 20),
            tables=tables,
        )
        for n in range(slots)
    ]
    interpreters = [InterpreterFactory(delegation=delegation) for _ in range(2)]
    for i, d in enumerate(ds):
        for j, c in enumerate(cs):
            MeetingRequestFactory(
                delegation=delegation,
                requester=d,
                target=c,
                priority=P.MUST if (i + j) % 3 == 0 else P.WOULD,
                status=S.ACCEPTED,
            )
    return delegation, ds, cs, ss, interpreters


def run_now(delegation, django_capture_on_commit_callbacks, time_limit=1.0):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.schedule_run_start(
            actor=coordinator_of(delegation), delegation=delegation, time_limit=time_limit
        )
    run.refresh_from_db()
    return run


def _meetings(delegation):
    return list(
        Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED).values_list(
            "participant_a", "participant_b", "slot", "table", "interpreter"
        )
    )


def _check_feasible(delegation):
    """Every rule of the spec the database can show, checked independently."""
    rows = _meetings(delegation)
    seen = set()
    for a, b, slot, _table, interpreter in rows:
        for who in (a, b, ("i", interpreter) if interpreter else None):
            if who is not None:
                assert (who, slot) not in seen
                seen.add((who, slot))
    return rows


@pytest.mark.django_db
def test_a_run_writes_the_solvers_meetings_and_its_quality(django_capture_on_commit_callbacks):
    delegation, *_rest = build()
    run = run_now(delegation, django_capture_on_commit_callbacks)
    assert (run.status, run.progress) == (ScheduleRun.Status.DONE, 100)
    rows = _check_feasible(delegation)
    assert len(rows) == len(run.output["meetings"]) == run.stats["meetings"]
    assert run.value == pytest.approx(
        sum(
            r["weight"]
            for r in run.input["requests"]
            if r["id"] in {m["request"] for m in run.output["meetings"]}
        )
    )
    assert 0 < run.value <= run.upper_bound
    assert Meeting.objects.filter(run=run).count() == len(rows)


@pytest.mark.django_db
def test_meetings_without_a_common_language_get_an_interpreter(django_capture_on_commit_callbacks):
    delegation, ds, cs, _ss, _interpreters = build()
    run_now(delegation, django_capture_on_commit_callbacks)
    english_only = {d.pk for d in ds}
    chinese_only = {c.pk for c in cs[1:]}
    needing = [
        m
        for m in Meeting.objects.filter(delegation=delegation)
        if {m.participant_a_id, m.participant_b_id} & english_only
        and {m.participant_a_id, m.participant_b_id} & chinese_only
    ]
    assert needing
    assert [m for m in needing if m.interpreter_id is None] == []


@pytest.mark.django_db
def test_a_second_run_replaces_unlocked_meetings_and_never_touches_locked_ones(
    django_capture_on_commit_callbacks,
):
    delegation, ds, cs, ss, interpreters = build()
    locked = MeetingFactory(
        delegation=delegation,
        participant_a=ds[0],
        participant_b=cs[1],
        slot=ss[3],
        table=3,
        interpreter=interpreters[1],
        locked=True,
    )
    before = (locked.slot_id, locked.table, locked.interpreter_id, locked.modified_at)
    run_now(delegation, django_capture_on_commit_callbacks)
    second = run_now(delegation, django_capture_on_commit_callbacks)
    locked.refresh_from_db()
    assert (locked.slot_id, locked.table, locked.interpreter_id, locked.modified_at) == before
    assert locked.run_id is None
    rows = _check_feasible(delegation)
    assert len(rows) == second.stats["meetings"]


@pytest.mark.django_db
def test_a_failed_run_is_recorded_and_changes_no_meeting(django_capture_on_commit_callbacks):
    delegation, ds, cs, ss, _interpreters = build()
    # Two locked meetings of one participant in one slot: an infeasible fixed set.
    MeetingFactory(
        delegation=delegation,
        participant_a=ds[0],
        participant_b=cs[0],
        slot=ss[0],
        table=1,
        locked=True,
    )
    MeetingFactory(
        delegation=delegation,
        participant_a=ds[0],
        participant_b=cs[1],
        slot=ss[0],
        table=2,
        locked=True,
    )
    before = _meetings(delegation)
    run = run_now(delegation, django_capture_on_commit_callbacks)
    assert run.status == ScheduleRun.Status.FAILED
    assert run.message
    assert _meetings(delegation) == before


@pytest.mark.django_db
def test_the_coordinator_reads_how_close_to_the_best_the_schedule_is(
    client, django_capture_on_commit_callbacks
):
    delegation, *_rest = build()
    run = run_now(delegation, django_capture_on_commit_callbacks)
    client.force_login(coordinator_of(delegation))
    page = client.get(f"/en/delegations/{delegation.slug}/meetings/schedule/runs/{run.pk}/")
    gap = max(0.0, (1 - run.value / run.upper_bound) * 100)
    assert f"Within {gap:.2f}".rstrip("0").rstrip(".") in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()


@pytest.mark.django_db
def test_the_page_of_a_queued_run_reloads_itself(client):
    delegation, *_rest = build()
    coordinator = coordinator_of(delegation)
    run = ScheduleRun.objects.create(delegation=delegation, requested_by=coordinator)
    client.force_login(coordinator)
    page = client.get(f"/en/delegations/{delegation.slug}/meetings/schedule/runs/{run.pk}/")
    assert '<meta http-equiv="refresh" content="2">' in page.content.decode()


@pytest.mark.django_db
def test_starting_a_run_from_the_page_queues_it(client):
    delegation, *_rest = build()
    client.force_login(coordinator_of(delegation))
    response = client.post(
        f"/en/delegations/{delegation.slug}/meetings/schedule/", {"time_limit": "1"}
    )
    run = ScheduleRun.objects.get(delegation=delegation)
    assert response.url == f"/en/delegations/{delegation.slug}/meetings/schedule/runs/{run.pk}/"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_do_not_double_the_meetings():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    delegation, *_rest = build()
    coordinator = coordinator_of(delegation)
    runs = [
        ScheduleRun.objects.create(delegation=delegation, requested_by=coordinator, time_limit=1.0)
        for _ in range(2)
    ]
    outcomes = at_once(
        lambda run: services.schedule_run_execute(actor=system_actor(), run=run).status, runs
    )
    assert outcomes == ["done", "done"]
    rows = _check_feasible(delegation)
    pairs = [(a, b) for a, b, *_ in rows]
    assert len(pairs) == len(set(pairs))
    last = ScheduleRun.objects.filter(pk__in=[r.pk for r in runs]).order_by("-finished_at").first()
    assert len(rows) == last.stats["meetings"]
    assert {scheduling.request_id(a, b) for a, b in pairs} == {
        m["request"] for m in last.output["meetings"]
    }
