"""Announcements a person received, and what a coordinator exported (personal-data registry)."""

from django.utils.translation import gettext_noop

from twinning.backoffice.models import Announcement, Delivery, Transfer
from twinning.core.personal_data import Erasure

MODELS = ("backoffice.Announcement", "backoffice.Delivery", "backoffice.Transfer")


def export(user, *, actor) -> dict:
    return {
        "announcements_received": [
            {"announcement": d.announcement_id, "language": d.language, "queued": d.created_at}
            for d in Delivery.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "announcements_written": list(
            Announcement.objects.filter(created_by=user).values_list("pk", flat=True)
        ),
    }


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    # Files a coordinator exported hold other people's data: they go with their starter.
    transfers, _detail = Transfer.objects.filter(created_by=user).delete()
    erasure.count("backoffice.Transfer", transfers)
    delivered = Delivery.objects.filter(user=user).count()
    erasure.keep(
        "backoffice.Delivery",
        ("announcement", "user"),
        gettext_noop("Keeps an announcement from reaching the anonymised account twice."),
        delivered,
    )
    written = Announcement.objects.filter(created_by=user).count()
    erasure.keep(
        "backoffice.Announcement",
        ("created_by",),
        gettext_noop("Who wrote an announcement: the account is anonymised."),
        written,
    )
    return erasure
