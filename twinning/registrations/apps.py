from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "twinning.registrations"
    verbose_name = _("Registrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.core import slots
        from twinning.registrations import panels

        slots.register("delegation_summary", panels.delegation_summary)
