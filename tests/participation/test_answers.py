import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.participation.factories import MessageFactory, ReportFactory
from twinning.participation.models import Message, Report


@pytest.mark.django_db
def test_staff_answer_by_email_in_the_messages_thread(client, django_capture_on_commit_callbacks):
    message = MessageFactory(subject="Partner schools")
    verified_login(client, CoordinatorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/backoffice/messages/{message.pk}/",
            {"action": "reply", "body": "Yes: write to the education office."},
        )
        client.post(
            f"/en/backoffice/messages/{message.pk}/",
            {"action": "reply", "body": "A follow-up."},
        )

    first, second = mail.outbox
    assert first.subject == "回复：Partner schools"  # in the visitor's language
    assert first.extra_headers["In-Reply-To"] == message.thread_id
    assert second.extra_headers["References"] == (
        f"{message.thread_id} {first.extra_headers['Message-ID']}"
    )
    message.refresh_from_db()
    assert message.status == Message.Status.ANSWERED
    assert message.replies.count() == 2


@pytest.mark.django_db
def test_answered_message_is_published_only_with_consent(client):
    agreed = MessageFactory(subject="Published question", publish_consent=True)
    refused = MessageFactory(subject="Private question", publish_consent=False)
    for message in (agreed, refused):
        message.replies.create(body="Answer.", email_message_id="<x@y>")
    verified_login(client, CoordinatorFactory())

    client.post(f"/en/backoffice/messages/{agreed.pk}/", {"action": "publish"})
    client.post(f"/en/backoffice/messages/{refused.pk}/", {"action": "publish"})

    page = client.get("/en/questions/").content.decode()
    assert "Published question" in page
    assert "Private question" not in page
    assert client.get(f"/en/questions/{refused.pk}/").status_code == 404


@pytest.mark.django_db
def test_unanswered_message_cannot_be_published(client):
    message = MessageFactory()
    verified_login(client, CoordinatorFactory())

    response = client.post(
        f"/en/backoffice/messages/{message.pk}/", {"action": "publish"}, follow=True
    )

    assert "Answer the message before publishing it." in response.content.decode()
    message.refresh_from_db()
    assert not message.published


@pytest.mark.django_db
def test_visitors_and_delegates_cannot_read_messages(client):
    message = MessageFactory()
    client.force_login(UserFactory())

    assert client.get("/en/backoffice/messages/").status_code == 403
    assert client.get(f"/en/backoffice/messages/{message.pk}/").status_code == 403


@pytest.mark.django_db
def test_purge_deletes_old_unpublished_messages_and_closed_reports(settings):
    settings.PARTICIPATION_MESSAGE_RETENTION_DAYS = 30
    settings.PARTICIPATION_REPORT_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=31)
    old = MessageFactory()
    published = MessageFactory(published=True)
    recent = MessageFactory()
    Message.objects.filter(pk__in=[old.pk, published.pk]).update(created_at=long_ago)
    closed = ReportFactory(status=Report.Status.DISMISSED, closed_at=long_ago)
    still_open = ReportFactory()
    Report.objects.filter(pk=still_open.pk).update(received_at=long_ago)

    call_command("purge_participation")

    assert set(Message.objects.values_list("pk", flat=True)) == {published.pk, recent.pk}
    assert set(Report.objects.values_list("pk", flat=True)) == {still_open.pk}
    assert closed.pk is not None
