"""The coordinators' grid: every meeting in its cell, moves and locks that keep every rule,
conflicts shown with their reason; publication and who is told."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import verified_login
from tests.matchmaking.agenda_world import move
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    InterpreterFactory,
    MeetingFactory,
)
from tests.querycount import assert_flat_queries
from twinning.matchmaking import services
from twinning.matchmaking.models import Meeting
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_move_to_a_free_table_locks_the_meeting_there(world):
    meeting = move(world, slot=world.slots[2], table=2)

    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (world.slots[2], 2, True)


def _other_meeting(world, slot, table, **kwargs):
    return MeetingFactory(
        delegation=world.delegation,
        participant_a=kwargs.pop("a", None)
        or DelegateParticipantFactory(delegation=world.delegation),
        participant_b=kwargs.pop("b", None)
        or CounterpartParticipantFactory(delegation=world.delegation),
        slot=slot,
        table=table,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        pytest.param(
            lambda w: _other_meeting(w, w.slots[1], 1),
            "Table 1 is taken in this slot",
            id="table-taken",
        ),
        pytest.param(
            lambda w: _other_meeting(w, w.slots[1], 2, a=w.delegate),
            "Cascade Tunnelling has another meeting in this slot",
            id="participant-busy",
        ),
        pytest.param(
            lambda w: w.counterpart.unavailable_slots.add(w.slots[1]),
            "Chongqing Metro Group is not available in this slot.",
            id="participant-unavailable",
        ),
        pytest.param(
            lambda w: _other_meeting(w, w.slots[1], 2, interpreter=w.interpreter),
            "Li Na interprets another meeting in this slot",
            id="interpreter-busy",
        ),
        pytest.param(
            lambda w: w.interpreter.unavailable_slots.add(w.slots[1]),
            "Li Na is not available in this slot.",
            id="interpreter-unavailable",
        ),
    ],
)
def test_a_move_that_breaks_a_rule_is_refused_with_the_reason(world, arrange, message):
    arrange(world)

    with pytest.raises(ValidationError) as refused:
        move(world)

    assert any(message in text for text in refused.value.messages), refused.value.messages
    world.meeting.refresh_from_db()
    assert (world.meeting.slot, world.meeting.locked) == (world.slots[0], False)


def test_a_move_to_a_table_the_slot_lacks_is_refused(world):
    with pytest.raises(ValidationError, match="Table 3 does not exist"):
        move(world, table=3)


def test_a_move_without_an_interpreter_between_two_languages_is_refused(world):
    with pytest.raises(ValidationError, match="share no language"):
        move(world, interpreter=None)


def test_a_move_with_an_interpreter_of_the_wrong_pair_is_refused(world):
    french = InterpreterFactory(delegation=world.delegation, name="Luc", pairs=[["en", "fr"]])

    with pytest.raises(ValidationError, match="Luc does not interpret between"):
        move(world, interpreter=french)


def test_a_move_is_refused_to_someone_who_does_not_coordinate(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        move(world, actor=world.delegate.member.user, slot=world.slots[2])


def test_the_grid_shows_each_meeting_in_its_cell_and_highlights_a_conflict(client, world):
    # Placed by the scheduler before the counterpart said they could not come then.
    world.counterpart.unavailable_slots.add(world.slots[0])
    verified_login(client, world.coordinator)

    page = client.get("/en/delegations/mission/meetings/grid/").content.decode()

    assert f'id="cell-{world.meeting.pk}"' in page
    cell = page.split(f'id="cell-{world.meeting.pk}"')[0].rsplit("<td", 1)[1]
    assert "conflict" in cell
    assert "Chongqing Metro Group is not available in this slot." in page
    assert "Interpreter: Li Na" in page
    assert 'class="grid-box" tabindex="0"' in page


def test_the_grid_move_form_posts_amove(client, world):
    verified_login(client, world.coordinator)

    form = client.get(f"/en/delegations/mission/meetings/grid/?move={world.meeting.pk}")
    response = client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/move/",
        {"slot": world.slots[2].pk, "table": 2, "interpreter": world.interpreter.pk},
    )

    assert "Move here" in form.content.decode()
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert (world.meeting.slot, world.meeting.table) == (world.slots[2], 2)


def test_a_refused_move_says_why_on_the_grid(client, world):
    _other_meeting(world, world.slots[2], 2)
    verified_login(client, world.coordinator)

    response = client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/move/",
        {"slot": world.slots[2].pk, "table": 2, "interpreter": world.interpreter.pk},
        follow=True,
    )

    assert "Table 2 is taken in this slot" in response.content.decode()


def test_a_lock_keeps_the_meeting_and_an_unlock_lets_it_go(client, world):
    verified_login(client, world.coordinator)
    url = f"/en/delegations/mission/meetings/{world.meeting.pk}/lock/"

    client.post(url, {"locked": "1"})
    world.meeting.refresh_from_db()
    locked = world.meeting.locked
    client.post(url, {"locked": "0"})
    world.meeting.refresh_from_db()

    assert (locked, world.meeting.locked) == (True, False)


def test_the_grid_runs_as_many_queries_with_more_meetings(client, world):
    verified_login(client, world.coordinator)

    def grow():
        for slot in world.slots[1:]:
            _other_meeting(world, slot, 1)
            _other_meeting(
                world, slot, 2, interpreter=InterpreterFactory(delegation=world.delegation)
            )

    assert_flat_queries(client, "/en/delegations/mission/meetings/grid/", grow)


def test_publishing_tells_each_side_once_in_their_language(world):
    services.agenda_publish(
        actor=world.coordinator, delegation=world.delegation, status="preliminary"
    )

    mails = {n.to: n for n in Notification.objects.all()}
    assert set(mails) == {
        world.delegate.member.user.email,
        world.counterpart.user.email,
        world.interpreter.user.email,
    }
    assert mails[world.counterpart.user.email].language == "zh-hans"
    assert mails[world.delegate.member.user.email].context["preliminary"] is True


def test_publishing_again_as_preliminary_is_refused_and_sends_nothing_more(world):
    services.agenda_publish(
        actor=world.coordinator, delegation=world.delegation, status="preliminary"
    )

    with pytest.raises(ValidationError):
        services.agenda_publish(
            actor=world.coordinator, delegation=world.delegation, status="preliminary"
        )

    assert Notification.objects.count() == 3


def test_the_final_agenda_is_a_second_publication_with_its_own_mails(world):
    services.agenda_publish(
        actor=world.coordinator, delegation=world.delegation, status="preliminary"
    )
    services.agenda_publish(actor=world.coordinator, delegation=world.delegation, status="final")

    world.policy.refresh_from_db()
    assert world.policy.agenda_status == "final"
    assert Notification.objects.count() == 6


def test_the_published_mail_reads_in_chinese(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(
            actor=world.coordinator, delegation=world.delegation, status="preliminary"
        )

    chinese = next(m for m in mailoutbox if m.to == [world.counterpart.user.email])
    assert "初步" in chinese.subject
    assert "/meetings/agenda/" in chinese.body


def test_cancelled_meetings_are_not_in_the_grid(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)
    verified_login(client, world.coordinator)

    page = client.get("/en/delegations/mission/meetings/grid/").content.decode()

    assert f'id="cell-{world.meeting.pk}"' not in page
