from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "twinning.exchanges"
    label = "exchanges"
    verbose_name = _("Exchange archive")

    def ready(self):
        import reversion

        from twinning.core import backoffice
        from twinning.exchanges import models, signals
        from twinning.exchanges.search import register_searchables

        # The admin (VersionAdmin) may have registered them already; services need them
        # registered either way.
        follows = {
            models.Participation: (),
            models.Quantity: (),
            models.Source: (),
            models.Attachment: (),
            models.Exchange: ("participations", "quantities", "sources", "attachments"),
        }
        for model, follow in follows.items():
            if not reversion.is_registered(model):
                reversion.register(model, follow=follow)
        register_searchables()
        signals.connect()
        backoffice.register(
            backoffice.Entry(
                key="exchanges.import",
                label=_("Import and export exchange records"),
                url_name="exchanges_backoffice:import",
                permission="exchanges.import_exchanges",
                order=10,
            )
        )
