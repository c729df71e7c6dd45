"""The delegation dashboard shows matchmaking's tiles: requests, schedule quality, the day."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.backoffice.factories import office
from tests.matchmaking.factories import MeetingFactory, MeetingRequestFactory
from twinning.matchmaking import tiles
from twinning.matchmaking.models import Feedback, Meeting, MeetingRequest, ScheduleRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    o = office()
    MeetingRequestFactory(delegation=o.delegation)
    MeetingRequestFactory(delegation=o.delegation, status=MeetingRequest.Status.ACCEPTED)
    MeetingRequestFactory(delegation=o.delegation, status=MeetingRequest.Status.EXPIRED)
    ScheduleRun.objects.create(
        delegation=o.delegation,
        requested_by=UserFactory(),
        status=ScheduleRun.Status.DONE,
        value=998,
        upper_bound=1000,
        stats={"participants_without_meeting": 2},
    )
    held = MeetingFactory(delegation=o.delegation, attendance=Meeting.Attendance.HELD)
    MeetingFactory(delegation=o.delegation, attendance=Meeting.Attendance.NO_SHOW_B)
    Feedback.objects.create(
        meeting=held, participant=held.participant_a, verdict=Feedback.Verdict.COOPERATION
    )
    return o


def _values(figures) -> list:
    return [f.value for f in figures]


def test_requests_are_counted_by_answer(world):
    assert _values(tiles.request_figures(world.delegation)) == [1, 1, 1]


def test_the_schedule_tile_gives_value_over_the_proven_bound(world):
    figures = tiles.schedule_figures(world.delegation)

    assert _values(figures) == ["99.8 %", 2, 2]
    assert figures[0].share == pytest.approx(0.998)


def test_the_day_counts_meetings_held_no_shows_and_cooperation(world):
    assert _values(tiles.day_figures(world.delegation)) == [1, 1, 1]


def test_without_a_run_the_schedule_tile_counts_meetings_only():
    o = office()

    assert _values(tiles.schedule_figures(o.delegation)) == [0]


def test_the_dashboard_shows_the_matchmaking_tiles(client, world):
    client.force_login(world.coordinator)

    html = client.get(
        reverse("backoffice:dashboard", kwargs={"slug": world.delegation.slug})
    ).content.decode()

    assert "Meeting schedule" in html
    assert "99.8 %" in html
