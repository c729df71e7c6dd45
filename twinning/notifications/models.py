"""The outbox: one row per e-mail an event causes, written in the event's transaction.

The row's ``key`` names the event ("registration-17-received"), so the same event can
never queue a second e-mail, and the worker that sends it marks the row sent under a row
lock, so a retried or duplicated task sends nothing more.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    key = models.CharField(_("event"), max_length=200, unique=True)
    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10)
    template = models.CharField(_("template"), max_length=200)
    context = models.JSONField(_("context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return self.key
