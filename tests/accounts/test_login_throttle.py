"""Wrong passwords lead to a cool-off per account and per address that grows and expires."""

import pytest
from django.test import RequestFactory

from tests.accounts.factories import PASSWORD, UserFactory
from twinning.accounts import throttle

LOGIN = "/en/accounts/login/"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand instead of waiting."""
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(throttle, "_now", lambda: now["t"])
    return now


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    settings.LOGIN_COOLOFF_SECONDS = 60
    settings.LOGIN_COOLOFF_MAX_SECONDS = 900
    settings.LOGIN_THROTTLE_MEMORY_SECONDS = 3600


def _attempt(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, clock):
    user = UserFactory(email="delegate@example.org")

    statuses = [_attempt(client, user.email, f"guess-{i}").status_code for i in range(30)]
    right = _attempt(client, user.email, PASSWORD)

    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 25
    assert right.status_code == 429
    assert "try again in 1 minute" in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_refusal_is_in_the_readers_language(client, clock):
    user = UserFactory()
    for i in range(5):
        _attempt(client, user.email, f"guess-{i}")

    response = client.post("/zh-hans/accounts/login/", {"username": user.email, "password": "x"})

    assert response.status_code == 429
    assert "尝试次数过多：请 1 分钟后再试。" in response.content.decode()


@pytest.mark.django_db
def test_the_right_password_works_after_the_cooloff(client, clock):
    user = UserFactory()
    for i in range(5):
        _attempt(client, user.email, f"guess-{i}")

    clock["t"] += 59
    assert _attempt(client, user.email, PASSWORD).status_code == 429
    clock["t"] += 2
    response = _attempt(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _request_for(email):
    return RequestFactory().post(LOGIN)


@pytest.mark.django_db
def test_the_cooloff_grows_and_is_forgotten_after_a_quiet_hour(client, clock):
    user = UserFactory()
    request = _request_for(user.email)
    for i in range(5):
        _attempt(client, user.email, f"guess-{i}")
    assert throttle.seconds_to_wait(request, user.email) == 60

    grown = []
    for i in range(5):
        clock["t"] += 1000  # each cool-off (at most 900 s) is over
        _attempt(client, user.email, f"again-{i}")
        grown.append(throttle.seconds_to_wait(request, user.email))
    clock["t"] += 3601
    _attempt(client, user.email, "one-more-wrong")

    assert grown == [120, 240, 480, 900, 900]
    assert throttle.seconds_to_wait(request, user.email) == 0


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_throttled(client, clock):
    users = UserFactory.create_batch(21)
    for user in users[:20]:
        _attempt(client, user.email, "guess")

    response = _attempt(client, users[20].email, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_stranger_elsewhere_does_not_throttle_the_address_of_the_real_user(client, clock):
    user = UserFactory()
    stranger = UserFactory()
    for i in range(20):
        _attempt(client, stranger.email, f"guess-{i}", REMOTE_ADDR="198.51.100.7")

    response = _attempt(client, user.email, PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_address_limit_uses_the_client_behind_the_proxy(client, clock, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    users = UserFactory.create_batch(21)
    for i, user in enumerate(users[:20]):
        _attempt(
            client,
            user.email,
            "guess",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.9",
        )

    response = _attempt(
        client,
        users[20].email,
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_right_password_clears_the_count(client, clock):
    user = UserFactory()
    for i in range(4):
        _attempt(client, user.email, f"guess-{i}")
    _attempt(client, user.email, PASSWORD)
    client.post("/en/accounts/logout/")

    for i in range(4):
        _attempt(client, user.email, f"guess-{i}")

    assert _attempt(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_per_recipient_are_limited_and_the_page_stays_the_same(
    client, settings, mailoutbox
):
    settings.PASSWORD_RESET_RATE_PER_IP = "100/h"
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "3/h"
    UserFactory(email="delegate@example.org")

    responses = [
        client.post(
            "/en/accounts/password/reset/",
            {"email": "delegate@example.org"},
            REMOTE_ADDR=f"198.51.100.{i}",
        )
        for i in range(10)
    ]

    assert len(mailoutbox) == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, "/en/accounts/password/reset/sent/")
    }


@pytest.mark.django_db
def test_password_reset_requests_per_address_are_limited(client, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_IP = "5/h"
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "100/h"
    users = UserFactory.create_batch(10)

    for user in users:
        client.post("/en/accounts/password/reset/", {"email": user.email})

    assert len(mailoutbox) == 5
