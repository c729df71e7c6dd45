"""Queue an e-mail for an event (in the caller's transaction) and send it once."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.notifications.models import Notification


def notification_queue(
    *, actor: User, key: str, to: User, template: str, context: dict
) -> Notification:
    """Queue the e-mail ``template`` for ``to`` once per ``key``; it is sent after commit.

    ``template`` names a pair ``<template>_subject.txt`` / ``<template>_body.txt``, rendered
    in the recipient's language. ``context`` must be JSON: the worker renders it later.
    """
    require(actor, "notifications.queue")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key,
                to=to.email,
                language=to.preferred_language,
                template=template,
                context=context,
            )
    except IntegrityError:
        return Notification.objects.get(key=key)
    from twinning.notifications.tasks import notification_send  # the task imports this module

    transaction.on_commit(lambda: notification_send.enqueue(notification.pk))
    return notification


def _render(notification: Notification) -> tuple[str, str]:
    context = {"site_url": settings.TWINNING_BASE_URL, **notification.context}
    with translation.override(notification.language):
        subject = render_to_string(f"{notification.template}_subject.txt", context)
        body = render_to_string(f"{notification.template}_body.txt", context)
    # One line, whatever the template's line breaks: a header can never break.
    return " ".join(subject.split()), body


@transaction.atomic
def notification_deliver(*, notification_id: int) -> bool:
    """Send the e-mail unless it was sent already; True when this call sent it."""
    notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
    if notification is None or notification.sent_at is not None:
        return False
    subject, body = _render(notification)
    notification.attempts += 1
    EmailMessage(subject=subject, body=body, to=[notification.to]).send()
    notification.sent_at = timezone.now()
    notification.save(update_fields=["attempts", "sent_at"])
    return True
