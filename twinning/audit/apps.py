from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "twinning.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from twinning.audit import personal_data as audit_data
        from twinning.audit import signals
        from twinning.core import personal_data

        personal_data.register(
            "audit", export=audit_data.export, erase=audit_data.erase, models=("audit.AuditEntry",)
        )

        from twinning.accounts.models import PersonalDataRequest

        post_save.connect(
            signals.account_changed_in_admin, sender=LogEntry, dispatch_uid="audit.accounts"
        )
        post_save.connect(
            signals.personal_data_request_made,
            sender=PersonalDataRequest,
            dispatch_uid="audit.personal_data",
        )
