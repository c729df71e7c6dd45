from django.contrib import admin

from twinning.cards.models import CardRefund, CheckoutSession, StripeEvent
from twinning.payments.admin import ReadOnlyAdmin


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    """What Stripe sent; an event with a note (paid, but not recorded) needs a coordinator."""

    list_display = ["event_id", "type", "payment_intent", "received_at", "processed_at", "note"]
    list_filter = ["type"]
    search_fields = ["event_id", "payment_intent"]


@admin.register(CheckoutSession)
class CheckoutSessionAdmin(ReadOnlyAdmin):
    list_display = ["session_id", "registration", "amount", "created_at"]
    list_select_related = ["registration__user", "registration__delegation"]


@admin.register(CardRefund)
class CardRefundAdmin(ReadOnlyAdmin):
    list_display = ["refund_id", "payment", "amount", "created_at"]
    list_select_related = ["payment__registration__user", "payment__registration__delegation"]
