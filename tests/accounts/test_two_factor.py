import base64
import datetime
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory, verified_login
from twinning.accounts.models import Role, TotpEnrolmentLink

TWO_FACTOR = "/en/accounts/two-factor/"
SECRET = re.compile(r'<code class="secret">([A-Z2-7]+)</code>')
LINK = re.compile(r"https?://[^/\s]+(/\S+/accounts/two-factor/set-up/\S+/)")


def _code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


def _login(client, user, **data):
    return client.post(
        "/en/accounts/login/", {"username": user.email, "password": PASSWORD, **data}
    )


def _link_from(mail) -> str:
    return LINK.search(mail.body).group(1)


@pytest.mark.django_db
def test_first_sign_in_shows_no_secret_and_mails_a_set_up_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)

    response = client.get("/en/accounts/profile/")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(TWO_FACTOR).content.decode()

    assert response.status_code == 302
    assert response["Location"].startswith(TWO_FACTOR)
    assert "<svg" not in page
    assert SECRET.search(page) is None
    assert user.email in page
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert LINK.search(mailoutbox[0].body)


@pytest.mark.django_db
def test_the_link_shows_the_secret_and_confirming_sends_a_notice(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    assert client.get("/admin/").status_code == 302

    opened = client.get(_link_from(mailoutbox[0]), follow=True)
    page = opened.content.decode()
    secret = SECRET.search(page).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(TWO_FACTOR, {"token": _code(device)})

    assert "<svg" in page
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert confirmed.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/en/accounts/profile/").status_code == 200
    assert client.get("/admin/").status_code == 200
    notice = mailoutbox[1]
    assert notice.to == [user.email]
    assert "An authenticator app was added to your account at" in notice.body


@pytest.mark.django_db
def test_a_used_link_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    user = CoordinatorFactory()
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    link = _link_from(mailoutbox[0])
    client.get(link)

    again = client.get(link)

    assert again.status_code == 400
    assert "not valid" in again.content.decode()
    assert SECRET.search(again.content.decode()) is None


@pytest.mark.django_db
def test_an_expired_link_is_refused(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    TotpEnrolmentLink.objects.update(
        created_at=timezone.now()
        - datetime.timedelta(seconds=settings.TOTP_ENROLMENT_LINK_MAX_AGE + 1)
    )

    response = client.get(_link_from(mailoutbox[0]))

    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_link_works_only_for_its_own_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    owner, other = CoordinatorFactory(), CoordinatorFactory()
    _login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    link = _link_from(mailoutbox[0])
    client.post("/en/accounts/logout/")
    _login(client, other)

    response = client.get(link)

    assert response.status_code == 400
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_a_second_person_with_the_password_cannot_enrol(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    owner = CoordinatorFactory()
    _login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    client.get(_link_from(mailoutbox[0]))
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    stranger = Client()
    _login(stranger, owner)

    page = stranger.get(TWO_FACTOR).content.decode()
    stranger.post(TWO_FACTOR, {"token": _code(device)})

    assert SECRET.search(page) is None
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert stranger.get("/en/accounts/profile/").status_code == 302


@pytest.mark.django_db
def test_opening_the_link_before_signing_in_comes_back_to_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
    link = _link_from(mailoutbox[0])
    client.post("/en/accounts/logout/")

    to_login = client.get(link)
    signed_in = _login(client, user, next=link)
    page = client.get(link, follow=True).content.decode()

    assert to_login["Location"].startswith("/en/accounts/login/")
    assert signed_in["Location"] == link
    assert SECRET.search(page)


@pytest.mark.django_db
def test_the_set_up_mail_is_in_the_accounts_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    from twinning.accounts.services import totp_enrolment_link_send

    user = CoordinatorFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        totp_enrolment_link_send(actor=user, user=user)

    assert "双重验证" in mailoutbox[0].subject
    assert "/zh-hans/accounts/two-factor/set-up/" in mailoutbox[0].body


@pytest.mark.django_db
def test_an_administrator_sends_a_set_up_link_from_the_admin(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    staff, visitor = CoordinatorFactory(), UserFactory()
    verified_login(client, admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/",
            {"action": "send_totp_enrolment_link", "_selected_action": [staff.pk, visitor.pk]},
        )

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert TotpEnrolmentLink.objects.get().sent_by == admin


@pytest.mark.django_db
def test_the_link_is_not_mailed_again_on_every_page_view(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.get(TWO_FACTOR)

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_enrolled_staff_enter_a_code_at_every_login(client):
    user = CoordinatorFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _login(client, user)

    assert client.get("/en/accounts/profile/").status_code == 302
    page = client.get(TWO_FACTOR).content.decode()
    assert "<svg" not in page  # no new QR code for an enrolled account

    wrong_code = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    wrong = client.post(TWO_FACTOR, {"token": wrong_code})
    assert wrong.status_code == 200
    assert "not valid" in wrong.content.decode()
    assert client.get("/en/accounts/profile/").status_code == 302

    # django-otp throttles after a failure; a real user waits, the test resets it.
    device.refresh_from_db()
    device.throttle_reset()
    client.post(TWO_FACTOR, {"token": _code(device)})
    assert client.get("/en/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_during_the_back_off_a_right_code_is_told_how_long_to_wait(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    user = CoordinatorFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _login(client, user)
    client.post(TWO_FACTOR, {"token": f"{(int(_code(device)) + 1) % 1_000_000:06d}"})

    device.refresh_from_db()
    response = client.post(TWO_FACTOR, {"token": _code(device)})

    page = response.content.decode()
    assert "Too many attempts: try again in 30 seconds." in page
    assert "Check your device" not in page
    assert client.get("/en/accounts/profile/").status_code == 302


@pytest.mark.django_db
def test_after_the_code_the_page_first_asked_for_opens(client):
    user = CoordinatorFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    to_login = client.get("/en/backoffice/")
    after_password = _login(client, user, next="/en/backoffice/")
    to_two_factor = client.get(after_password["Location"])
    page = client.get(to_two_factor["Location"]).content.decode()
    after_code = client.post(to_two_factor["Location"], {"token": _code(device)})

    assert to_login["Location"] == "/en/accounts/login/?next=/en/backoffice/"
    assert 'name="next" value="/en/backoffice/"' in page
    assert after_code["Location"] == "/en/backoffice/"


@pytest.mark.django_db
def test_after_enrolment_the_page_first_asked_for_opens(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user, next="/en/backoffice/")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/backoffice/", follow=True)
    client.get(_link_from(mailoutbox[0]), follow=True)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(TWO_FACTOR, {"token": _code(device)})

    assert response["Location"] == "/en/backoffice/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_a_foreign_next_is_not_followed(client, target):
    user = CoordinatorFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _login(client, user)

    response = client.post(f"{TWO_FACTOR}?next={target}", {"token": _code(device)})

    assert response["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VISITOR, Role.DELEGATE, Role.PRESENTER, Role.COUNTERPART])
def test_non_staff_accounts_sign_in_with_a_password_alone(client, role):
    user = UserFactory(role=role)
    _login(client, user)

    assert client.get("/en/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_admin_login_goes_through_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/admin/")


@pytest.mark.django_db
def test_a_signed_in_non_staff_user_gets_a_clear_refusal_from_the_admin(client):
    client.force_login(UserFactory(role=Role.DELEGATE))

    response = client.get("/admin/", follow=True)

    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    assert "This page is not open to you" in response.content.decode()


@pytest.mark.django_db
def test_only_the_account_or_an_administrator_may_send_its_set_up_link():
    from django.core.exceptions import PermissionDenied

    from twinning.accounts.services import totp_enrolment_link_send

    staff, colleague = CoordinatorFactory(), CoordinatorFactory()

    with pytest.raises(PermissionDenied):
        totp_enrolment_link_send(actor=colleague, user=staff)
    assert not TotpEnrolmentLink.objects.exists()


@pytest.mark.django_db
def test_a_non_staff_account_is_sent_no_set_up_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(TWO_FACTOR)

    assert response.status_code == 302
    assert mailoutbox == []


@pytest.mark.django_db
def test_asking_again_sends_a_new_link_at_most_once_a_minute_and_voids_the_old(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = CoordinatorFactory()
    _login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(TWO_FACTOR)
        too_soon = client.post(TWO_FACTOR, {"resend": "1"}, follow=True)
        TotpEnrolmentLink.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=61))
        client.post(TWO_FACTOR, {"resend": "1"})

    assert "less than a minute ago" in too_soon.content.decode()
    assert len(mailoutbox) == 2
    assert client.get(_link_from(mailoutbox[0])).status_code == 400
    assert client.get(_link_from(mailoutbox[1])).status_code == 302
