from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "twinning.matchmaking"
    verbose_name = _("Matchmaking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # -- agenda: the meetings in each member's own calendar feed --
        from twinning.matchmaking import feeds

        feeds.register()
