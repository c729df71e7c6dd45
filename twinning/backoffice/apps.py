from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "twinning.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        # The person's share of this app's data (export and erasure on request).
        from twinning.backoffice import personal_data as backoffice_personal_data
        from twinning.core import personal_data

        personal_data.register(
            "backoffice",
            export=backoffice_personal_data.export,
            erase=backoffice_personal_data.erase,
            models=backoffice_personal_data.MODELS,
        )

        from twinning.backoffice import tiles

        tiles.register_all()
