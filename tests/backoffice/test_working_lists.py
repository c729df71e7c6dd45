"""The meetings working list: filters, search in both languages, sort, bulk actions through
matchmaking's services, a flat number of queries."""

import datetime
import zoneinfo
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from tests.accounts.factories import UserFactory, verified_login
from tests.backoffice.meetings_world import build, more_meetings
from tests.querycount import assert_flat_queries
from twinning.matchmaking.models import Meeting

pytestmark = pytest.mark.django_db


def _url(world, **query):
    url = reverse("backoffice:meetings", kwargs={"slug": world.delegation.slug})
    return url + ("?" + urlencode(query) if query else "")


def _day(world, day: str) -> str:
    """The day filter's value: that day's midnight where the meetings are (Chongqing)."""
    zone = zoneinfo.ZoneInfo(world.delegation.cities[1].time_zone)
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(), zone
    ).isoformat()


def _pks(response) -> list[int]:
    return [row["pk"] for row in response.context["rows"]]


@pytest.fixture
def world(client):
    world = build()
    verified_login(client, world.coordinator)
    return world


def test_the_meetings_list_runs_as_many_queries_for_more_rows(client, world):
    assert_flat_queries(client, _url(world), lambda: more_meetings(world, 12))


def test_the_meetings_list_runs_as_many_queries_with_every_filter(client, world):
    query = {
        "day": _day(world, "2012-03-20"),
        "locked": "no",
        "interpreter": "none",
        "q": "Company",
    }
    more_meetings(world, 1)  # one row to show already: an empty page runs fewer queries

    assert_flat_queries(client, _url(world, **query), lambda: more_meetings(world, 12))


def test_the_meetings_list_shows_the_delegations_meetings(client, world):
    others = more_meetings(world, 2)
    build(slug="elsewhere")

    response = client.get(_url(world))

    assert sorted(_pks(response)) == sorted([world.meeting.pk, *[m.pk for m in others]])


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("slot", lambda w: w.slots[0].pk, "first"),
        ("table", lambda w: 1, "first"),
        ("interpreter", lambda w: w.interpreter.pk, "first"),
        ("interpreter", lambda w: "none", "others"),
        ("participant", lambda w: w.counterpart.pk, "first"),
        ("locked", lambda w: "yes", "first"),
        ("locked", lambda w: "no", "others"),
        ("status", lambda w: "cancelled", "first"),
        ("attendance", lambda w: "no_show_a", "first"),
        ("day", lambda w: _day(w, "2012-03-20"), "all"),
        ("day", lambda w: _day(w, "2012-03-21"), "none"),
    ],
)
def test_a_filter_shows_the_meetings_it_names(client, world, name, value, expected):
    others = more_meetings(world, 2)
    Meeting.objects.filter(pk__in=[m.pk for m in others]).update(slot=world.slots[1])
    Meeting.objects.filter(pk=world.meeting.pk).update(
        locked=True, status="cancelled", attendance="no_show_a"
    )
    if name == "day":
        # 2012-03-21 is a day of the delegation's slots too, without meetings.
        world.slots[2].starts_at = world.slots[2].starts_at.replace(day=21)
        world.slots[2].ends_at = world.slots[2].ends_at.replace(day=21)
        world.slots[2].save()
        Meeting.objects.filter(slot=world.slots[2]).update(slot=world.slots[1])
    first, rest = [world.meeting.pk], sorted(m.pk for m in others)
    wanted = {"first": first, "others": rest, "all": sorted(first + rest), "none": []}[expected]

    response = client.get(_url(world, **{name: value(world)}))

    assert sorted(_pks(response)) == wanted


def test_the_list_shows_and_groups_meetings_in_the_meeting_citys_time(client, world):
    """09:00 in Chongqing is 01:00 UTC; 00:30 on the 21st there is the 20th in UTC."""
    late = world.slots[2]
    late.starts_at = datetime.datetime(2012, 3, 20, 16, 30, tzinfo=datetime.UTC)
    late.ends_at = late.starts_at + datetime.timedelta(minutes=20)
    late.save()
    (moved,) = more_meetings(world, 1)
    Meeting.objects.filter(pk=moved.pk).update(slot=late)

    page = client.get(_url(world, sort="slot"))
    on_21st = client.get(_url(world, day=_day(world, "2012-03-21")))

    first = page.context["rows"][0]["cells"][0]["value"]
    assert first == date_format(datetime.datetime(2012, 3, 20, 9, 0), "SHORT_DATETIME_FORMAT")
    assert _pks(on_21st) == [moved.pk]
    offered = [label for _value, label in page.context["filters"][0]["choices"]]
    assert len(offered) == 2


@pytest.mark.parametrize(
    "query", ["重庆轨道", "Chongqing Metro", "喀斯喀特", "Cascade", "Dana Miller", "王芳", "Li Na"]
)
def test_search_finds_a_meeting_by_either_side_in_either_language(client, world, query):
    more_meetings(world, 2)

    response = client.get(_url(world, q=query))

    assert _pks(response) == [world.meeting.pk]


def test_sorting_by_table_both_ways(client, world):
    more_meetings(world, 3)
    tables = sorted(Meeting.objects.values_list("table", "pk"))

    up = client.get(_url(world, sort="table"))
    down = client.get(_url(world, sort="-table"))

    assert _pks(up) == [pk for _table, pk in tables]
    assert [row["cells"][1]["value"] for row in down.context["rows"]] == sorted(
        (t for t, _pk in tables), reverse=True
    )


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("lock", "locked", True),
        ("cancel", "status", "cancelled"),
        ("held", "attendance", "held"),
        ("no_show_a", "attendance", "no_show_a"),
        ("no_show_b", "attendance", "no_show_b"),
        ("no_show_both", "attendance", "no_show_both"),
    ],
)
def test_a_bulk_action_changes_the_ticked_meetings(client, world, action, field, value):
    ticked = more_meetings(world, 2)

    response = client.post(_url(world), {"action": action, "ids": [m.pk for m in ticked]})

    assert response.status_code == 302
    assert set(
        Meeting.objects.filter(pk__in=[m.pk for m in ticked]).values_list(field, flat=True)
    ) == {value}
    assert getattr(Meeting.objects.get(pk=world.meeting.pk), field) != value


def test_bulk_unlock_lets_locked_meetings_move_again(client, world):
    Meeting.objects.update(locked=True)

    client.post(_url(world), {"action": "unlock", "ids": [world.meeting.pk]})

    assert Meeting.objects.get(pk=world.meeting.pk).locked is False


def test_bulk_cancel_says_which_meeting_was_cancelled_already_and_cancels_the_others(client, world):
    done, ticked = more_meetings(world, 2)
    Meeting.objects.filter(pk=done.pk).update(status="cancelled")

    response = client.post(
        _url(world), {"action": "cancel", "ids": [done.pk, ticked.pk]}, follow=True
    )

    assert Meeting.objects.get(pk=ticked.pk).status == "cancelled"
    assert "This meeting is cancelled." in response.content.decode()


def test_bulk_actions_reach_only_the_delegations_own_meetings(client, world):
    theirs = build(slug="elsewhere").meeting

    client.post(_url(world), {"action": "lock", "ids": [theirs.pk]})

    assert Meeting.objects.get(pk=theirs.pk).locked is False


def test_the_meetings_list_is_not_found_for_a_stranger(client, world):
    client.force_login(UserFactory())

    assert client.get(_url(world)).status_code == 404


def test_the_dashboard_links_to_the_meetings_list(client, world):
    response = client.get(reverse("backoffice:dashboard", kwargs={"slug": world.delegation.slug}))

    assert f'href="{_url(world)}"' in response.content.decode()


def test_the_meetings_list_links_to_its_export(client, world):
    response = client.get(_url(world))

    export = reverse("backoffice:transfer_start", kwargs={"dataset": "meetings"})
    assert f"{export}?delegation={world.delegation.slug}" in response.content.decode()


def test_every_row_has_a_labelled_tick_box_for_the_keyboard(client, world):
    response = client.get(_url(world))

    html = response.content.decode()
    assert (
        f'<input type="checkbox" name="ids" value="{world.meeting.pk}" id="row-{world.meeting.pk}">'
        in html
    )
    assert f'<label for="row-{world.meeting.pk}" class="visually-hidden">' in html
