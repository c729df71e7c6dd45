from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "twinning.matchmaking"
    verbose_name = _("Matchmaking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # -- flow: a cancelled registration withdraws the delegate from the meetings --
        from twinning.matchmaking import signals  # noqa: F401  (connects the receiver)
