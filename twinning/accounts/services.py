"""Account writes: two-factor enrolment and verification, limits on e-mail we send."""

import base64
import datetime
import hashlib
import math
import secrets
import zoneinfo
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited

from twinning.accounts.models import PersonalDataRequest, TotpEnrolmentLink, User
from twinning.accounts.rules import require
from twinning.core import personal_data
from twinning.core.clientip import client_ip_key

DEVICE_NAME = "authenticator"
# The session key naming the pending authenticator a set-up link unlocked in this session.
ENROLMENT_SESSION_KEY = "accounts_totp_enrolment_device"
# A person asking for another link waits this long between two.
LINK_RESEND_MIN_SECONDS = 60


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code: accepted, or refused with how long the devices are throttled."""

    ok: bool
    wait_seconds: int = 0


def _render(template: str, language: str, context: dict) -> str:
    with translation.override(language):
        return render_to_string(template, context).strip()


def _mail(*, user: User, template: str, context: dict) -> None:
    context = {"user": user, "site_name": settings.TWINNING_SITE_NAME, **context}
    language = user.preferred_language
    email = EmailMessage(
        subject=_render(f"accounts/email/{template}_subject.txt", language, context),
        body=_render(f"accounts/email/{template}.txt", language, context),
        to=[user.email],
    )
    transaction.on_commit(email.send)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)


@transaction.atomic
def totp_enrolment_link_send(*, actor: User, user: User) -> TotpEnrolmentLink:
    """E-mail ``user`` a new one-time link to set up an authenticator; older links stop working.

    The actor is the account itself (at its first sign-in) or an administrator.
    """
    require(actor, "accounts.send_totp_enrolment_link", user)
    TotpEnrolmentLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    link = TotpEnrolmentLink.objects.create(user=user, token_hash=_hash(token), sent_by=actor)
    with translation.override(user.preferred_language):
        url = settings.TWINNING_BASE_URL + reverse("accounts:two_factor_enrol", args=[token])
    hours = settings.TOTP_ENROLMENT_LINK_MAX_AGE // 3600
    _mail(user=user, template="totp_enrolment_link", context={"url": url, "hours": hours})
    return link


def totp_enrolment_link_recent(*, user: User, seconds: int) -> TotpEnrolmentLink | None:
    """The unused link sent to ``user`` in the last ``seconds``, if any."""
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    return TotpEnrolmentLink.objects.filter(
        user=user, used_at__isnull=True, created_at__gte=since
    ).first()


def totp_enrolment_link_send_if_due(*, user: User, force: bool = False) -> bool:
    """Send the account its set-up link unless one went out lately; True if one was sent.

    ``force`` (the person asked again) shortens the wait to ``LINK_RESEND_MIN_SECONDS``, so
    someone holding only the password cannot flood the owner's mailbox either way.
    """
    wait = LINK_RESEND_MIN_SECONDS if force else settings.TOTP_ENROLMENT_LINK_RESEND_SECONDS
    if totp_enrolment_link_recent(user=user, seconds=wait) is not None:
        return False
    totp_enrolment_link_send(actor=user, user=user)
    return True


@transaction.atomic
def totp_enrolment_link_open(*, request: HttpRequest, token: str) -> TOTPDevice | None:
    """Use up a set-up link of the signed-in account; its new pending authenticator or None.

    The link works once, before it expires, and only for the account it was sent to; the
    pending authenticator is then tied to this session alone.
    """
    user = request.user
    oldest = timezone.now() - datetime.timedelta(seconds=settings.TOTP_ENROLMENT_LINK_MAX_AGE)
    link = (
        TotpEnrolmentLink.objects.select_for_update()
        .filter(token_hash=_hash(token), user=user, used_at__isnull=True, created_at__gte=oldest)
        .first()
    )
    if link is None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    request.session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def totp_enrolment_device(request: HttpRequest) -> TOTPDevice | None:
    """The pending authenticator a set-up link unlocked in this session, if any."""
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


def _wait_seconds(devices: list[TOTPDevice]) -> int | None:
    """Seconds until one of ``devices`` accepts a code again; None if one accepts now."""
    until = []
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if allowed:
            return None
        locked_until = (info or {}).get("locked_until")
        if locked_until is not None:
            until.append((locked_until - timezone.now()).total_seconds())
    return max(1, math.ceil(min(until))) if until else 1


@transaction.atomic
def totp_enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> CodeCheck:
    """Confirm a pending authenticator with its first code, complete the login, tell the owner."""
    if device.confirmed:
        return CodeCheck(ok=False)
    wait = _wait_seconds([device])
    if wait is not None:
        return CodeCheck(ok=False, wait_seconds=wait)
    if not device.verify_token(token.strip()):
        return CodeCheck(ok=False)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    otp_login(request, device)
    _device_added_notice(device.user)
    return CodeCheck(ok=True)


def _device_added_notice(user: User) -> None:
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    when = timezone.now().astimezone(zone)
    _mail(
        user=user,
        template="totp_device_added",
        context={"when": f"{when:%Y-%m-%d %H:%M} ({zone.key})"},
    )


def totp_verify(*, request: HttpRequest, user: User, token: str) -> CodeCheck:
    """Check a code against the user's confirmed authenticators and mark the session verified.

    While django-otp's back-off holds every device, even a right code is refused: the
    answer then says how long to wait rather than calling the code wrong.
    """
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    wait = _wait_seconds(devices)
    if devices and wait is not None:
        return CodeCheck(ok=False, wait_seconds=wait)
    for device in devices:
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return CodeCheck(ok=True)
    return CodeCheck(ok=False)


def user_has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@transaction.atomic
def account_create(
    *, actor, email: str, full_name: str, password: str, preferred_language: str
) -> User:
    """Create a visitor's own account (on the way to registering for a delegation)."""
    require(actor, "accounts.sign_up")
    email = User.objects.normalize_email(email).lower()
    # Checked before the look-up: PostgreSQL refuses a NUL byte even in a query.
    validate_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("An account with this address exists already.")})
    user = User(email=email, full_name=full_name, preferred_language=preferred_language)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


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


# ---------------------------------------------------------------- personal data (s-pay)
def _json_ready(value):
    """Dates, money and decimals as text: the export is plain JSON."""
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def personal_data_export(*, user: User, actor: User) -> dict:
    """Everything the site keeps about ``user``, app by app, as JSON-ready data.

    For the person themself or an administrator. Each app's section decides what it shows
    to whom (passport data is decrypted for the person alone, and the read is logged).
    The export is recorded (who, when), not its content.
    """
    require(actor, "accounts.export_personal_data", user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": user.pk,
        "sections": {
            section.name: _json_ready(section.export(user, actor=actor))
            for section in personal_data.sections()
        },
    }
    PersonalDataRequest.objects.create(
        user=user,
        kind=PersonalDataRequest.Kind.EXPORT,
        actor=actor,
        report={"sections": sorted(data["sections"])},
    )
    return data


def personal_data_blockers(user: User) -> list[str]:
    """What must be done before ``user`` can be erased (empty: nothing)."""
    return [
        reason
        for section in personal_data.sections()
        if section.blockers
        for reason in section.blockers(user)
    ]


@transaction.atomic
def personal_data_erase(*, user: User, actor: User, reason: str) -> PersonalDataRequest:
    """Erase ``user``'s personal data on request, keeping what the law needs kept.

    Every app's section removes or anonymises its rows (higher apps first, the account
    last); invoices, credit notes and payment records stay as issued, and the report says
    so. The account remains as an anonymous row that cannot sign in, because those records
    point at it. Recorded with the request's reason and the report.
    """
    require(actor, "accounts.erase_personal_data", user)
    if user.is_system:
        raise ValidationError(_("The system account is not a person."))
    if user.pk == actor.pk:
        raise ValidationError(_("Ask another administrator to erase your own data."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say who asked for the erasure, and when.")})
    blockers = personal_data_blockers(user)
    if blockers:
        raise ValidationError(blockers)
    user = User.objects.select_for_update().get(pk=user.pk)
    changed: dict[str, int] = {}
    kept: list[dict] = []
    for section in reversed(personal_data.sections()):
        erasure = section.erase(user, actor=actor)
        for model, rows in erasure.changed.items():
            changed[model] = changed.get(model, 0) + rows
        kept.extend(item.as_data() for item in erasure.kept)
    return PersonalDataRequest.objects.create(
        user=user,
        kind=PersonalDataRequest.Kind.ERASURE,
        reason=reason.strip()[:300],
        actor=actor,
        report={"changed": changed, "kept": kept},
    )


# ---------------------------------------------------------------- end personal data (s-pay)
