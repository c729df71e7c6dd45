from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "twinning.api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.api import webhooks
        from twinning.core import events

        # The lower apps announce events (core/events.py); the webhooks hear them.
        events.happened.connect(webhooks.on_event, dispatch_uid="api.webhooks")
