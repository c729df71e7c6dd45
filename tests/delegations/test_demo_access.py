"""The access matrix on the demo delegation: every viewer × every session page, document
download and feed of the 2012 "Seattle Week in Chongqing"."""

import icalendar
import pytest
from django.core.management import call_command

from tests.accounts.factories import verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory
from twinning.accounts.models import User
from twinning.delegations.models import Audience, Delegation, Document, Member, Session

SLUG = "2012-seattle-week-in-chongqing"
SEES = {
    "anonymous": {Audience.PUBLIC},
    "confirmed delegate": {Audience.PUBLIC, Audience.MEMBERS},
    "delegate of another delegation": {Audience.PUBLIC},
    "presenter": {Audience.PUBLIC, Audience.MEMBERS},
    "coordinator": {Audience.PUBLIC, Audience.MEMBERS, Audience.COORDINATORS},
}


@pytest.fixture
def demo(db):
    call_command("demo", "--accounts")
    delegation = Delegation.objects.get(slug=SLUG)
    other = DelegationFactory(slug="another-mission", relationship=delegation.relationship)
    viewers = {
        "anonymous": None,
        "confirmed delegate": User.objects.get(email="alex.morgan@demo.twinning.test"),
        "delegate of another delegation": MemberFactory(delegation=other).user,
        "presenter": User.objects.get(email="mark.ellison@demo.twinning.test"),
        "coordinator": User.objects.get(email="coordinator@demo.twinning.test"),
    }
    return delegation, viewers


def _as(client, user):
    client.logout()
    if user is not None and user.requires_two_factor:
        verified_login(client, user)  # staff have passed their TOTP check
    elif user is not None:
        client.force_login(user)
    return client


def test_every_session_page_of_the_demo_delegation(client, demo):
    delegation, viewers = demo
    for viewer in SEES:
        _test_every_session_page_of_the_demo_delegation(
            _as(client, viewers[viewer]), delegation, viewers, viewer
        )


def _test_every_session_page_of_the_demo_delegation(client, delegation, viewers, viewer):
    sessions = list(Session.objects.filter(delegation=delegation))
    assert {s.audience for s in sessions} == set(Audience)

    for session in sessions:
        status = client.get(session.get_absolute_url()).status_code
        if session.audience in SEES[viewer]:
            assert status == 200, (viewer, session.title_en)
        else:
            assert status == (403 if session.title_is_public else 404), (viewer, session.title_en)


def test_every_document_of_the_demo_delegation(client, demo):
    delegation, viewers = demo
    for viewer in SEES:
        _test_every_document_of_the_demo_delegation(
            _as(client, viewers[viewer]), delegation, viewers, viewer
        )


def _test_every_document_of_the_demo_delegation(client, delegation, viewers, viewer):

    for document in Document.objects.filter(delegation=delegation).select_related("session"):
        audiences = {document.audience, document.session.audience if document.session else "public"}
        allowed = audiences <= SEES[viewer]
        status = client.get(document.get_absolute_url()).status_code
        assert status == (200 if allowed else 404), (viewer, document.title_en)


def test_feeds_of_the_demo_delegation(client, demo):
    delegation, viewers = demo
    for viewer in SEES:
        _test_feeds_of_the_demo_delegation(
            _as(client, viewers[viewer]), delegation, viewers, viewer
        )


def _test_feeds_of_the_demo_delegation(client, delegation, viewers, viewer):
    public = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/{SLUG}/calendar.ics").content
    )
    public_titles = {str(e["summary"]) for e in public.walk("VEVENT")}
    assert public_titles == set(
        Session.objects.filter(delegation=delegation, audience=Audience.PUBLIC).values_list(
            "title_en", flat=True
        )
    )

    member = Member.objects.filter(delegation=delegation, user=viewers[viewer]).first()
    if member is None:
        assert client.get(f"/en/delegations/{SLUG}/my-calendar/").status_code in (302, 403)
        return
    own = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/calendar/{member.calendar_token}.ics").content
    )
    expected = Session.objects.filter(delegation=delegation, audience__in=SEES[viewer])
    assert {str(e["summary"]) for e in own.walk("VEVENT")} == set(
        expected.values_list("title_en", flat=True)
    )


def test_demo_meeting_at_nine_in_chongqing_is_nine_asia_shanghai(client, demo):
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/{SLUG}/calendar.ics").content
    )

    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    nine = [s for s in starts if s.date().isoformat() == "2012-03-20" and s.hour == 9]
    assert nine and nine[0].tzinfo.key == "Asia/Shanghai" and nine[0].minute == 0
