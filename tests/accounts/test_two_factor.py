import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from twinning.accounts.models import Role


def _code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


def _login(client, user):
    return client.post("/en/accounts/login/", {"username": user.email, "password": PASSWORD})


@pytest.mark.django_db
def test_staff_must_enrol_an_authenticator_before_anything_else(client):
    user = CoordinatorFactory()
    _login(client, user)

    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/two-factor/"
    assert client.get("/admin/").status_code == 302

    page = client.get("/en/accounts/two-factor/").content.decode()
    assert "<svg" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    response = client.post("/en/accounts/two-factor/", {"token": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/en/accounts/profile/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_enrolled_staff_enter_a_code_at_every_login(client):
    user = CoordinatorFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _login(client, user)

    assert client.get("/en/accounts/profile/").status_code == 302
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert "<svg" not in page  # no new QR code for an enrolled account

    wrong_code = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    wrong = client.post("/en/accounts/two-factor/", {"token": wrong_code})
    assert wrong.status_code == 200
    assert "not valid" in wrong.content.decode()
    assert client.get("/en/accounts/profile/").status_code == 302

    # django-otp throttles after a failure; a real user waits, the test resets it.
    device.refresh_from_db()
    device.throttle_reset()
    client.post("/en/accounts/two-factor/", {"token": _code(device)})
    assert client.get("/en/accounts/profile/").status_code == 200


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
def test_non_staff_user_cannot_enter_the_admin(client):
    client.force_login(UserFactory(role=Role.DELEGATE))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "login" in response["Location"]
