from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    name = "twinning.visas"
    verbose_name = _("Visas and travel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.core import personal_data
        from twinning.visas import personal_data as visas_personal_data

        personal_data.register(
            "visas",
            export=visas_personal_data.export,
            erase=visas_personal_data.erase,
            models=(
                "visas.TravelDetails",
                "visas.PassportRecord",
                "visas.VisaLetter",
                "visas.PassportAccess",
            ),
        )
        from twinning.core import slots
        from twinning.visas import checks, panels, signals  # noqa: F401  (they register)

        slots.register("registration_detail", panels.registration_detail)
        slots.register("delegation_summary", panels.delegation_summary)
