"""Writes of the back office: announcements and their delivery, transfers.

An announcement is written in every language by a coordinator, then sent in the
background (tasks.announcement_send). Each recipient gets one Delivery row, unique per
announcement and person, created in the same transaction as the recipient's outbox
e-mail: a retried task, or two tasks at once, mail nobody twice.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.backoffice import selectors
from twinning.backoffice.models import Announcement, Delivery, Transfer
from twinning.core.templatetags.twinning import translated_value
from twinning.core.translation_fields import language_codes, localized_values
from twinning.delegations.models import Delegation, Session
from twinning.notifications.services import notification_queue

logger = logging.getLogger(__name__)
MAX_ROWS = 2**31 - 1  # what a row count column holds


def announcement_create(
    *,
    actor: User,
    delegation: Delegation,
    group: str,
    subjects: dict[str, str],
    bodies: dict[str, str],
    session: Session | None = None,
) -> Announcement:
    """Write an announcement (subject and body in every language) and queue its sending."""
    require(actor, "backoffice.announce", delegation)
    if group not in Announcement.Group.values:
        raise ValidationError({"group": _("Choose who receives the announcement.")})
    if group == Announcement.Group.SESSION:
        if session is None or session.delegation_id != delegation.pk:
            raise ValidationError({"session": _("Choose a session of this delegation.")})
    else:
        session = None
    missing = [
        code
        for code in language_codes()
        if not (subjects.get(code) or "").strip() or not (bodies.get(code) or "").strip()
    ]
    if missing:
        raise ValidationError(_("Write the subject and the message in every language."))
    announcement = Announcement(
        delegation=delegation,
        group=group,
        session=session,
        created_by=actor,
        **localized_values("subject", {k: v.strip() for k, v in subjects.items()}),
        **localized_values("body", {k: v.strip() for k, v in bodies.items()}),
    )
    announcement.full_clean()
    with transaction.atomic():
        announcement.save()
        from twinning.backoffice.tasks import announcement_send  # the task imports this module

        transaction.on_commit(lambda: announcement_send.enqueue(announcement.pk))
    return announcement


def _context(announcement: Announcement, user: User) -> dict:
    language = user.preferred_language
    delegation = announcement.delegation
    return {
        "subject": translated_value(announcement, "subject", language)[0],
        "body": translated_value(announcement, "body", language)[0],
        "delegation": translated_value(delegation, "title", language)[0],
        "url": settings.TWINNING_BASE_URL
        + reverse("delegations:detail", kwargs={"slug": delegation.slug}),
    }


def _deliver_one(announcement: Announcement, user: User, *, actor: User) -> bool:
    """One recipient's e-mail; False when they have it already (this or another run)."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                announcement=announcement, user=user, language=user.preferred_language
            )
            delivery.notification = notification_queue(
                actor=actor,
                key=f"backoffice.announcement-{announcement.pk}-{user.pk}",
                to=user,
                template="backoffice/email/announcement",
                context=_context(announcement, user),
            )
            delivery.save(update_fields=["notification"])
    except IntegrityError:
        return False
    return True


def announcement_deliver(*, actor: User, announcement: Announcement) -> int:
    """Queue the e-mail of every recipient who has none yet; how many were queued now."""
    require(actor, "backoffice.deliver_announcement", announcement)
    Announcement.objects.filter(pk=announcement.pk, status=Announcement.Status.QUEUED).update(
        status=Announcement.Status.SENDING
    )
    announcement = Announcement.objects.select_related("delegation", "session").get(
        pk=announcement.pk
    )
    users = selectors.recipients(
        delegation=announcement.delegation, group=announcement.group, session=announcement.session
    )
    sent = 0
    for user in users.iterator(chunk_size=500):
        sent += _deliver_one(announcement, user, actor=actor)
    Announcement.objects.filter(pk=announcement.pk).update(
        status=Announcement.Status.SENT, sent_at=timezone.now()
    )
    return sent


# --- transfers -----------------------------------------------------------------------------


def transfer_start(
    *,
    actor: User,
    kind: str,
    dataset: str,
    file_format: str,
    delegation: Delegation | None = None,
    file_name: str = "",
    content: bytes = b"",
) -> Transfer:
    """Record an export or an import and queue it: an export runs at once, an import is
    checked first (in the background too; nothing is written until its starter confirms)."""
    from twinning.backoffice import datasets

    spec = datasets.get(dataset)
    require(actor, spec.permission, delegation if spec.per_delegation else None)
    if kind not in Transfer.Kind.values or file_format not in Transfer.Format.values:
        raise ValidationError(_("Choose an export or an import, as CSV or XLSX."))
    if spec.per_delegation and delegation is None:
        raise ValidationError(_("Choose a delegation."))
    if kind == Transfer.Kind.IMPORT and spec.importer is None:
        raise ValidationError(_("These data cannot be imported."))
    transfer = Transfer.objects.create(
        kind=kind,
        dataset=dataset,
        format=file_format,
        delegation=delegation if spec.per_delegation else None,
        status=Transfer.Status.QUEUED if kind == Transfer.Kind.EXPORT else Transfer.Status.CHECKING,
        file_name=file_name.replace("\x00", "")[:200],
        content=content,
        created_by=actor,
    )
    from twinning.backoffice.tasks import transfer_run

    transaction.on_commit(lambda: transfer_run.enqueue(transfer.pk))
    return transfer


def transfer_progress(*, actor: User, transfer: Transfer, done: int, total: int) -> None:
    """Note how far a running transfer is (the progress page reads it)."""
    require(actor, "backoffice.run_transfer", transfer)
    total = max(0, min(total, MAX_ROWS))
    # A check stays a check while it runs: the page still says nothing is written yet.
    checking = transfer.status == Transfer.Status.CHECKING
    transfer.status, transfer.done, transfer.total = (
        Transfer.Status.CHECKING if checking else Transfer.Status.RUNNING,
        max(0, min(done, total)),
        total,
    )
    Transfer.objects.filter(pk=transfer.pk).update(
        status=transfer.status, done=transfer.done, total=transfer.total
    )


def transfer_finish(
    *, actor: User, transfer: Transfer, content: bytes | None, report: list, error: str = ""
) -> Transfer:
    require(actor, "backoffice.run_transfer", transfer)
    transfer.status = Transfer.Status.FAILED if error else Transfer.Status.DONE
    transfer.report, transfer.error = report, error[:500]
    transfer.finished_at = timezone.now()
    transfer.done = transfer.total = max(transfer.total, len(report))
    fields = ["status", "report", "error", "finished_at", "done", "total"]
    if content is not None:
        transfer.content = content
        fields.append("content")
    transfer.save(update_fields=fields)
    return transfer


def transfer_check(*, actor: User, transfer: Transfer, progress=None) -> Transfer:
    """Check every row of an uploaded import without writing anything; keep the report.

    The rows run through the same importer as the real import, inside a transaction that
    is rolled back, so the report says exactly what the import will do. The background task
    runs it (tasks.py) with ``progress(done, total)``; only an import being checked is.
    """
    from twinning.backoffice import datasets

    require(actor, "backoffice.run_transfer", transfer)
    if transfer.status != Transfer.Status.CHECKING:
        raise ValidationError(_("This import has been checked already."))
    spec = datasets.get(transfer.dataset)
    try:
        rows = datasets.read_file(bytes(transfer.content), file_format=transfer.format)
        if progress:
            progress(0, len(rows))
        report = spec.importer(
            actor=actor, delegation=transfer.delegation, rows=rows, write=False, progress=progress
        )
    except ValidationError as error:
        transfer.status, transfer.error = Transfer.Status.FAILED, " ".join(error.messages)[:500]
        transfer.finished_at = timezone.now()
        transfer.save(update_fields=["status", "error", "finished_at"])
        return transfer
    transfer.status, transfer.report = Transfer.Status.CHECKED, report
    transfer.done = transfer.total = min(len(report), MAX_ROWS)
    transfer.save(update_fields=["status", "report", "done", "total"])
    return transfer


def transfer_confirm(*, actor: User, transfer: Transfer) -> Transfer:
    """The starter of a checked import says go: it is queued to run in the background."""
    require(actor, "backoffice.run_transfer", transfer)
    updated = Transfer.objects.filter(pk=transfer.pk, status=Transfer.Status.CHECKED).update(
        status=Transfer.Status.QUEUED
    )
    if not updated:
        raise ValidationError(_("This import has been started already."))
    from twinning.backoffice.tasks import transfer_run

    transaction.on_commit(lambda: transfer_run.enqueue(transfer.pk))
    transfer.refresh_from_db()
    return transfer


def delegate_details_change(*, actor: User, registration, values: dict[str, str]) -> None:
    """Change a registration's details from an imported row (only the editable columns)."""
    from twinning.backoffice.datasets import DELEGATE_EDITABLE

    require(actor, "registrations.manage_registrations", registration.delegation)
    unknown = set(values) - set(DELEGATE_EDITABLE)
    if unknown:
        raise ValidationError(
            _("These columns cannot be imported: %(columns)s")
            % {"columns": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        setattr(registration, name, value)
    registration.full_clean(
        exclude=[f.name for f in registration._meta.fields if f.name not in values],
        validate_unique=False,
        validate_constraints=False,
    )
    registration.save(update_fields=[*values, "updated_at"])


def payment_reminder_send(*, actor: User, registration, today=None) -> bool:
    """A coordinator reminds a registrant of what is due (the payments app's e-mail).

    At most once per registration and day, however often the button is pressed: the
    outbox key names both. False when nothing is due or it was sent today already.
    """
    from twinning.core.templatetags.twinning import money_display
    from twinning.notifications.models import Notification
    from twinning.payments import selectors as payment_selectors

    require(actor, "registrations.manage_registrations", registration.delegation)
    today = today or timezone.localdate()
    account = payment_selectors.account(registration, today=today)
    if not account.due.amount:
        raise ValidationError(_("Nothing is due on this registration."))
    key = f"backoffice.reminder-{registration.pk}-{today.isoformat()}"
    if Notification.objects.filter(key=key).exists():
        return False
    user = registration.user
    delegation = registration.delegation
    deadline = account.due_by or registration.payment_deadline
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "due": money_display(account.due_now if account.due_now.amount else account.due),
            "deadline": date_format(deadline, "DATE_FORMAT") if deadline else "",
            "reference": account.reference,
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    notification_queue(
        actor=actor, key=key, to=user, template="payments/email/reminder", context=context
    )
    return True
