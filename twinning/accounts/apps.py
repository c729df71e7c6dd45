from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from twinning.accounts import services, signals  # noqa: F401  (connects the receivers)
        from twinning.core import personal_data

        personal_data.register(
            "account",
            export=services.account_export,
            erase=services.account_erase,
            models=(
                "accounts.User",
                "accounts.TotpEnrolmentLink",
                "accounts.PersonalDataRequest",
                "otp_totp.TOTPDevice",
            ),
        )
