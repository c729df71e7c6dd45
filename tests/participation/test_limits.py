"""Rate limits that hold behind a proxy, and an anti-spam question that works once."""

import pytest

from tests.participation.conftest import MESSAGE, solved
from twinning.participation.models import Message, Report

PROXY = "10.0.0.2"
REPORT = {"url": "/en/", "reason": Report.Reason.FALSE, "details": "Wrong date."}


@pytest.mark.django_db
@pytest.mark.parametrize("trusted", [0, 1])
@pytest.mark.parametrize(
    "forwarded",
    [None, "203.0.113.9", "198.51.100.1, 203.0.113.9", "garbage", ", ,", "2001:db8::1"],
    ids=["absent", "one", "two", "garbage", "empty-entries", "ipv6"],
)
@pytest.mark.parametrize(
    ("url", "data", "model"),
    [("/en/message/", MESSAGE, Message), ("/en/report/", REPORT, Report)],
    ids=["message", "report"],
)
def test_forms_never_fail_on_the_forwarded_header(
    client, settings, trusted, forwarded, url, data, model
):
    settings.TRUSTED_PROXY_COUNT = trusted
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}

    response = client.post(url, solved(data), REMOTE_ADDR=PROXY, **headers)

    assert response.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.django_db
def test_a_new_forged_header_on_each_post_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PARTICIPATION_RATE_PER_IP = "5/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "100/h"
    statuses = [
        client.post(
            "/en/message/",
            solved({**MESSAGE, "email": f"v{i}@example.cn"}),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.9",
        ).status_code
        for i in range(30)
    ]

    assert Message.objects.count() == 5
    assert statuses.count(429) == 25


@pytest.mark.django_db
def test_clients_behind_one_proxy_have_their_own_limits(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PARTICIPATION_RATE_PER_IP = "1/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "100/h"
    for last in (9, 10):
        client.post(
            "/en/message/",
            solved({**MESSAGE, "email": f"v{last}@example.cn"}),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{last}",
        )

    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_ipv6_clients_of_one_64_network_share_a_limit(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "2/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "100/h"
    for i in range(4):
        client.post(
            "/en/message/",
            solved({**MESSAGE, "email": f"v{i}@example.cn"}),
            REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}",
        )

    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_a_solved_question_replayed_thirty_times_stores_one_message(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "100/h"
    settings.PARTICIPATION_RATE_PER_EMAIL = "100/h"
    data = solved(MESSAGE)

    statuses = [client.post("/en/message/", data).status_code for _ in range(30)]

    assert Message.objects.count() == 1
    assert statuses.count(302) == 1
    assert statuses.count(400) == 29


@pytest.mark.django_db
def test_a_replay_is_refused_with_a_new_question_and_the_text_kept(client):
    data = solved(MESSAGE)
    client.post("/en/message/", data)

    response = client.post("/en/message/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "already sent once" in page
    assert 'value="Visiting Seattle in spring"' in page
    assert f'value="{data["challenge"]}"' not in page


@pytest.mark.django_db
def test_a_form_sent_back_for_a_typo_keeps_its_question(client):
    data = solved(MESSAGE)
    client.post("/en/message/", {**data, "email": "not-an-address"})

    response = client.post("/en/message/", data)

    assert response.status_code == 302
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_submission_over_the_limit_gets_a_fresh_question(client, settings):
    settings.PARTICIPATION_RATE_PER_IP = "1/h"
    client.post("/en/message/", solved(MESSAGE))
    data = solved(MESSAGE)

    response = client.post("/en/message/", data)

    assert response.status_code == 429
    assert f'value="{data["challenge"]}"' not in response.content.decode()
