"""Who gets what of a delegation: every viewer × every session, document and feed."""

import icalendar
import pytest
from django.conf import settings

from tests.accounts.factories import UserFactory, verified_login
from tests.delegations.factories import (
    DelegationFactory,
    DocumentFactory,
    MemberFactory,
    SessionFactory,
)
from twinning.accounts.models import Role
from twinning.delegations.models import Audience, Delegation, Member

ALLOWED = {
    "anonymous": {Audience.PUBLIC},
    "delegate": {Audience.PUBLIC, Audience.MEMBERS},
    "other_delegate": {Audience.PUBLIC},
    "presenter": {Audience.PUBLIC, Audience.MEMBERS},
    "unconfirmed": {Audience.PUBLIC},
    "coordinator": {Audience.PUBLIC, Audience.MEMBERS, Audience.COORDINATORS},
}


@pytest.fixture
def world(db):
    delegation = DelegationFactory(slug="mission")
    other = DelegationFactory(slug="other-mission", relationship=delegation.relationship)
    viewers = {
        "anonymous": None,
        "delegate": MemberFactory(delegation=delegation).user,
        "other_delegate": MemberFactory(delegation=other).user,
        "presenter": MemberFactory(delegation=delegation, role=Member.Role.PRESENTER).user,
        "unconfirmed": MemberFactory(delegation=delegation, confirmed=False).user,
        "coordinator": MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR).user,
    }
    sessions = {
        "open": SessionFactory(delegation=delegation, audience=Audience.PUBLIC),
        "briefing": SessionFactory(delegation=delegation, audience=Audience.MEMBERS),
        "secret_title": SessionFactory(
            delegation=delegation, audience=Audience.MEMBERS, title_is_public=False
        ),
        "logistics": SessionFactory(
            delegation=delegation, audience=Audience.COORDINATORS, title_is_public=False
        ),
    }
    documents = {
        audience: DocumentFactory(delegation=delegation, audience=audience) for audience in Audience
    }
    documents["on_briefing"] = DocumentFactory(
        delegation=delegation, session=sessions["briefing"], audience=Audience.PUBLIC
    )
    return delegation, viewers, sessions, documents


def _client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_session_pages_follow_their_audience(client, world, viewer):
    _delegation, viewers, sessions, _documents = world
    client = _client_for(client, viewers[viewer])

    for session in sessions.values():
        status = client.get(session.get_absolute_url()).status_code
        if session.audience in ALLOWED[viewer]:
            assert status == 200, (viewer, session.title_en)
        else:
            assert status == (403 if session.title_is_public else 404), (viewer, session.title_en)


@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_document_downloads_follow_their_audience(client, world, viewer):
    _delegation, viewers, _sessions, documents = world
    client = _client_for(client, viewers[viewer])

    for name, document in documents.items():
        response = client.get(document.get_absolute_url())
        audience = Audience.MEMBERS if name == "on_briefing" else document.audience
        expected = 200 if audience in ALLOWED[viewer] else 404
        assert response.status_code == expected, (viewer, name)
        if expected == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_programme_page_shows_titles_and_hides_what_is_closed(client, world, viewer):
    delegation, viewers, sessions, _documents = world
    page = _client_for(client, viewers[viewer]).get(delegation.get_absolute_url()).content.decode()

    for session in sessions.values():
        allowed = session.audience in ALLOWED[viewer]
        assert (session.title_en in page) == (allowed or session.title_is_public), session.title_en
        assert (session.get_absolute_url() in page) == allowed


def test_public_feed_lists_public_sessions_only(client, world):
    delegation, _viewers, sessions, _documents = world

    feed = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/{delegation.slug}/calendar.ics").content
    )

    titles = {str(event["summary"]) for event in feed.walk("VEVENT")}
    assert titles == {sessions["open"].title_en}


@pytest.mark.parametrize("viewer", ["delegate", "presenter", "coordinator"])
def test_personal_feed_lists_what_the_member_may_see(client, world, viewer):
    delegation, viewers, sessions, _documents = world
    member = Member.objects.get(delegation=delegation, user=viewers[viewer])
    client.logout()  # the feed's secret address is the key, not a session

    feed = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/calendar/{member.calendar_token}.ics").content
    )

    titles = {str(event["summary"]) for event in feed.walk("VEVENT")}
    assert titles == {s.title_en for s in sessions.values() if s.audience in ALLOWED[viewer]}


def test_unconfirmed_member_and_unknown_token_get_no_feed(client, world):
    _delegation, viewers, _sessions, _documents = world
    unconfirmed = Member.objects.get(user=viewers["unconfirmed"])

    assert (
        client.get(f"/en/delegations/calendar/{unconfirmed.calendar_token}.ics").status_code == 404
    )
    assert client.get("/en/delegations/calendar/guess.ics").status_code == 404


def test_renewed_feed_address_revokes_the_old_one(client, world):
    delegation, viewers, _sessions, _documents = world
    member = Member.objects.get(delegation=delegation, user=viewers["delegate"])
    old = member.calendar_token
    client.force_login(viewers["delegate"])

    client.post(f"/en/delegations/{delegation.slug}/my-calendar/")

    member.refresh_from_db()
    assert member.calendar_token != old
    assert client.get(f"/en/delegations/calendar/{old}.ics").status_code == 404
    assert client.get(f"/en/delegations/calendar/{member.calendar_token}.ics").status_code == 200


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "presenter"])
def test_draft_delegation_is_not_found_except_by_its_coordinators(client, world, viewer):
    delegation, viewers, sessions, documents = world
    Delegation.objects.filter(pk=delegation.pk).update(status=Delegation.Status.DRAFT)
    client = _client_for(client, viewers[viewer])

    urls = [
        delegation.get_absolute_url(),
        sessions["open"].get_absolute_url(),
        documents[Audience.PUBLIC].get_absolute_url(),
        f"/en/delegations/{delegation.slug}/calendar.ics",
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4
    client = _client_for(client, viewers["coordinator"])
    assert [client.get(url).status_code for url in urls] == [200] * 4


def test_administrator_sees_everything(client, world):
    _delegation, _viewers, sessions, _documents = world
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    assert client.get(sessions["logistics"].get_absolute_url()).status_code == 200


def test_files_are_not_under_a_public_address(world):
    _delegation, _viewers, _sessions, documents = world

    path = documents[Audience.MEMBERS].file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert len(documents[Audience.MEMBERS].file.name.rsplit("/", 1)[-1]) >= 32  # unguessable
