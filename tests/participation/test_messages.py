import re

import pytest
from django.core import mail

from tests.participation.conftest import MESSAGE, solved
from twinning.participation.models import Message

URL = "/en/message/"


@pytest.mark.django_db
def test_message_is_queued_and_confirmed_in_the_visitors_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, solved(MESSAGE))

    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == Message.Status.NEW
    assert not message.published
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["li.wei@example.cn"]
    assert "我们已收到您的留言" in confirmation.subject
    assert confirmation.extra_headers["Message-ID"] == message.thread_id
    assert "/zh-hans/message/delete/" in confirmation.body


@pytest.mark.django_db
def test_visitor_deletes_their_message_with_the_link_from_the_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, solved(MESSAGE))
    link = re.search(r"http://[^/]+(/\S+/message/delete/\S+/)", mail.outbox[0].body).group(1)

    assert client.get(link).status_code == 200
    client.post(link)

    assert Message.objects.count() == 0
    assert "no message" in client.post(link.replace("/zh-hans/", "/en/")).content.decode()


@pytest.mark.django_db
def test_forged_delete_link_deletes_nothing(client):
    client.post(URL, solved(MESSAGE))

    client.post("/en/message/delete/not-a-real-token/")

    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_filled_honeypot_stores_nothing_and_looks_like_success(client):
    response = client.post(URL, solved({**MESSAGE, "website": "http://spam.example"}))

    assert response.status_code == 302
    assert Message.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_thirty_rapid_posts_from_one_address_store_no_more_than_the_limit(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "5/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "100/h"
    statuses = [
        client.post(URL, solved({**MESSAGE, "email": f"v{i}@example.cn"})).status_code
        for i in range(30)
    ]

    assert Message.objects.count() == 5
    assert statuses.count(302) == 5
    assert statuses.count(429) == 25


@pytest.mark.django_db
def test_rate_limit_per_email_address_across_addresses(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "100/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "3/h"
    for i in range(6):
        client.post(URL, solved(MESSAGE), REMOTE_ADDR=f"10.0.0.{i}")

    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_refused_visitor_sees_their_text_again(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "1/h"
    client.post(URL, solved(MESSAGE))

    response = client.post(URL, solved({**MESSAGE, "body": "My second, carefully written text."}))

    page = response.content.decode()
    assert response.status_code == 429
    assert "My second, carefully written text." in page
    assert "several messages in a short time" in page


@pytest.mark.django_db
def test_wrong_answer_keeps_the_text_and_asks_again(client):
    data = solved(MESSAGE)
    data["answer"] = int(data["answer"]) + 1

    response = client.post("/zh-hans/message/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "We would like to bring a small delegation" in page
    assert "答案不正确" in page
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_forged_question_is_replaced_and_the_text_kept(client):
    response = client.post(URL, {**MESSAGE, "challenge": "forged", "answer": 2})

    page = response.content.decode()
    assert response.status_code == 400
    assert "The form has expired" in page
    assert 'value="Visiting Seattle in spring"' in page


@pytest.mark.django_db
def test_too_fast_submission_is_refused(client, settings):
    settings.PARTICIPATION_MIN_FILL_SECONDS = 30

    response = client.post(URL, solved(MESSAGE))

    assert response.status_code == 400
    assert "sent very quickly" in response.content.decode()


@pytest.mark.django_db
def test_too_many_links_are_refused(client):
    body = "See http://a.example http://b.example www.c.example"

    response = client.post(URL, solved({**MESSAGE, "body": body}))

    assert response.status_code == 400
    assert "at most 2 web addresses" in response.content.decode()


@pytest.mark.django_db
def test_overlong_message_is_refused(client):
    response = client.post(URL, solved({**MESSAGE, "body": "x" * 5001}))

    assert response.status_code == 400
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_privacy_statement_must_be_accepted_and_its_version_is_recorded(client):
    from twinning.accounts.rules import system_actor
    from twinning.pages.services import page_version_publish

    page_version_publish(
        page_kind="privacy",
        titles={"en": "Privacy", "zh-hans": "隐私"},
        bodies={"en": "We keep little.", "zh-hans": "我们只保存很少的信息。"},
        change_note="",
        actor=system_actor(),
    )
    refused = client.post(URL, solved({**MESSAGE, "privacy_accepted": ""}))
    client.post(URL, solved(MESSAGE))

    assert refused.status_code == 400
    assert Message.objects.get().privacy_version == 1
