"""The day itself: check-in, no-shows, one-click feedback (agenda page and signed e-mail
link) and the outcomes it feeds."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import UserFactory, verified_login
from tests.exchanges.factories import CategoryFactory
from tests.matchmaking import agenda_world
from twinning.delegations.models import Outcome
from twinning.matchmaking import services
from twinning.matchmaking.models import Feedback, Meeting

pytestmark = pytest.mark.django_db

AFTER = datetime.datetime(2012, 3, 20, 2, 0, tzinfo=datetime.UTC)  # the first slot is over


@pytest.fixture
def world():
    return agenda_world.build(status="final")


def test_either_participant_checks_the_meeting_in(client, world):
    client.force_login(world.counterpart.user)

    client.post(f"/en/delegations/mission/meetings/{world.meeting.pk}/check-in/")

    world.meeting.refresh_from_db()
    assert world.meeting.checked_in_at is not None
    assert world.meeting.attendance == Meeting.Attendance.HELD


@pytest.mark.parametrize(
    "target", ["0", "agenda", "//elsewhere.example/", "https://elsewhere.example/"]
)
def test_a_next_address_that_is_no_path_of_this_site_falls_back_to_the_agenda(
    client, world, target
):
    client.force_login(world.counterpart.user)

    response = client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/check-in/", {"next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/delegations/mission/meetings/agenda/"


def test_someone_else_cannot_check_a_meeting_in(client, world):
    client.force_login(UserFactory())

    response = client.post(f"/en/delegations/mission/meetings/{world.meeting.pk}/check-in/")

    assert response.status_code == 404
    world.meeting.refresh_from_db()
    assert world.meeting.checked_in_at is None


def test_the_coordinator_records_a_no_show(client, world):
    verified_login(client, world.coordinator)

    client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/attendance/",
        {"attendance": "no_show_b"},
    )

    world.meeting.refresh_from_db()
    assert world.meeting.attendance == Meeting.Attendance.NO_SHOW_B


def test_a_participant_cannot_record_attendance(world):
    with pytest.raises(PermissionDenied):
        services.meeting_attendance_set(
            actor=world.delegate.member.user, meeting=world.meeting, attendance="no_show_b"
        )


def test_one_click_on_the_agenda_page_records_the_verdict(client, world):
    client.force_login(world.delegate.member.user)

    client.post(
        f"/en/delegations/mission/meetings/{world.meeting.pk}/feedback/",
        {"verdict": "cooperation"},
    )

    feedback = Feedback.objects.get()
    assert (feedback.participant, feedback.verdict) == (world.delegate, "cooperation")


def test_feedback_before_the_meeting_is_refused(world):
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.meeting_feedback_give(
            actor=world.delegate.member.user,
            meeting=world.meeting,
            participant=world.delegate,
            verdict="no_fit",
            now=world.slots[0].starts_at - datetime.timedelta(minutes=1),
        )


def test_feedback_for_the_other_side_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.meeting_feedback_give(
            actor=world.delegate.member.user,
            meeting=world.meeting,
            participant=world.counterpart,
            verdict="no_fit",
            now=AFTER,
        )


def test_after_the_meeting_both_sides_get_a_signed_link_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from twinning.accounts.rules import system_actor

    with django_capture_on_commit_callbacks(execute=True):
        first = services.feedback_requests_send(
            actor=system_actor(), delegation=world.delegation, now=AFTER
        )
        again = services.feedback_requests_send(
            actor=system_actor(), delegation=world.delegation, now=AFTER
        )

    assert (first, again) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.delegate.member.user.email, world.counterpart.user.email]
    )
    chinese = next(m for m in mailoutbox if m.to == [world.counterpart.user.email])
    assert "喀斯喀特隧道公司" in chinese.subject


def test_the_signed_link_records_one_click_without_signing_in(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from twinning.accounts.rules import system_actor

    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_requests_send(
            actor=system_actor(), delegation=world.delegation, now=AFTER
        )
    mail = next(m for m in mailoutbox if m.to == [world.counterpart.user.email])
    path = re.search(r"https?://[^/]+(/\S+)", mail.body).group(1)

    page = client.get(path)
    client.post(path, {"verdict": "cooperation"})

    assert page.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.participant, feedback.verdict) == (world.counterpart, "cooperation")


def test_a_tampered_link_gives_nothing(client, world):
    assert client.get("/en/delegations/mission/meetings/feedback/abc:def/").status_code == 404


def test_cooperation_is_counted_and_becomes_an_outcome(client, world):
    CategoryFactory(slug="other-cooperation")
    services.meeting_feedback_give(
        actor=world.counterpart.user,
        meeting=world.meeting,
        participant=world.counterpart,
        verdict="cooperation",
        comment="Tunnel boring machines for line 27",
    )
    verified_login(client, world.coordinator)

    summary = client.get("/en/delegations/mission/meetings/outcomes/").content.decode()
    client.post(f"/en/delegations/mission/meetings/{world.meeting.pk}/outcome/", {"kind": "deal"})

    assert "Cooperation possible: <strong>1</strong>" in summary
    outcome = Outcome.objects.get()
    assert outcome.kind == "deal"
    assert outcome.title_en == "Cooperation possible: Cascade Tunnelling and Chongqing Metro Group"
    assert "重庆轨道交通集团" in outcome.title_zh_hans
    assert outcome.description_en == "Tunnel boring machines for line 27"
    world.meeting.refresh_from_db()
    assert world.meeting.outcome == outcome


def test_a_meeting_becomes_an_outcome_once(world):
    services.meeting_feedback_give(
        actor=world.delegate.member.user,
        meeting=world.meeting,
        participant=world.delegate,
        verdict="cooperation",
    )
    services.meeting_outcome_record(actor=world.coordinator, meeting=world.meeting)

    with pytest.raises(ValidationError, match="already"):
        services.meeting_outcome_record(actor=world.coordinator, meeting=world.meeting)


def test_a_meeting_without_cooperation_is_no_outcome(world):
    with pytest.raises(ValidationError, match="Neither side"):
        services.meeting_outcome_record(actor=world.coordinator, meeting=world.meeting)
