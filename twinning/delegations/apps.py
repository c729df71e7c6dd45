from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "twinning.delegations"
    label = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from twinning.delegations.search import register_searchables

        register_searchables()
