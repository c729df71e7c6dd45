"""Account writes: two-factor enrolment and verification."""

import base64

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.models import User
from twinning.accounts.rules import require

DEVICE_NAME = "authenticator"


def totp_pending_device_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling (one at a time)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)


@transaction.atomic
def totp_enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending authenticator with its first code and complete the login."""
    if device.confirmed or not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    return True


def totp_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code against the user's confirmed authenticators and mark the session verified."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    return False


def user_has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@transaction.atomic
def account_create(
    *, actor, email: str, full_name: str, password: str, preferred_language: str
) -> User:
    """Create a visitor's own account (on the way to registering for a delegation)."""
    require(actor, "accounts.sign_up")
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise ValueError("An account with this address exists already.")
    user = User(email=email, full_name=full_name, preferred_language=preferred_language)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
