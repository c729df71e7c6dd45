"""A person's messages, the answers to them, and their reports (personal-data registry)."""

from twinning.core.personal_data import Erasure
from twinning.participation.models import Message, Reply, Report

ERASED_EMAIL = "erased@erased.invalid"


def _messages(user):
    return Message.objects.filter(email__iexact=user.email)


def export(user, *, actor) -> dict:
    messages = _messages(user).prefetch_related("replies").order_by("created_at", "pk")
    return {
        "messages": [
            {
                "name": m.name,
                "email": m.email,
                "organisation": m.organisation,
                "city": m.city,
                "subject": m.subject,
                "message": m.body,
                "language": m.language,
                "status": m.status,
                "published": m.published,
                "received": m.created_at,
                "replies": [{"answer": r.body, "sent": r.sent_at} for r in m.replies.all()],
            }
            for m in messages
        ],
        "reports": [
            {"url": r.url, "reason": r.reason, "details": r.details, "received": r.received_at}
            for r in Report.objects.filter(contact_email__iexact=user.email)
        ],
    }


def erase(user, *, actor) -> Erasure:
    """Messages are emptied and unpublished; the answers to them too; reports lose the contact."""
    erasure = Erasure()
    messages = _messages(user)
    replies = Reply.objects.filter(message__in=messages).update(body="")
    erasure.count("participation.Reply", replies)
    changed = messages.update(
        name="",
        email=ERASED_EMAIL,
        organisation="",
        city="",
        subject="—",
        body="",
        published=False,
        hidden=True,
    )
    erasure.count("participation.Message", changed)
    reports = Report.objects.filter(contact_email__iexact=user.email).update(
        contact_email="", details=""
    )
    erasure.count("participation.Report", reports)
    return erasure
