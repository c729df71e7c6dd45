from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "twinning.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from twinning.backoffice import tiles

        tiles.register_all()
