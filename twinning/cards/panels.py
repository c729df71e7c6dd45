"""The "Pay by card" button on "my registration", when card payment is configured."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.cards import gateway
from twinning.payments import selectors as payment_selectors
from twinning.payments.services import OWING


def pay_by_card(request: HttpRequest, registration) -> str:
    if not gateway.enabled() or registration.status not in OWING:
        return ""
    if not may(request.user, "cards.pay", registration):
        return ""
    paid = payment_selectors.paid_amount(registration)
    due = payment_selectors.due_now(registration, paid=paid, today=timezone.localdate())
    if due.amount <= 0:
        return ""
    return render_to_string(
        "cards/pay.html",
        {
            "delegation": registration.delegation,
            "due": due,
            # Back from Stripe's page: the webhook may not have confirmed the payment yet.
            "returned": request.GET.get("card") == "paid",
        },
        request=request,
    )


def card_payments_link(request: HttpRequest, delegation) -> str:
    """On the delegation page, the coordinators' way to the card payments and refunds."""
    if not gateway.enabled() or not may(request.user, "payments.import_statement", delegation):
        return ""
    return format_html(
        '<p class="card-payments"><a href="{}">{}</a></p>',
        reverse("cards:payments", kwargs={"slug": delegation.slug}),
        _("Card payments and refunds"),
    )
