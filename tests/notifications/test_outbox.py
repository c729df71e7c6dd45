"""An event's e-mail is queued once and sent once, however often its task runs."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.accounts.factories import UserFactory
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_deliver, notification_queue

pytestmark = pytest.mark.django_db


def queue(actor, to, key="registration-1-received"):
    return notification_queue(
        actor=actor,
        key=key,
        to=to,
        template="registrations/email/received",
        context={"name": "Li", "delegation": "Trip", "status": "S", "total": "$1", "url": "u"},
    )


def test_an_event_queues_one_e_mail_and_its_task_sends_it_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue(user, user)
        queue(user, user)  # the same event again

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1
    assert Notification.objects.get().sent_at is not None


@pytest.mark.parametrize("runs", [2, 5])
def test_a_retried_task_sends_nothing_more(mailoutbox, runs):
    user = UserFactory()
    notification = queue(user, user)

    sent = [notification_deliver(notification_id=notification.pk) for _ in range(runs)]

    assert sent == [True] + [False] * (runs - 1)
    assert len(mailoutbox) == 1


def test_the_e_mail_is_in_the_recipients_language(mailoutbox):
    user = UserFactory(preferred_language="zh-hans")
    notification = queue(user, user)

    notification_deliver(notification_id=notification.pk)

    assert mailoutbox[0].subject == "已收到报名：Trip"
    assert "感谢您报名参加Trip。" in mailoutbox[0].body


def test_the_subject_is_one_plain_line(mailoutbox):
    user = UserFactory()
    notification = notification_queue(
        actor=user,
        key="k",
        to=user,
        template="registrations/email/received",
        context={
            "name": "A",
            "delegation": "Q&A <trip>\nnext",
            "status": "",
            "total": "",
            "url": "",
        },
    )

    notification_deliver(notification_id=notification.pk)

    assert mailoutbox[0].subject == "Registration received: Q&A <trip> next"


def test_nobody_without_an_account_queues_mail():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        queue(AnonymousUser(), UserFactory())
