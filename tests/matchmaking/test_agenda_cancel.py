"""Cancelling one meeting: the coordinators' act (locked meetings too), one audit line,
both sides told once in their language once the agenda is published, the table and slot
free again and the pair open to a later run."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import UserFactory, verified_login
from tests.matchmaking import agenda_world
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    MeetingRequestFactory,
)
from twinning.audit.models import AuditEntry
from twinning.matchmaking import scheduling, services
from twinning.matchmaking.models import Meeting, MeetingRequest, ScheduleRun
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _cancel(world, meeting=None, actor=None, reason=""):
    return services.meeting_cancel(
        actor=actor or world.coordinator, meeting=meeting or world.meeting, reason=reason
    )


def _published(world, status="preliminary"):
    world.policy.agenda_status = status
    world.policy.save()


@pytest.mark.parametrize("locked", [False, True])
def test_a_coordinator_cancels_a_meeting_locked_or_not(world, locked):
    Meeting.objects.filter(pk=world.meeting.pk).update(locked=locked)

    _cancel(world)

    assert Meeting.objects.get(pk=world.meeting.pk).status == Meeting.Status.CANCELLED


def test_a_cancellation_is_one_audit_line_of_the_delegation(world):
    _cancel(world, reason="The director is ill")

    entries = list(AuditEntry.objects.filter(action="matchmaking.meeting_cancelled"))
    assert [(e.target_id, e.delegation_id, e.actor) for e in entries] == [
        (str(world.meeting.pk), world.delegation.pk, world.coordinator)
    ]
    assert entries[0].data == {
        "slot": world.slots[0].pk,
        "table": 1,
        "interpreter": world.interpreter.pk,
        "locked": False,
        "reason_given": True,
    }


@pytest.mark.parametrize(
    "who",
    [
        lambda w: w.delegate.member.user,
        lambda w: w.counterpart.user,
        lambda w: agenda_world.build(slug="elsewhere").coordinator,
        lambda w: UserFactory(),
    ],
    ids=["delegate", "counterpart", "other-coordinator", "stranger"],
)
def test_only_the_delegations_coordinators_may_cancel(world, who):
    with pytest.raises(PermissionDenied):
        _cancel(world, actor=who(world))

    assert Meeting.objects.get(pk=world.meeting.pk).status == Meeting.Status.SCHEDULED


@pytest.mark.parametrize("status", ["preliminary", "final"])
def test_once_published_both_sides_are_told_once_in_their_language(world, status):
    _published(world, status)

    _cancel(world, reason="Clash with the mayor's visit")
    with pytest.raises(ValidationError):
        _cancel(world)

    mails = {n.to: n for n in Notification.objects.all()}
    assert Notification.objects.count() == 2
    assert {to: n.language for to, n in mails.items()} == {
        world.delegate.member.user.email: "en",
        world.counterpart.user.email: "zh-hans",
    }
    assert mails[world.counterpart.user.email].context["counterpart"] == "喀斯喀特隧道公司"
    assert mails[world.delegate.member.user.email].context["reason"] == (
        "Clash with the mayor's visit"
    )


def test_the_mail_reads_in_chinese_with_the_time_where_the_meetings_are(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _published(world)

    with django_capture_on_commit_callbacks(execute=True):
        _cancel(world)

    chinese = next(m for m in mailoutbox if m.to == [world.counterpart.user.email])
    english = next(m for m in mailoutbox if m.to == [world.delegate.member.user.email])
    assert "会面已取消" in chinese.subject
    assert "喀斯喀特隧道公司" in chinese.body
    assert "March 20, 2012, 9 a.m." in english.body
    assert "Chongqing Metro Group" in english.body
    assert "Reason" not in english.body


def test_a_side_without_an_account_gets_its_agendas_secret_link(world):
    office = CounterpartParticipantFactory(
        delegation=world.delegation,
        organisation_en="Chongqing Commerce Office",
        contact_email="office@cq.example",
        languages=["zh"],
    )
    meeting = agenda_world.delegate_meets(world, office, world.slots[1])
    _published(world)

    _cancel(world, meeting=meeting)

    mail = Notification.objects.get(to="office@cq.example")
    assert (mail.language, office.agenda_token in mail.context["url"]) == ("zh-hans", True)


def test_nobody_is_told_while_the_agenda_is_a_draft(world):
    _cancel(world)

    assert Notification.objects.count() == 0


@pytest.mark.parametrize("same_pair", [False, True])
def test_the_freed_table_and_slot_take_a_new_meeting(world, same_pair):
    _cancel(world)
    other = (
        world.counterpart
        if same_pair
        else CounterpartParticipantFactory(delegation=world.delegation)
    )

    agenda_world.delegate_meets(
        world, other, world.slots[0], table=1, interpreter=world.interpreter
    )

    assert Meeting.objects.filter(slot=world.slots[0], table=1).count() == 2


@pytest.mark.parametrize(
    "act",
    [
        lambda w: services.meeting_move(
            actor=w.coordinator, meeting=w.meeting, slot=w.slots[1], table=2, interpreter=None
        ),
        lambda w: services.meeting_check_in(actor=w.coordinator, meeting=w.meeting),
        lambda w: services.meeting_cancel(actor=w.coordinator, meeting=w.meeting),
    ],
    ids=["move", "check-in", "cancel-again"],
)
def test_a_cancelled_meeting_cannot_be_moved_checked_in_or_cancelled_again(world, act):
    _cancel(world)

    with pytest.raises(ValidationError, match="This meeting is cancelled"):
        act(world)


def test_a_cancelled_locked_meeting_is_not_fixed_and_its_request_is_still_asked(world):
    MeetingRequestFactory(
        delegation=world.delegation,
        requester=world.delegate,
        target=world.counterpart,
        status=MeetingRequest.Status.ACCEPTED,
    )
    Meeting.objects.filter(pk=world.meeting.pk).update(locked=True)
    pair = scheduling.request_id(world.delegate.pk, world.counterpart.pk)

    _cancel(world)
    doc = scheduling.schedule_input(world.delegation)

    assert (doc["fixed"], [r["id"] for r in doc["requests"]]) == ([], [pair])


def test_a_later_run_schedules_the_pair_again(world, django_capture_on_commit_callbacks):
    MeetingRequestFactory(
        delegation=world.delegation,
        requester=world.delegate,
        target=world.counterpart,
        status=MeetingRequest.Status.ACCEPTED,
    )
    _cancel(world)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.schedule_run_start(
            actor=world.coordinator, delegation=world.delegation, time_limit=1.0
        )
    run.refresh_from_db()

    assert run.status == ScheduleRun.Status.DONE
    assert list(
        Meeting.objects.filter(delegation=world.delegation).values_list("status", flat=True)
    ) == sorted(["cancelled", "scheduled"])


# ------------------------------------------------------------------ the grid


def test_the_grid_offers_a_confirmed_cancel_for_each_meeting(client, world):
    verified_login(client, world.coordinator)

    page = client.get("/en/delegations/mission/meetings/grid/").content.decode()

    assert f'action="/en/delegations/mission/meetings/{world.meeting.pk}/cancel/"' in page
    assert "Cancel this meeting" in page


def test_the_grid_cancel_button_cancels_and_frees_the_cell(client, world):
    verified_login(client, world.coordinator)

    response = client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/cancel/", {"reason": "ill"}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        "/en/delegations/mission/meetings/grid/",
    )
    assert Meeting.objects.get(pk=world.meeting.pk).status == Meeting.Status.CANCELLED
