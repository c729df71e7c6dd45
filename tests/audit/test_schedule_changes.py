"""Schedule changes are in the audit log: one line per act, with its actor, its object and a
sentence; none when the service refuses (the line is written in the act's transaction)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.audit.lines import only_line
from tests.matchmaking import agenda_world
from tests.matchmaking.agenda_world import move
from tests.matchmaking.flow_helpers import coordinator_of
from tests.matchmaking.test_flow_runs import build, run_now
from twinning.audit.models import AuditEntry
from twinning.audit.summaries import summary
from twinning.matchmaking import services
from twinning.matchmaking.models import Meeting, ScheduleRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return agenda_world.build()


def sentence(line, target="X") -> str:
    return summary(line.action, line.data, target=target)


def test_a_move_is_one_line_from_its_place_to_the_new_one(world):
    move(world, slot=world.slots[2], table=2)

    line = only_line("matchmaking.meeting_moved")
    assert (line.actor, line.target_model, line.target_id, line.delegation_id) == (
        world.coordinator,
        "matchmaking.Meeting",
        str(world.meeting.pk),
        world.delegation.pk,
    )
    assert sentence(line) == (
        f"Moved meeting X from slot {world.slots[0].pk}, table 1 "
        f"to slot {world.slots[2].pk}, table 2"
    )


def test_a_refused_move_leaves_no_line(world):
    with pytest.raises(PermissionDenied):
        move(world, actor=world.delegate.member.user, slot=world.slots[2])
    with pytest.raises(ValidationError):
        move(world, table=9)

    assert not AuditEntry.objects.filter(action__startswith="matchmaking.").exists()


@pytest.mark.parametrize(
    ("locked", "action", "text"),
    [
        (True, "matchmaking.meeting_locked", "Locked meeting X"),
        (False, "matchmaking.meeting_unlocked", "Unlocked meeting X"),
    ],
)
def test_a_lock_and_an_unlock_are_one_line_each(world, locked, action, text):
    services.meeting_lock(actor=world.coordinator, meeting=world.meeting, locked=locked)

    line = only_line(action)
    assert (line.actor, line.target_id, sentence(line)) == (
        world.coordinator,
        str(world.meeting.pk),
        text,
    )


def test_a_lock_by_a_delegate_is_refused_without_a_line(world):
    with pytest.raises(PermissionDenied):
        services.meeting_lock(actor=world.delegate.member.user, meeting=world.meeting, locked=True)

    assert AuditEntry.objects.count() == 0


def test_a_cancellation_is_one_line_and_reads_as_a_sentence(world):
    services.meeting_cancel(actor=world.coordinator, meeting=world.meeting, reason="ill")

    line = only_line("matchmaking.meeting_cancelled")
    assert (line.actor, line.target_id, sentence(line)) == (
        world.coordinator,
        str(world.meeting.pk),
        "Cancelled meeting X",
    )


def test_a_check_in_is_one_line_and_a_second_check_in_none(world):
    services.meeting_check_in(actor=world.coordinator, meeting=world.meeting)
    services.meeting_check_in(actor=world.coordinator, meeting=world.meeting)

    line = only_line("matchmaking.meeting_checked_in")
    assert (line.actor, line.delegation_id, sentence(line)) == (
        world.coordinator,
        world.delegation.pk,
        "Checked in meeting X",
    )


def test_a_check_in_of_a_cancelled_meeting_is_refused_without_a_line(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    with pytest.raises(ValidationError):
        services.meeting_check_in(actor=world.coordinator, meeting=world.meeting)

    assert AuditEntry.objects.count() == 0


def test_a_no_show_is_one_line_told_in_both_languages(world):
    services.meeting_attendance_set(
        actor=world.coordinator, meeting=world.meeting, attendance=Meeting.Attendance.NO_SHOW_B
    )

    line = only_line("matchmaking.meeting_attendance")
    assert line.data == {"attendance": "no_show_b", "was": "unknown"}
    assert sentence(line) == "Attendance of meeting X: second participant did not come"
    with translation.override("zh-hans"):
        assert sentence(line) == "会谈 X 的出席情况：第二方未到"


def test_a_refused_attendance_leaves_no_line(world):
    with pytest.raises(ValidationError):
        services.meeting_attendance_set(
            actor=world.coordinator, meeting=world.meeting, attendance="maybe"
        )

    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("preliminary", "Published the agenda as preliminary"),
        ("final", "Published the agenda as final"),
    ],
)
def test_a_publication_is_one_line_on_the_delegation(world, status, text):
    services.agenda_publish(actor=world.coordinator, delegation=world.delegation, status=status)

    line = only_line("matchmaking.agenda_published")
    assert (line.target_model, line.target_id, line.delegation_id, sentence(line)) == (
        "delegations.Delegation",
        str(world.delegation.pk),
        world.delegation.pk,
        text,
    )


def test_a_publication_refused_leaves_no_line():
    world = agenda_world.build(status="final")

    with pytest.raises(ValidationError):
        services.agenda_publish(
            actor=world.coordinator, delegation=world.delegation, status="final"
        )

    assert AuditEntry.objects.count() == 0


def test_a_schedule_run_applied_is_one_line_with_its_counts_value_and_bound(
    django_capture_on_commit_callbacks,
):
    delegation, *_rest = build(delegates=3, counterparts=3, slots=3, tables=2)

    run = run_now(delegation, django_capture_on_commit_callbacks)

    assert run.status == ScheduleRun.Status.DONE
    line = only_line("matchmaking.schedule_applied")
    meetings = Meeting.objects.filter(delegation=delegation, status="scheduled").count()
    assert (line.target_model, line.target_id, line.delegation_id) == (
        "matchmaking.ScheduleRun",
        str(run.pk),
        delegation.pk,
    )
    assert (line.data["created"], line.data["removed"], line.data["requested_by"]) == (
        meetings,
        0,
        run.requested_by_id,
    )
    assert (line.data["value"], line.data["upper_bound"]) == (run.value, run.upper_bound)
    assert sentence(line).startswith(f"Applied a schedule run: {meetings} meetings added")
    assert only_line("matchmaking.schedule_requested").actor == run.requested_by


def test_a_failed_run_writes_no_line_of_application(
    django_capture_on_commit_callbacks, monkeypatch
):
    delegation, *_rest = build(delegates=2, counterparts=2, slots=2, tables=1)

    def broken(run, input_doc):
        raise RuntimeError("the solver fell over")

    monkeypatch.setattr(services, "_solve", broken)
    run = run_now(delegation, django_capture_on_commit_callbacks)

    assert run.status == ScheduleRun.Status.FAILED
    assert not AuditEntry.objects.filter(action="matchmaking.schedule_applied").exists()


def test_a_late_withdrawal_and_its_repair_are_a_line_each(django_capture_on_commit_callbacks):
    delegation, ds, *_rest = build(delegates=3, counterparts=3, slots=3, tables=2)
    run_now(delegation, django_capture_on_commit_callbacks)
    locked = Meeting.objects.filter(delegation=delegation, participant_a=ds[0]).first()
    services.meeting_lock(actor=coordinator_of(delegation), meeting=locked, locked=True)
    coordinator = coordinator_of(delegation)

    with django_capture_on_commit_callbacks(execute=True):
        repair = services.participant_withdraw(actor=coordinator, participant=ds[0])
    repair.refresh_from_db()

    withdrawn = only_line("matchmaking.participant_withdrawn")
    assert (withdrawn.actor, withdrawn.target_id, withdrawn.data) == (
        coordinator,
        str(ds[0].pk),
        {"cancelled": [locked.pk], "repair": repair.pk},
    )
    assert sentence(withdrawn) == "Withdrew participant X; 1 locked meetings cancelled"
    repaired = only_line("matchmaking.repair_applied")
    assert (repaired.target_id, repaired.delegation_id) == (str(repair.pk), delegation.pk)
    assert repaired.data["removed"] >= 1
