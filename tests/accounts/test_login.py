import re

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_login_with_email_in_any_case(client):
    user = UserFactory(email="delegate@example.org")

    response = client.post(
        "/en/accounts/login/", {"username": "Delegate@Example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_wrong_password_shows_an_error_and_keeps_the_email(client):
    UserFactory(email="delegate@example.org")

    response = client.post(
        "/zh-hans/accounts/login/", {"username": "delegate@example.org", "password": "nope"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="delegate@example.org"' in page
    assert "errorlist" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())

    assert client.get("/en/accounts/logout/").status_code == 405
    client.post("/en/accounts/logout/")

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email_sets_a_new_password(client, settings):
    settings.TWINNING_BASE_URL = "https://twinning.example.org"
    user = UserFactory(email="delegate@example.org")

    client.post("/en/accounts/password/reset/", {"email": "delegate@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(
        r"https://twinning\.example\.org(/en/accounts/password/reset/\S+/)", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    new = "a-new-long-passphrase-2012"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


@pytest.mark.django_db
def test_password_reset_mail_is_in_the_readers_language(client):
    UserFactory(email="delegate@example.org")

    client.post("/zh-hans/accounts/password/reset/", {"email": "delegate@example.org"})

    assert "重置" in mail.outbox[0].subject
    assert "/zh-hans/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    new = "another-long-passphrase-1983"

    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


@pytest.mark.django_db
def test_profile_needs_login(client):
    response = client.get("/en/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_profile_sets_the_time_zone_programmes_are_shown_in(client):
    user = UserFactory()
    client.force_login(user)

    client.post(
        "/en/accounts/profile/",
        {
            "full_name": "Pat Lee",
            "preferred_language": "zh-hans",
            "time_zone": "America/Los_Angeles",
        },
    )
    refused = client.post(
        "/en/accounts/profile/", {"preferred_language": "en", "time_zone": "Mars/Base"}
    )

    user.refresh_from_db()
    assert (user.full_name, user.time_zone) == ("Pat Lee", "America/Los_Angeles")
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
