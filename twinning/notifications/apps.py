from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "twinning.notifications"
    verbose_name = _("E-mail notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.core import personal_data
        from twinning.notifications import personal_data as notifications_personal_data

        personal_data.register(
            "notifications",
            export=notifications_personal_data.export,
            erase=notifications_personal_data.erase,
            models=("notifications.Notification",),
        )
