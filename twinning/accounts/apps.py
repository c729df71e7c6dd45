from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from twinning.accounts import personal_data as account_data
        from twinning.accounts import signals  # noqa: F401  (connects the receivers)
        from twinning.core import personal_data

        personal_data.register(
            "account",
            export=account_data.export,
            erase=account_data.erase,
            models=(
                "accounts.User",
                "accounts.TotpEnrolmentLink",
                "accounts.PersonalDataRequest",
                "otp_totp.TOTPDevice",
            ),
        )
