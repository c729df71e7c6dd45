"""The account's own share of a person's data (personal-data registry; runs last)."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.models import PersonalDataRequest, TotpEnrolmentLink, User
from twinning.core import personal_data

ERASED_DOMAIN = "erased.invalid"


def export(user: User, *, actor: User) -> dict:
    """The account section: the account itself, its two-factor devices and links."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "two_factor_devices": [
            {"name": device.name, "confirmed": device.confirmed}
            for device in TOTPDevice.objects.filter(user=user)
        ],
        "two_factor_links": [
            {"sent_at": link.created_at, "used_at": link.used_at}
            for link in TotpEnrolmentLink.objects.filter(user=user)
        ],
        "requests": [
            {"kind": request.kind, "at": request.at}
            for request in PersonalDataRequest.objects.filter(user=user)
        ],
    }


def erase(user: User, *, actor: User) -> personal_data.Erasure:
    """The account goes anonymous and can no longer sign in; its devices and links go."""
    erasure = personal_data.Erasure()
    devices, _detail = TOTPDevice.objects.filter(user=user).delete()
    erasure.count("otp_totp.TOTPDevice", devices)
    links, _detail = TotpEnrolmentLink.objects.filter(user=user).delete()
    erasure.count("accounts.TotpEnrolmentLink", links)
    # The admin's history names the account by its name: the lines stay, the name goes.
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr="")
    erasure.count("admin.LogEntry", entries)
    user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
    user.full_name = ""
    user.time_zone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    erasure.count("accounts.User", 1)
    return erasure
