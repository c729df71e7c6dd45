from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "twinning.registrations"
    verbose_name = _("Registrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.core import personal_data
        from twinning.registrations import personal_data as registrations_personal_data

        personal_data.register(
            "registrations",
            export=registrations_personal_data.export,
            erase=registrations_personal_data.erase,
            blockers=registrations_personal_data.blockers,
            models=(
                "registrations.Registration",
                "registrations.Answer",
                "registrations.WaitingListEntry",
                "registrations.WaitingListEvent",
            ),
        )
        from twinning.core import slots
        from twinning.registrations import panels

        slots.register("delegation_summary", panels.delegation_summary)
