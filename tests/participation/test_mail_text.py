"""E-mail subjects and bodies are plain text on one line, and bad subjects are refused
before anything is stored."""

import pytest
from django.core import mail
from django.template.loader import render_to_string

from tests.accounts.factories import CoordinatorFactory
from tests.participation.conftest import MESSAGE, solved
from tests.participation.factories import MessageFactory
from twinning.participation.models import Message
from twinning.participation.services import message_reply

URL = "/en/message/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "subject",
    ["Visit\nBcc: everyone@example.org", "Visit\r\nin spring", "Visit\rin spring", "Tab\x0bhere"],
)
def test_subject_with_a_line_break_is_refused_with_the_text_kept(
    client, django_capture_on_commit_callbacks, subject
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, solved({**MESSAGE, "subject": subject}))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Write the subject on one line" in page
    assert "We would like to bring a small delegation" in page
    assert Message.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_confirmation_keeps_ampersands_and_brackets_as_typed(
    client, django_capture_on_commit_callbacks
):
    data = {**MESSAGE, "language": "en", "subject": "Q&A <schools> \"spring\" 'tour'"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, solved({**data, "body": "Tom & Jerry's <b>school</b>"}))

    (confirmation,) = mail.outbox
    assert confirmation.subject == "We have received your message: Q&A <schools> \"spring\" 'tour'"
    assert "Tom & Jerry's <b>school</b>" in confirmation.body
    assert "&amp;" not in confirmation.subject + confirmation.body


@pytest.mark.django_db
def test_answer_to_a_stored_subject_with_a_newline_is_sent_on_one_line(
    django_capture_on_commit_callbacks,
):
    # Stored before the form refused line breaks (or by an import): the mail must still go.
    message = MessageFactory(subject="Partner\nschools & Q&A", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        message_reply(message=message, body="Yes.", actor=CoordinatorFactory())

    (answer,) = mail.outbox
    assert answer.subject == "Re: Partner schools & Q&A"
    assert answer.message()["Subject"] == "Re: Partner schools & Q&A"


def test_password_reset_subject_is_not_html_escaped(settings):
    # Django's reset form renders it with the HTML engine: the template turns escaping off.
    settings.TWINNING_SITE_NAME = "Q&A <office>"
    subject = render_to_string("accounts/email/password_reset_subject.txt", {})

    assert subject.strip() == "Reset your password on Q&A <office>"
