"""Participants without an account (counterparts, government offices whose profiles the
coordinators keep) get their agenda behind a secret link, at their contact address: once
per publication, in their language, renewable by a coordinator."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.accounts.factories import verified_login
from tests.matchmaking import agenda_world
from tests.matchmaking.factories import CounterpartParticipantFactory
from twinning.core.middleware import NO_STORE
from twinning.matchmaking import services
from twinning.matchmaking.models import MatchmakingPolicy
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db
PUBLISHED = "matchmaking/agenda/email/published"


@pytest.fixture
def world():
    """The agenda world, plus an office without an account meeting the delegate at 09:20
    and a company without an account or address meeting them at 09:40."""
    w = agenda_world.build(slug="mission")
    w.office = CounterpartParticipantFactory(
        delegation=w.delegation,
        organisation_en="Chongqing Commerce Office",
        organisation_zh_hans="重庆商务办公室",
        contact_name="赵磊",
        contact_email="office@cq.example",
        languages=["zh"],
    )
    w.silent = CounterpartParticipantFactory(
        delegation=w.delegation,
        organisation_en="Yangtze Trading",
        organisation_zh_hans="长江贸易",
        contact_email="",
    )
    for participant, slot in ((w.office, w.slots[1]), (w.silent, w.slots[2])):
        agenda_world.delegate_meets(w, participant, slot)
    return w


def _publish(world, status="preliminary", capture=None):
    if capture is None:
        return services.agenda_publish(
            actor=world.coordinator, delegation=world.delegation, status=status
        )
    with capture(execute=True):
        return services.agenda_publish(
            actor=world.coordinator, delegation=world.delegation, status=status
        )


def _link(participant) -> str:
    return f"/en/delegations/mission/meetings/my/{participant.agenda_token}/"


def test_publishing_mails_the_secret_link_to_a_participant_without_an_account(world):
    _publish(world)

    mail = Notification.objects.get(to="office@cq.example")
    assert mail.template == PUBLISHED
    assert mail.context["url"].endswith(_link(world.office).replace("/en/", "/zh-hans/"))
    assert mail.context["secret"] is True


def test_the_mail_reads_in_chinese_for_a_chinese_speaking_office(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _publish(world, capture=django_capture_on_commit_callbacks)

    mail = next(m for m in mailoutbox if m.to == ["office@cq.example"])
    assert "初步" in mail.subject
    assert "此链接仅供您本人使用" in mail.body
    assert f"/meetings/my/{world.office.agenda_token}/" in mail.body


def test_the_mail_reads_in_english_for_an_english_speaking_contact(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.office.languages = ["en"]
    world.office.save()

    _publish(world, capture=django_capture_on_commit_callbacks)

    mail = next(m for m in mailoutbox if m.to == ["office@cq.example"])
    assert "preliminary" in mail.subject
    assert "This link is yours alone" in mail.body


@pytest.mark.parametrize(
    ("country", "languages", "expected"),
    [
        ("China", [], "zh-hans"),
        ("China", ["fr"], "zh-hans"),
        ("United States", [], "en"),
        ("United States", ["zh"], "zh-hans"),
        ("China", ["en", "zh"], "zh-hans"),
    ],
)
def test_the_language_is_the_profiles_else_the_host_citys(world, country, languages, expected):
    host = world.delegation.cities[1]
    host.country_en = country
    host.save()
    world.office.languages = languages
    world.office.save()

    assert services.agenda_link_recipient(world.office).preferred_language == expected


def test_a_participant_without_an_address_gets_no_mail_and_the_coordinator_sees_it(client, world):
    _publish(world)
    verified_login(client, world.coordinator)

    page = client.get("/en/delegations/mission/meetings/grid/").content.decode()

    assert set(Notification.objects.values_list("to", flat=True)) == {
        world.delegate.member.user.email,
        world.counterpart.user.email,
        world.interpreter.user.email,
        "office@cq.example",
    }
    assert "Cannot be told: no contact e-mail address" in page
    assert "office@cq.example" in page


def test_the_same_publication_never_mails_twice(world):
    _publish(world)
    # Published again as preliminary (a coordinator set it back to draft in the admin).
    MatchmakingPolicy.objects.filter(delegation=world.delegation).update(agenda_status="draft")
    _publish(world)

    assert Notification.objects.filter(to="office@cq.example").count() == 1


def test_the_final_agenda_mails_the_link_again(world):
    _publish(world)
    _publish(world, status="final")

    mails = Notification.objects.filter(to="office@cq.example").order_by("pk")
    assert [m.context["preliminary"] for m in mails] == [True, False]


def test_the_link_shows_that_participants_meetings_without_signing_in(client, world):
    _publish(world)

    response = client.get(_link(world.office))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Chongqing Commerce Office" in page
    assert "Cascade Tunnelling" in page
    assert "Chongqing Metro Group" not in page  # the delegate's other meeting
    assert "Yangtze Trading" not in page


@pytest.mark.parametrize("suffix", [".pdf", ".ics"])
def test_the_link_gives_the_pdf_and_the_calendar(client, world, suffix):
    _publish(world)

    response = client.get(_link(world.office).rstrip("/") + suffix)

    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_the_calendar_holds_only_that_participants_meeting(client, world):
    _publish(world)

    body = client.get(_link(world.office).rstrip("/") + ".ics").content.decode()

    assert body.count("BEGIN:VEVENT") == 1
    assert "Cascade Tunnelling" in body


@pytest.mark.parametrize("suffix", [".pdf", ".ics"])
def test_nothing_to_download_while_the_agenda_is_a_draft(client, world, suffix):
    assert client.get(_link(world.office).rstrip("/") + suffix).status_code == 404


def test_the_page_shows_no_meeting_while_the_agenda_is_a_draft(client, world):
    page = client.get(_link(world.office)).content.decode()

    assert "Cascade Tunnelling" not in page


def test_after_renewal_the_old_link_is_gone_and_the_new_one_works(client, world):
    _publish(world)
    old = _link(world.office)
    verified_login(client, world.coordinator)

    response = client.post(
        f"/en/delegations/mission/meetings/participants/{world.office.pk}/agenda-link/"
    )
    client.logout()
    world.office.refresh_from_db()

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(_link(world.office)).status_code == 200


def test_a_delegate_cannot_renew_someone_elses_link(world):
    with pytest.raises(PermissionDenied):
        services.agenda_link_renew(actor=world.delegate.member.user, participant=world.office)


def test_a_link_of_another_delegation_is_not_found(client, world):
    other = agenda_world.build(slug="other")
    stranger = CounterpartParticipantFactory(delegation=other.delegation)

    assert client.get(_link(stranger)).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_mail_the_link_once():
    from django.core.exceptions import ValidationError
    from django.db import connection

    from tests.concurrency import at_once

    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    w = agenda_world.build(slug="race")
    office = CounterpartParticipantFactory(
        delegation=w.delegation, contact_email="office@race.example", languages=["zh"]
    )
    agenda_world.delegate_meets(w, office, w.slots[1])

    def publish(_n):
        try:
            services.agenda_publish(
                actor=w.coordinator, delegation=w.delegation, status="preliminary"
            )
        except ValidationError:
            return "refused"
        return "published"

    outcomes = sorted(at_once(publish, [1, 2]))

    assert outcomes == ["published", "refused"]
    assert Notification.objects.filter(to="office@race.example").count() == 1


def test_a_contact_without_a_name_is_greeted_by_the_organisations_name(world):
    world.office.contact_name = ""
    world.office.save()

    _publish(world)

    assert Notification.objects.get(to="office@cq.example").context["name"] == "重庆商务办公室"


def test_erasing_the_contacts_data_stops_the_link_they_were_sent(client, world):
    from tests.accounts.factories import UserFactory
    from twinning.accounts.rules import system_actor
    from twinning.matchmaking import personal_data

    _publish(world)
    old = _link(world.office)
    person = UserFactory(email="office@cq.example")

    personal_data.erase(person, actor=system_actor())

    assert client.get(old).status_code == 404
