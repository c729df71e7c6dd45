from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "twinning.api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The person's share of this app's data (export and erasure on request).
        from twinning.api import personal_data as api_personal_data
        from twinning.core import personal_data

        personal_data.register(
            "api",
            export=api_personal_data.export,
            erase=api_personal_data.erase,
            models=api_personal_data.MODELS,
        )

        from twinning.api import webhooks
        from twinning.core import events

        # The lower apps announce events (core/events.py); the webhooks hear them.
        events.happened.connect(webhooks.on_event, dispatch_uid="api.webhooks")
