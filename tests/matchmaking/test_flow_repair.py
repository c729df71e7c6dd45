"""Repair after a late cancellation: no locked meeting moves, only changed agendas are told."""

import pytest

from tests.matchmaking.flow_helpers import coordinator_of, mails
from tests.matchmaking.test_flow_runs import build, run_now
from tests.visas.factories import RegistrationFactory
from twinning.matchmaking import services
from twinning.matchmaking.models import Meeting, ScheduleRun
from twinning.registrations import services as registrations
from twinning.registrations.models import RegistrationPolicy

pytestmark = pytest.mark.django_db
CHANGED = "matchmaking/flow/email/agenda_changed"


def _agendas(delegation) -> dict[int, set]:
    agendas: dict = {}
    for m in Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED):
        line = (m.slot_id, m.table, m.participant_a_id, m.participant_b_id, m.interpreter_id)
        for who in (m.participant_a_id, m.participant_b_id):
            agendas.setdefault(who, set()).add(line)
    return agendas


def _scheduled_and_locked(django_capture_on_commit_callbacks):
    delegation, ds, cs, _ss, _interpreters = build(delegates=5, counterparts=4, slots=4, tables=2)
    run_now(delegation, django_capture_on_commit_callbacks)
    # The coordinator confirms half the meetings.
    meetings = list(Meeting.objects.filter(delegation=delegation).order_by("pk"))
    for meeting in meetings[::2]:
        meeting.locked = True
        meeting.save()
    return delegation, ds, cs


def _withdraw(participant, django_capture_on_commit_callbacks, actor):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.participant_withdraw(actor=actor, participant=participant)
    run.refresh_from_db()
    return run


def test_a_late_cancellation_moves_no_locked_meeting_and_tells_only_the_changed(
    django_capture_on_commit_callbacks,
):
    delegation, ds, _cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    gone = ds[0]
    locked_before = {
        m.pk: (m.slot_id, m.table, m.interpreter_id)
        for m in Meeting.objects.filter(delegation=delegation, locked=True, status="scheduled")
        if gone.pk not in (m.participant_a_id, m.participant_b_id)
    }
    before = _agendas(delegation)
    run = _withdraw(gone, django_capture_on_commit_callbacks, coordinator_of(delegation))
    after = _agendas(delegation)

    assert (run.kind, run.status) == (ScheduleRun.Kind.REPAIR, ScheduleRun.Status.DONE)
    locked_after = {
        m.pk: (m.slot_id, m.table, m.interpreter_id)
        for m in Meeting.objects.filter(pk__in=locked_before, status="scheduled")
    }
    assert locked_after == locked_before
    assert gone.pk not in after
    changed = {pk for pk in set(before) | set(after) if before.get(pk) != after.get(pk)} - {gone.pk}
    assert changed  # the cancelled delegate's partners at least
    told = {
        n.key.split("-")[3]
        for n in mails(template=CHANGED, key__startswith=f"schedulerun-{run.pk}-changed-")
        if not n.key.split("-")[3].startswith("i")
    }
    assert told == {str(pk) for pk in changed}


def test_the_repair_takes_about_a_second(django_capture_on_commit_callbacks):
    delegation, ds, _cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    run = _withdraw(ds[1], django_capture_on_commit_callbacks, coordinator_of(delegation))
    assert run.stats["seconds"] < 1.5
    assert (run.finished_at - run.started_at).total_seconds() < 3


def test_the_same_repair_does_not_mail_twice(django_capture_on_commit_callbacks):
    from twinning.accounts.rules import system_actor

    delegation, ds, _cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    run = _withdraw(ds[0], django_capture_on_commit_callbacks, coordinator_of(delegation))
    count = len(mails(template=CHANGED))
    services.schedule_run_execute(actor=system_actor(), run=run)
    assert len(mails(template=CHANGED)) == count


def test_a_cancelled_registration_withdraws_the_delegate_and_repairs(
    django_capture_on_commit_callbacks,
):
    delegation, ds, _cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    from tests.registrations.factories import RegistrationPolicyFactory

    if not RegistrationPolicy.objects.filter(delegation=delegation).exists():
        RegistrationPolicyFactory(delegation=delegation)
    gone = ds[2]
    registration = RegistrationFactory(delegation=delegation, user=gone.member.user)
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(registration=registration, actor=gone.member.user)
    gone.refresh_from_db()
    assert gone.withdrawn_at is not None
    assert gone.pk not in _agendas(delegation)
    assert ScheduleRun.objects.get(delegation=delegation, kind="repair").status == "done"


def test_a_delegate_cannot_mark_someone_else_cancelled(django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    _delegation, ds, _cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.participant_withdraw(actor=ds[1].member.user, participant=ds[0])


def test_a_repair_mails_a_counterpart_without_an_account_its_secret_link(
    django_capture_on_commit_callbacks,
):
    delegation, ds, cs = _scheduled_and_locked(django_capture_on_commit_callbacks)
    before = _agendas(delegation)
    run = _withdraw(ds[0], django_capture_on_commit_callbacks, coordinator_of(delegation))
    after = _agendas(delegation)
    changed = {c.pk for c in cs if before.get(c.pk) != after.get(c.pk)}
    told = {
        int(n.key.split("-")[3]): n
        for n in mails(template=CHANGED, key__startswith=f"schedulerun-{run.pk}-changed-")
        if not n.key.split("-")[3].startswith("i")
    }

    assert changed
    assert {pk for pk in told if pk in {c.pk for c in cs}} == changed
    assert {pk: told[pk].context["url"] for pk in changed} == {
        c.pk: services.agenda_link_url(c) for c in cs if c.pk in changed
    }
    assert all("/meetings/my/" in told[pk].context["url"] for pk in changed)
