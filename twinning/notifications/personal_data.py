"""The e-mails the site sent a person (personal-data registry)."""

from django.utils.translation import gettext_noop

from twinning.core.personal_data import Erasure
from twinning.notifications.models import Notification

ERASED_TO = "erased@erased.invalid"


def _theirs(user):
    return Notification.objects.filter(to__iexact=user.email)


def export(user, *, actor) -> list[dict]:
    return [
        {
            "template": n.template,
            "language": n.language,
            "queued": n.created_at,
            "sent": n.sent_at,
            "context": n.context,
        }
        for n in _theirs(user).order_by("created_at", "pk")
    ]


def erase(user, *, actor) -> Erasure:
    """The address and what the e-mail said go; the event's key stays (sent once, ever)."""
    erasure = Erasure()
    changed = _theirs(user).update(to=ERASED_TO, context={}, last_error="")
    erasure.count("notifications.Notification", changed)
    erasure.keep(
        "notifications.Notification",
        ("key", "template", "sent_at"),
        gettext_noop("The event's key keeps an e-mail from being sent twice; no address."),
        changed,
    )
    return erasure
