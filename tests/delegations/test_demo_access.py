"""The access matrix on the demo delegation: every viewer × every session page, document
download and feed of the 2012 "Seattle Week in Chongqing", one case each."""

import icalendar
import pytest
import yaml
from django.core.management import call_command
from django.db import transaction

from tests.accounts.factories import verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory
from twinning.accounts.models import User
from twinning.delegations import demo as delegation_demo
from twinning.delegations.models import Audience, Delegation, Document, Member, Session

SLUG = "2012-seattle-week-in-chongqing"
SEES = {
    "anonymous": {Audience.PUBLIC},
    "confirmed delegate": {Audience.PUBLIC, Audience.MEMBERS},
    "delegate of another delegation": {Audience.PUBLIC},
    "presenter": {Audience.PUBLIC, Audience.MEMBERS},
    "coordinator": {Audience.PUBLIC, Audience.MEMBERS, Audience.COORDINATORS},
}
EMAILS = {
    "confirmed delegate": "alex.morgan@demo.twinning.test",
    "delegate of another delegation": "other.delegate@example.org",
    "presenter": "mark.ellison@demo.twinning.test",
    "coordinator": "coordinator@demo.twinning.test",
}
# The cases are named at collection time, from the file the demo loads.
_DATA = yaml.safe_load(delegation_demo.DATA_FILE.read_text(encoding="utf-8"))
SESSION_TITLES = [record["title"]["en"] for record in _DATA["sessions"]]
DOCUMENT_TITLES = [record["title"]["en"] for record in _DATA["documents"]]


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """The demo loads once for the module's cases; each case rolls back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--accounts")
        relationship = Delegation.objects.get(slug=SLUG).relationship
        other = DelegationFactory(slug="another-mission", relationship=relationship)
        MemberFactory(delegation=other, user__email=EMAILS["delegate of another delegation"])
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once, db):
    delegation = Delegation.objects.get(slug=SLUG)
    viewers = {"anonymous": None} | {
        viewer: User.objects.get(email=email) for viewer, email in EMAILS.items()
    }
    return delegation, viewers


def _as(client, user):
    client.logout()
    if user is not None and user.requires_two_factor:
        verified_login(client, user)  # staff have passed their TOTP check
    elif user is not None:
        client.force_login(user)
    return client


def test_the_cases_cover_every_session_and_document_and_audience(demo):
    delegation, _viewers = demo
    sessions = Session.objects.filter(delegation=delegation)

    assert sorted(sessions.values_list("title_en", flat=True)) == sorted(SESSION_TITLES)
    assert sorted(
        Document.objects.filter(delegation=delegation).values_list("title_en", flat=True)
    ) == sorted(DOCUMENT_TITLES)
    assert {s.audience for s in sessions} == set(Audience)


@pytest.mark.parametrize("title", SESSION_TITLES)
@pytest.mark.parametrize("viewer", SEES)
def test_every_session_page_of_the_demo_delegation(client, demo, viewer, title):
    delegation, viewers = demo
    session = Session.objects.get(delegation=delegation, title_en=title)

    status = _as(client, viewers[viewer]).get(session.get_absolute_url()).status_code

    if session.audience in SEES[viewer]:
        assert status == 200
    else:  # a closed session whose title is public says so; any other is not there
        assert status == (403 if session.title_is_public else 404)


@pytest.mark.parametrize("title", DOCUMENT_TITLES)
@pytest.mark.parametrize("viewer", SEES)
def test_every_document_of_the_demo_delegation(client, demo, viewer, title):
    delegation, viewers = demo
    document = Document.objects.select_related("session").get(delegation=delegation, title_en=title)
    audiences = {document.audience, document.session.audience if document.session else "public"}

    status = _as(client, viewers[viewer]).get(document.get_absolute_url()).status_code

    assert status == (200 if audiences <= SEES[viewer] else 404)


@pytest.mark.parametrize("viewer", SEES)
def test_public_feed_of_the_demo_delegation(client, demo, viewer):
    delegation, viewers = demo

    response = _as(client, viewers[viewer]).get(f"/en/delegations/{SLUG}/calendar.ics")

    public = icalendar.Calendar.from_ical(response.content)
    assert {str(e["summary"]) for e in public.walk("VEVENT")} == set(
        Session.objects.filter(delegation=delegation, audience=Audience.PUBLIC).values_list(
            "title_en", flat=True
        )
    )


@pytest.mark.parametrize("viewer", ["confirmed delegate", "presenter", "coordinator"])
def test_own_feed_of_a_member_of_the_demo_delegation(client, demo, viewer):
    delegation, viewers = demo
    member = Member.objects.get(delegation=delegation, user=viewers[viewer])

    response = _as(client, viewers[viewer]).get(
        f"/en/delegations/calendar/{member.calendar_token}.ics"
    )

    own = icalendar.Calendar.from_ical(response.content)
    expected = Session.objects.filter(delegation=delegation, audience__in=SEES[viewer])
    assert {str(e["summary"]) for e in own.walk("VEVENT")} == set(
        expected.values_list("title_en", flat=True)
    )


@pytest.mark.parametrize(
    ("viewer", "status"), [("anonymous", 302), ("delegate of another delegation", 403)]
)
def test_no_own_feed_for_others_than_members_of_the_demo_delegation(client, demo, viewer, status):
    _delegation, viewers = demo

    response = _as(client, viewers[viewer]).get(f"/en/delegations/{SLUG}/my-calendar/")

    assert response.status_code == status


def test_demo_meeting_at_nine_in_chongqing_is_nine_asia_shanghai(client, demo):
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/{SLUG}/calendar.ics").content
    )

    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    nine = [s for s in starts if s.date().isoformat() == "2012-03-20" and s.hour == 9]
    assert nine and nine[0].tzinfo.key == "Asia/Shanghai" and nine[0].minute == 0
