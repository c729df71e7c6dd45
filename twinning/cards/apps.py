from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "twinning.cards"
    verbose_name = _("Card payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.cards import personal_data as cards_personal_data
        from twinning.core import personal_data

        personal_data.register(
            "cards",
            export=cards_personal_data.export,
            erase=cards_personal_data.erase,
            models=(
                "cards.CheckoutSession",
                "cards.CardRefund",
            ),
        )
        from twinning.cards import panels
        from twinning.core import slots

        slots.register("registration_detail", panels.pay_by_card)
        slots.register("delegation_summary", panels.card_payments_link)
