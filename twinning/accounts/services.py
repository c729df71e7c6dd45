"""Account writes: two-factor enrolment and verification, limits on e-mail we send."""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited

from twinning.accounts.models import User
from twinning.core.clientip import client_ip_key

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


def password_reset_over_limit(*, request: HttpRequest, email: str) -> bool:
    """Count one reset request from this address and for this recipient; True if over."""
    by_ip = is_ratelimited(
        request,
        group="password-reset:ip",
        key=client_ip_key,
        rate=settings.PASSWORD_RESET_RATE_PER_IP,
        increment=True,
    )
    by_email = is_ratelimited(
        request,
        group="password-reset:email",
        key=lambda _group, _request: email.strip().lower(),
        rate=settings.PASSWORD_RESET_RATE_PER_EMAIL,
        increment=True,
    )
    return by_ip or by_email
