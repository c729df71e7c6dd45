"""Sessions: a new key at login; an old session refused after logout, password change and
deactivation; staff sessions end sooner."""

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory, verified_login
from twinning.accounts.models import Role

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"
LOGIN = "/en/accounts/login/"


def _signed_in(client) -> bool:
    return client.get(PROFILE).status_code == 200


def _stolen_copy(client) -> Client:
    """Another browser holding the same session cookie (copied, say, by a thief)."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


def test_the_session_key_changes_at_login(client):
    user = UserFactory(role=Role.DELEGATE)
    session = client.session
    session["seen"] = True  # an anonymous session, as a fixated cookie would carry
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.session_key != before
    assert _signed_in(client)


def test_an_old_session_is_refused_after_logout(client):
    client.force_login(UserFactory(role=Role.DELEGATE))
    copy = _stolen_copy(client)
    assert _signed_in(copy)

    client.post("/en/accounts/logout/")

    assert copy.get(PROFILE).status_code == 302
    assert not _signed_in(copy)


def test_a_password_change_keeps_this_session_and_ends_the_others(client):
    user = UserFactory(role=Role.DELEGATE)
    client.force_login(user)
    elsewhere = Client()
    elsewhere.force_login(user)

    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase 42",
            "new_password2": "a new and long passphrase 42",
        },
    )

    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(elsewhere)


def test_a_deactivated_account_is_signed_out_everywhere(client):
    user = UserFactory(role=Role.DELEGATE)
    client.force_login(user)

    user.is_active = False
    user.save(update_fields=["is_active"])

    assert not _signed_in(client)


@pytest.mark.parametrize(
    ("role", "staff"),
    [
        (Role.DELEGATE, False),
        (Role.COUNTERPART, False),
        (Role.COORDINATOR, True),
        (Role.MODERATOR, True),
        (Role.ADMINISTRATOR, True),
    ],
)
def test_staff_sessions_are_shorter(client, settings, role, staff):
    settings.STAFF_SESSION_AGE = 8 * 3600
    user = UserFactory(role=role, is_staff=staff)

    if staff:
        verified_login(client, user)
    else:
        client.force_login(user)

    expected = settings.STAFF_SESSION_AGE if staff else settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == expected
    assert settings.STAFF_SESSION_AGE < settings.SESSION_COOKIE_AGE


def test_a_staff_login_through_the_form_gets_the_short_session(client, settings):
    settings.STAFF_SESSION_AGE = 3600
    user = CoordinatorFactory()

    client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert client.session.get_expiry_age() == 3600
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 3600
