"""The "Pay by card" button on "my registration", when card payment is configured."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

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
        {"delegation": registration.delegation, "due": due},
        request=request,
    )
