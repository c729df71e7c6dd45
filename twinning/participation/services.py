"""Writes of public participation: messages and their answers, content reports."""

import datetime
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.core.mail import render_plain, render_subject
from twinning.exchanges.models import Exchange
from twinning.exchanges.services import exchange_hide
from twinning.pages.selectors import page_version_current
from twinning.participation.content import content_for_url
from twinning.participation.models import Message, Reply, Report
from twinning.people.models import Organisation, Person
from twinning.people.services import people_set_hidden

DELETE_SALT = "twinning.participation.message.delete"


def _mail_domain() -> str:
    return urlsplit(settings.TWINNING_BASE_URL).hostname or "twinning.invalid"


def _absolute(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return settings.TWINNING_BASE_URL + reverse(name, kwargs=kwargs or None)


def message_delete_token(message: Message) -> str:
    return signing.dumps(str(message.public_id), salt=DELETE_SALT)


@transaction.atomic
def message_create(*, data: dict, language: str) -> Message:
    """Store a visitor's message for moderation and send them a confirmation."""
    privacy = page_version_current(kind="privacy")
    message = Message.objects.create(
        name=data["name"],
        email=data["email"],
        organisation=data.get("organisation", ""),
        city=data.get("city", ""),
        subject=data["subject"],
        body=data["body"],
        language=data.get("language") or language,
        publish_consent=bool(data.get("publish_consent")),
        privacy_version=privacy.number if privacy else 0,
        thread_id=make_msgid(domain=_mail_domain()),
    )
    # robust: a mail server that is down is logged; the stored message still reaches the office.
    transaction.on_commit(lambda: _send_confirmation(message), robust=True)
    return message


def _send_confirmation(message: Message) -> None:
    context = {
        "message": message,
        "delete_url": _absolute(
            message.language, "participation:message_delete", token=message_delete_token(message)
        ),
        "site_name": settings.TWINNING_SITE_NAME,
    }
    email = EmailMessage(
        subject=render_subject(
            "participation/email/confirmation_subject.txt", context, language=message.language
        ),
        body=render_plain(
            "participation/email/confirmation.txt", context, language=message.language
        ),
        to=[message.email],
        headers={"Message-ID": message.thread_id},
    )
    email.send()


@transaction.atomic
def message_delete_by_visitor(*, token: str) -> bool:
    """Delete the message the token of its confirmation e-mail names; False if none."""
    try:
        public_id = signing.loads(token, salt=DELETE_SALT)
    except signing.BadSignature:
        return False
    deleted, _counts = Message.objects.filter(public_id=public_id).delete()
    return deleted > 0


@transaction.atomic
def message_reply(*, message: Message, body: str, actor: User) -> Reply:
    """Answer a message by e-mail, in its thread, and keep the answer with it."""
    require(actor, "participation.handle_messages", message)
    earlier = list(message.replies.values_list("email_message_id", flat=True))
    reply = Reply.objects.create(
        message=message,
        author=actor,
        body=body,
        email_message_id=make_msgid(domain=_mail_domain()),
    )
    message.status = Message.Status.ANSWERED
    message.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="participation.reply", target=message, data={"reply": reply.pk}
    )
    references = " ".join([message.thread_id, *earlier])
    email = EmailMessage(
        subject=render_subject(
            "participation/email/reply_subject.txt", {"message": message}, language=message.language
        ),
        body=render_plain(
            "participation/email/reply.txt",
            {"message": message, "reply": reply},
            language=message.language,
        ),
        to=[message.email],
        reply_to=[settings.TWINNING_SERVICE_EMAIL],
        headers={
            "Message-ID": reply.email_message_id,
            "In-Reply-To": message.thread_id,
            "References": references,
        },
    )
    transaction.on_commit(email.send)
    return reply


@transaction.atomic
def message_set_published(*, message: Message, published: bool, actor: User) -> Message:
    require(actor, "participation.handle_messages", message)
    if published and not message.publish_consent:
        raise ValidationError(_("The visitor did not agree to publication."))
    if published and not message.replies.exists():
        raise ValidationError(_("Answer the message before publishing it."))
    message.published = published
    message.save(update_fields=["published", "updated_at"])
    audit_record(
        actor=actor, action="participation.publish", target=message, data={"published": published}
    )
    return message


@transaction.atomic
def message_close(*, message: Message, actor: User) -> Message:
    require(actor, "participation.handle_messages", message)
    message.status = Message.Status.CLOSED
    message.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="participation.close", target=message)
    return message


@transaction.atomic
def report_create(*, url: str, reason: str, details: str, contact_email: str, language: str):
    return Report.objects.create(
        url=url,
        content=content_for_url(url),
        reason=reason,
        details=details,
        contact_email=contact_email,
        language=language,
    )


@transaction.atomic
def report_start_review(*, report: Report, actor: User) -> Report:
    require(actor, "participation.handle_reports", report)
    if report.is_closed:
        raise ValidationError(_("This report is already closed."))
    report.status = Report.Status.UNDER_REVIEW
    report.review_started_at = report.review_started_at or timezone.now()
    report.handled_by = actor
    report.save(update_fields=["status", "review_started_at", "handled_by"])
    audit_record(actor=actor, action="participation.report_review", target=report)
    return report


@transaction.atomic
def report_close(*, report: Report, actor: User, hide: bool, note: str = "") -> Report:
    """Decide a report: hide the content (action taken) or dismiss it."""
    require(actor, "participation.handle_reports", report)
    if report.is_closed:
        raise ValidationError(_("This report is already closed."))
    if hide:
        if report.content is None:
            raise ValidationError(_("This page has no content that can be hidden here."))
        content_set_hidden(obj=report.content, hidden=True, actor=actor)
    now = timezone.now()
    report.status = Report.Status.ACTION_TAKEN if hide else Report.Status.DISMISSED
    report.review_started_at = report.review_started_at or now
    report.closed_at = now
    report.handled_by = actor
    report.staff_note = note
    report.save()
    audit_record(
        actor=actor, action="participation.report_close", target=report, data={"hidden": hide}
    )
    return report


@transaction.atomic
def report_notify_reporter(*, report: Report, actor: User) -> Report:
    """Tell the reporter, in their language, what became of their report."""
    require(actor, "participation.handle_reports", report)
    if not report.contact_email:
        raise ValidationError(_("The reporter left no e-mail address."))
    context = {"report": report, "site_name": settings.TWINNING_SITE_NAME}
    with translation.override(report.language):
        context["status"] = report.get_status_display()
        context["reason"] = report.get_reason_display()
    email = EmailMessage(
        subject=render_subject(
            "participation/email/report_subject.txt", context, language=report.language
        ),
        body=render_plain("participation/email/report.txt", context, language=report.language),
        to=[report.contact_email],
        reply_to=[settings.TWINNING_SERVICE_EMAIL],
    )
    transaction.on_commit(email.send)
    report.reporter_notified_at = timezone.now()
    report.save(update_fields=["reporter_notified_at"])
    audit_record(actor=actor, action="participation.report_notify", target=report)
    return report


@transaction.atomic
def message_set_hidden(*, message: Message, hidden: bool, actor: User) -> Message:
    """Take a published question off the public pages after a report (or show it again)."""
    require(actor, "participation.handle_reports", message)
    message.hidden = hidden
    message.save(update_fields=["hidden", "updated_at"])
    audit_record(actor=actor, action="participation.hide", target=message, data={"hidden": hidden})
    return message


@transaction.atomic
def content_set_hidden(*, obj: Model, hidden: bool, actor: User) -> None:
    """Hide (or show again) reported content: it leaves pages, feeds, sitemap and search.

    Each kind of content is hidden by its own service, which asks its own rule.
    """
    if isinstance(obj, Exchange):
        exchange_hide(exchange=obj, hidden=hidden, actor=actor)
    elif isinstance(obj, Person | Organisation):
        people_set_hidden(obj=obj, hidden=hidden, actor=actor)
    elif isinstance(obj, Message):
        message_set_hidden(message=obj, hidden=hidden, actor=actor)
    else:
        raise TypeError(f"{type(obj).__name__} cannot be hidden")


@transaction.atomic
def participation_purge(*, actor: User, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete unpublished messages and closed reports older than their retention period."""
    require(actor, "participation.purge")
    now = now or timezone.now()
    message_cutoff = now - datetime.timedelta(days=settings.PARTICIPATION_MESSAGE_RETENTION_DAYS)
    report_cutoff = now - datetime.timedelta(days=settings.PARTICIPATION_REPORT_RETENTION_DAYS)
    messages, _m = Message.objects.filter(published=False, created_at__lt=message_cutoff).delete()
    reports, _r = Report.objects.filter(
        status__in=Report.CLOSED, closed_at__lt=report_cutoff
    ).delete()
    audit_record(
        actor=actor,
        action="participation.purge",
        data={"messages": messages, "reports": reports},
    )
    return {"messages": messages, "reports": reports}
