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

        # -- lead: the delegation dashboard's tiles (requests, schedule quality, the day) --
        from twinning.matchmaking import tiles

        tiles.register()

        # -- profiles: the back office's "Counterparts" entry --
        from twinning.core import backoffice

        backoffice.register(
            backoffice.Entry(
                key="matchmaking.counterparts",
                label=_("Counterparts: import, keep and invite"),
                url_name="matchmaking_backoffice:counterparts",
                permission="matchmaking.open_counterparts",
                order=40,
            )
        )
        # -- flow: a cancelled registration withdraws the delegate from the meetings --
        from twinning.matchmaking import signals  # noqa: F401  (connects the receiver)
