"""Times in the reader's own zone, named the reader's way."""

import datetime
import zoneinfo

import pytest
from django.test import RequestFactory
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, SessionFactory
from twinning.accounts.forms import ProfileForm
from twinning.core import timezones
from twinning.delegations.timefmt import zoned_span

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "China Standard Time"), ("zh-hans", "中国标准时间")],
)
def test_zone_names_are_the_readers_not_raw_ids(language, expected):
    with translation.override(language):
        span = zoned_span(
            datetime.datetime(2012, 3, 20, 9, tzinfo=SHANGHAI),
            datetime.datetime(2012, 3, 20, 10, tzinfo=SHANGHAI),
            SHANGHAI,
            None,
        )

    assert span.zone_name == expected


def test_a_span_crossing_midnight_names_its_end_date():
    with translation.override("en"):
        span = zoned_span(
            datetime.datetime(2012, 3, 21, 17, tzinfo=SHANGHAI),
            datetime.datetime(2012, 3, 22, 2, tzinfo=SHANGHAI),
            SHANGHAI,
            LOS_ANGELES,
        )

    assert (span.start, span.end, span.end_date) == ("17:00", "02:00", "March 22, 2012")
    assert span.other.date == "March 21, 2012" and span.other.end_date == ""


@pytest.mark.django_db
def test_the_programme_shows_the_end_date_of_a_session_past_midnight(client):
    delegation = DelegationFactory(slug="late")
    SessionFactory(
        delegation=delegation,
        starts_at=datetime.datetime(2012, 3, 21, 17, tzinfo=LOS_ANGELES),
        ends_at=datetime.datetime(2012, 3, 22, 2, tzinfo=LOS_ANGELES),
    )
    client.force_login(UserFactory(time_zone="America/Los_Angeles"))

    page = client.get("/en/delegations/late/").content.decode()

    # At the venue (Shanghai) it is 08:00–17:00 on March 22; the reader's clock crosses midnight.
    expected = (
        "(17:00 on March 21, 2012 – 02:00 on March 22, 2012 your time, Pacific Daylight Time)"
    )
    assert expected in page


def test_the_profile_offers_a_short_list_of_current_zones_in_the_readers_language():
    with translation.override("zh-hans"):
        field = ProfileForm(instance=UserFactory.build()).fields["time_zone"]
        values = [value for _group, options in field.choices[1:] for value, _label in options]
        labels = [label for _group, options in field.choices[1:] for _value, label in options]

    assert 30 <= len(values) <= 60
    assert "Africa/Asmera" not in values and "Asia/Shanghai" in values
    assert "中国时间（上海）" in labels
    assert not [label for label in labels if "/" in label]


def test_a_stored_zone_outside_the_list_stays_selectable():
    user = UserFactory.build(time_zone="Asia/Chongqing")
    field = ProfileForm(instance=user).fields["time_zone"]

    assert field.valid_value("Asia/Chongqing")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "profile", "expected"),
    [
        ("auto:Asia/Shanghai", "", ("Asia/Shanghai", "browser")),
        ("Europe/Paris", "", ("Europe/Paris", "chosen")),
        ("Europe/Paris", "Asia/Tokyo", ("Asia/Tokyo", "profile")),
        ("auto:Mars/Olympus_Mons", "", ("", "")),
        ("", "", ("", "")),
    ],
)
def test_the_readers_zone_comes_from_profile_then_choice_then_browser(cookie, profile, expected):
    request = RequestFactory().get("/")
    request.COOKIES[timezones.COOKIE_NAME] = cookie
    request.user = UserFactory(time_zone=profile)

    assert timezones.zone_from_request(request) == expected


@pytest.mark.django_db
def test_the_delegation_page_uses_the_browsers_zone_not_los_angeles(client):
    delegation = DelegationFactory(slug="mission")
    SessionFactory(
        delegation=delegation,
        starts_at=datetime.datetime(2012, 3, 20, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 20, 10, tzinfo=SHANGHAI),
    )
    client.cookies[timezones.COOKIE_NAME] = "auto:Asia/Shanghai"

    page = client.get("/en/delegations/mission/").content.decode()

    assert "Your time is China Time (Shanghai), as your browser reports it." in page
    assert "your time, Pacific" not in page


@pytest.mark.django_db
def test_picking_a_zone_keeps_it_for_the_browser_session_without_consent(client):
    response = client.post("/en/time-zone/", {"zone": "Europe/Paris", "next": "/en/delegations/"})

    morsel = response.cookies[timezones.COOKIE_NAME]
    assert response.status_code == 302 and response["Location"] == "/en/delegations/"
    assert morsel.value == "Europe/Paris" and morsel["max-age"] == ""


@pytest.mark.django_db
def test_picking_a_zone_remembers_it_a_year_with_consent_to_preferences(client):
    client.post("/en/cookies/consent/", {"choice": "all"})

    response = client.post("/en/time-zone/", {"zone": "Europe/Paris"})

    assert response.cookies[timezones.COOKIE_NAME]["max-age"] == 365 * 24 * 60 * 60


@pytest.mark.django_db
def test_an_unknown_zone_is_refused_with_a_clear_400(client):
    response = client.post("/en/time-zone/", {"zone": "Africa/Nowhere"})

    assert response.status_code == 400
    assert "is not a known time zone" in response.content.decode()
    assert timezones.COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_a_session_past_midnight_at_the_venue_says_when_it_ends(client):
    delegation = DelegationFactory(slug="night")
    SessionFactory(
        delegation=delegation,
        starts_at=datetime.datetime(2012, 3, 21, 17, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 22, 2, tzinfo=SHANGHAI),
    )

    page = client.get("/en/delegations/night/").content.decode()

    assert "02:00</time> (ends March 22, 2012)" in page
