from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "twinning.payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from twinning.core import personal_data
        from twinning.payments import personal_data as payments_personal_data

        personal_data.register(
            "payments",
            export=payments_personal_data.export,
            erase=payments_personal_data.erase,
            models=(
                "payments.BillingDetails",
                "payments.PaymentReference",
                "payments.Payment",
                "payments.Refund",
                "payments.Invoice",
                "payments.CreditNote",
                "payments.BankRow",
                "payments.InvoiceToFollow",
                "payments.BankStatement",
            ),
        )
        from django.db.models.signals import post_save

        from twinning.core import slots
        from twinning.payments import panels
        from twinning.registrations import exports, holds
        from twinning.registrations.models import Registration

        post_save.connect(
            panels.reference_on_registration, sender=Registration, dispatch_uid="payments.reference"
        )

        slots.register("registration_detail", panels.registration_detail)
        slots.register("delegation_summary", panels.desk_link)
        holds.register(panels.keep_paid_holds)
        exports.register(panels.export_columns)
