"""Announcements: a group's people, each in their language, never twice, with a log."""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.backoffice.factories import office
from tests.concurrency import at_once
from tests.delegations.factories import MemberFactory, SessionFactory
from twinning.accounts.rules import system_actor
from twinning.backoffice import selectors, services, tasks
from twinning.backoffice.models import Announcement, Delivery
from twinning.delegations.models import Audience, Member
from twinning.notifications.models import Notification
from twinning.registrations.models import WaitingListEntry

pytestmark = pytest.mark.django_db

TEXTS = {
    "subjects": {"en": "Visa appointments", "zh-hans": "签证预约"},
    "bodies": {"en": "Book your appointment this week.", "zh-hans": "请在本周预约。"},
}


def _announce(o, group="unpaid", **kwargs):
    return services.announcement_create(
        actor=o.coordinator, delegation=o.delegation, group=group, **TEXTS, **kwargs
    )


def _recipients(o, group, session=None) -> set:
    return set(
        selectors.recipients(delegation=o.delegation, group=group, session=session).values_list(
            "pk", flat=True
        )
    )


def test_the_unpaid_group_is_who_still_owes():
    o = office()

    assert _recipients(o, "unpaid") == {o.unpaid.user_id}


def test_the_confirmed_group_is_who_has_paid():
    o = office()

    assert _recipients(o, "confirmed") == {o.paid[0].user_id}


def test_the_waiting_group_is_the_waiting_list():
    o = office()
    waiter = UserFactory()
    WaitingListEntry.objects.create(delegation=o.delegation, user=waiter)

    assert _recipients(o, "waiting") == {waiter.pk}


def test_a_members_session_reaches_its_confirmed_members_not_outsiders():
    o = office()
    session = SessionFactory(delegation=o.delegation, audience=Audience.MEMBERS)
    delegate = MemberFactory(delegation=o.delegation, role=Member.Role.DELEGATE, confirmed=True)
    MemberFactory(delegation=o.delegation, role=Member.Role.DELEGATE, confirmed=False)

    # The paid registrant is a confirmed delegate too (membership follows the payment).
    assert _recipients(o, "session", session) == {
        delegate.user_id,
        o.paid[0].user_id,
        o.coordinator.pk,
    }


def test_a_coordinators_session_reaches_only_coordinators():
    o = office()
    session = SessionFactory(delegation=o.delegation, audience=Audience.COORDINATORS)
    MemberFactory(delegation=o.delegation, role=Member.Role.DELEGATE, confirmed=True)

    assert _recipients(o, "session", session) == {o.coordinator.pk}


def test_each_recipient_gets_the_e_mail_in_their_language(django_capture_on_commit_callbacks):
    o = office()
    o.unpaid.user.preferred_language = "zh-hans"
    o.unpaid.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        _announce(o, group="registered")

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        o.unpaid.user.email: "签证预约",
        o.paid[0].user.email: "签证预约",
    }


def test_an_english_reader_gets_the_english_text(django_capture_on_commit_callbacks):
    o = office()
    o.unpaid.user.preferred_language = "en"
    o.unpaid.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        _announce(o)

    assert [(m.subject, "Book your appointment" in m.body) for m in mail.outbox] == [
        ("Visa appointments", True)
    ]


def test_a_retried_task_mails_nobody_twice(django_capture_on_commit_callbacks):
    o = office()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = _announce(o, group="registered")

    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.announcement_send.call(announcement.pk)

    assert (again, len(mail.outbox), Delivery.objects.count()) == (0, 2, 2)


def test_the_announcement_needs_both_languages():
    o = office()

    with pytest.raises(Exception, match="every language"):
        services.announcement_create(
            actor=o.coordinator,
            delegation=o.delegation,
            group="members",
            subjects={"en": "Only English"},
            bodies={"en": "Text", "zh-hans": "文字"},
        )


def test_a_session_of_another_delegation_is_refused():
    o = office()
    other = SessionFactory()

    with pytest.raises(Exception, match="session of this delegation"):
        _announce(o, group="session", session=other)


def test_the_delivery_log_lists_each_recipient(client, django_capture_on_commit_callbacks):
    o = office()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = _announce(o, group="registered")
    client.force_login(o.coordinator)

    response = client.get(
        reverse(
            "backoffice:announcement", kwargs={"slug": o.delegation.slug, "pk": announcement.pk}
        )
    )

    html = response.content.decode()
    assert [o.unpaid.user.email in html, o.paid[0].user.email in html] == [True, True]
    assert "Not yet" not in html  # both sent (the immediate backend in tests)


def test_the_form_sends_to_the_group_it_names(client, django_capture_on_commit_callbacks):
    o = office()
    client.force_login(o.coordinator)
    data = {"group": "unpaid"}
    for code in ("en", "zh-hans"):
        data[f"subject_{code}"] = TEXTS["subjects"][code]
        data[f"body_{code}"] = TEXTS["bodies"][code]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:announce", kwargs={"slug": o.delegation.slug}), data
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[o.unpaid.user.email]]


def test_someone_who_does_not_coordinate_cannot_announce(client):
    o = office()
    client.force_login(UserFactory())

    response = client.get(reverse("backoffice:announce", kwargs={"slug": o.delegation.slug}))

    assert response.status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_mail_each_person_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    o = office()
    announcement = Announcement.objects.create(
        delegation=o.delegation,
        group="registered",
        created_by=o.coordinator,
        subject_en="S",
        subject_zh_hans="主题",
        body_en="B",
        body_zh_hans="正文",
    )
    actor = system_actor()

    def deliver(_item) -> str:
        return str(services.announcement_deliver(actor=actor, announcement=announcement))

    outcomes = at_once(deliver, range(4))

    assert [outcome.isdigit() for outcome in outcomes] == [True] * 4  # no error
    assert sum(int(outcome) for outcome in outcomes) == 2
    assert Delivery.objects.filter(announcement=announcement).count() == 2
    assert (
        Notification.objects.filter(
            key__startswith=f"backoffice.announcement-{announcement.pk}-"
        ).count()
        == 2
    )
