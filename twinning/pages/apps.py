from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "twinning.pages"
    label = "pages"
    verbose_name = _("Information and legal pages")

    def ready(self):
        from twinning.core.public_cache import vary_every_page_on
        from twinning.pages.context_processors import banner_variant

        vary_every_page_on(banner_variant)
