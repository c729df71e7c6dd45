"""What the back office keeps: announcements with their delivery log, and transfers.

An announcement is one bilingual e-mail to a group of a delegation's people; each
recipient gets one ``Delivery`` (unique per announcement and person, so a retried or
doubled task never mails anyone twice) pointing at the outbox row that carries it.

A transfer is an export or an import that runs in the background: its progress, its
file (the upload, or the export to download) and its per-row report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    class Group(models.TextChoices):
        MEMBERS = "members", _("All confirmed members")
        REGISTERED = "registered", _("Everyone holding a seat")
        CONFIRMED = "confirmed", _("Confirmed registrations")
        UNPAID = "unpaid", _("Registrations not paid in full")
        WAITING = "waiting", _("The waiting list")
        SESSION = "session", _("The attendees of a session")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    group = models.CharField(_("recipients"), max_length=12, choices=Group.choices)
    session = models.ForeignKey(
        "delegations.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group="session", session__isnull=False)
                | (~models.Q(group="session") & models.Q(session__isnull=True)),
                name="backoffice_session_group_names_a_session",
            ),
        ]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    notification = models.OneToOneField(
        "notifications.Notification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["announcement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="backoffice_one_delivery_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.announcement}: {self.user}"


class Transfer(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked, waiting for your go-ahead")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    dataset = models.CharField(_("data"), max_length=20)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("file content"), default=b"")
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")),
                name="backoffice_transfer_done_at_most_total",
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
