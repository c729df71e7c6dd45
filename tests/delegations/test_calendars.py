import datetime
import zoneinfo

import icalendar
import pytest

from tests.delegations.factories import DelegationFactory, SessionFactory, VenueFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SEATTLE = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.mark.django_db
def test_nine_in_chongqing_is_nine_asia_shanghai_in_the_feed(client):
    delegation = DelegationFactory(slug="mission")
    SessionFactory(
        delegation=delegation,
        title_en="Meeting with officials",
        starts_at=datetime.datetime(2012, 3, 20, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 20, 10, 30, tzinfo=SHANGHAI),
    )
    SessionFactory(
        delegation=delegation,
        title_en="Pre-departure briefing",
        venue=VenueFactory(time_zone="America/Los_Angeles"),
        starts_at=datetime.datetime(2012, 3, 14, 17, 0, tzinfo=SEATTLE),
        ends_at=datetime.datetime(2012, 3, 14, 18, 0, tzinfo=SEATTLE),
    )

    response = client.get("/en/delegations/mission/calendar.ics")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    meeting = events["Meeting with officials"]
    start = meeting.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 0)
    assert start.tzinfo.key == "Asia/Shanghai"
    assert meeting["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert start.astimezone(datetime.UTC).hour == 1
    briefing = events["Pre-departure briefing"].decoded("dtstart")
    assert (briefing.hour, briefing.tzinfo.key) == (17, "America/Los_Angeles")
    zones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Shanghai", "America/Los_Angeles"}


@pytest.mark.django_db
def test_feed_titles_follow_the_address_language(client):
    delegation = DelegationFactory(slug="mission")
    SessionFactory(
        delegation=delegation, title_en="Green building forum", title_zh_hans="绿色建筑论坛"
    )

    calendar = icalendar.Calendar.from_ical(
        client.get("/zh-hans/delegations/mission/calendar.ics").content
    )

    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["绿色建筑论坛"]


@pytest.mark.django_db
def test_programme_shows_venue_time_and_the_viewers_own_time(client):
    from tests.accounts.factories import UserFactory

    delegation = DelegationFactory(slug="mission")
    SessionFactory(
        delegation=delegation,
        starts_at=datetime.datetime(2012, 3, 20, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 20, 10, 0, tzinfo=SHANGHAI),
    )
    client.force_login(UserFactory(time_zone="America/Los_Angeles"))

    page = client.get("/en/delegations/mission/").content.decode()

    assert '<time datetime="2012-03-20T09:00:00+08:00">09:00</time>' in page
    assert 'title="Asia/Shanghai">China Standard Time<' in page
    assert "(18:00–19:00 on March 19, 2012 your time, Pacific Daylight Time)" in page
