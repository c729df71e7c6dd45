import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.languages import language_choices


class MessageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True, hidden=False)


class Message(models.Model):
    """A visitor's message to the sister-city office ("leave a message")."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
    )
    publish_consent = models.BooleanField(_("may be published with its answer"), default=False)
    privacy_version = models.PositiveIntegerField(_("privacy statement version accepted"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    published = models.BooleanField(_("published as a question and answer"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    thread_id = models.CharField(_("e-mail thread id"), max_length=200, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(publish_consent=True),
                name="participation_message_published_only_with_consent",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("participation:question", kwargs={"pk": self.pk})


class Reply(models.Model):
    """The office's answer to a message, sent by e-mail in the message's thread."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("answer"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    email_message_id = models.CharField(_("e-mail message id"), max_length=200)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["message", "sent_at", "pk"]

    def __str__(self):
        return f"Re: {self.message}"


class Report(models.Model):
    """A visitor's report of content that is illegal, false, offensive..."""

    class Reason(models.TextChoices):
        ILLEGAL = "illegal", _("Illegal content")
        FALSE = "false", _("False or misleading information")
        OFFENSIVE = "offensive", _("Offensive content")
        PRIVACY = "privacy", _("Violates someone's privacy")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        ACTION_TAKEN = "action_taken", _("Action taken")
        DISMISSED = "dismissed", _("Dismissed")

    CLOSED = (Status.ACTION_TAKEN, Status.DISMISSED)

    url = models.CharField(_("address of the page"), max_length=500)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True)
    contact_email = models.EmailField(_("e-mail address for a reply"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    staff_note = models.TextField(_("note for the reporter"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    review_started_at = models.DateTimeField(_("review started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reporter_notified_at = models.DateTimeField(_("reporter notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("content report")
        verbose_name_plural = _("content reports")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True)
                | models.Q(status__in=["action_taken", "dismissed"]),
                name="participation_report_closed_only_when_decided",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.url}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED
