"""The audit log: who did what, to what, and when. Append-only.

A row is written by ``audit.services.audit_record`` inside the service's own transaction
(a rolled-back action leaves no line). Nothing changes or deletes a row: the model and
its queryset refuse, and on PostgreSQL a trigger refuses whatever code tries. ``data``
holds ids, amounts and states, never names or passport data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An audit line is never changed nor deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries are never updated")

    def delete(self):
        raise AppendOnly("audit entries are never deleted")


class AuditEntry(models.Model):
    # Empty for a visitor without an account (a letter checked on its verification page).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_model = models.CharField(_("what"), max_length=100, blank=True)
    target_id = models.CharField(_("which"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The delegation the act concerns, when it has one (its coordinators search the log by
    # it). A plain id, not a foreign key: the audit app sits below delegations, and a line
    # outlives its delegation unchanged (no cascade, no SET NULL the trigger would refuse).
    delegation_id = models.PositiveBigIntegerField(
        _("delegation"), null=True, blank=True, db_index=True
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_model", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_model}#{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(_("An audit entry cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(_("An audit entry cannot be deleted."))
