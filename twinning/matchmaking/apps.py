from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "twinning.matchmaking"
    verbose_name = _("Matchmaking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The person's share of this app's data (export and erasure on request).
        from twinning.core import personal_data
        from twinning.matchmaking import personal_data as matchmaking_personal_data

        personal_data.register(
            "matchmaking",
            export=matchmaking_personal_data.export,
            erase=matchmaking_personal_data.erase,
            models=matchmaking_personal_data.MODELS,
        )

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
