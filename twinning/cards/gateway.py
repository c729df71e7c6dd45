"""Everything that talks to Stripe, in small functions tests replace (no test reaches it).

``event_verify`` checks the ``Stripe-Signature`` header (an HMAC-SHA256 of
``"{timestamp}.{payload}"`` under the webhook secret) and that the timestamp is at most
``TOLERANCE`` seconds old, so a recorded delivery cannot be replayed later.
"""

import json
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from djmoney.money import Money

TOLERANCE = 300
# Stripe counts these currencies in whole units; the rest in hundredths.
ZERO_DECIMAL = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
}  # fmt: skip


class BadEvent(Exception):
    """Not a genuine, fresh delivery from Stripe: nothing is written."""


def enabled() -> bool:
    """Card payment is offered only when both keys are configured."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def _factor(currency: str) -> int:
    return 1 if currency.lower() in ZERO_DECIMAL else 100


def to_minor(money: Money) -> int:
    return int((money.amount * _factor(str(money.currency))).to_integral_value())


def from_minor(amount: int, currency: str) -> Money:
    return Money(Decimal(amount) / _factor(currency), currency.upper())


def event_verify(payload: bytes, signature: str) -> dict[str, Any]:
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET, TOLERANCE
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise BadEvent(str(error)) from error
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise BadEvent("not an event")
    return event


def checkout_session_create(
    *,
    amount: Money,
    description: str,
    registration_id: int,
    email: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
) -> Any:
    """A Checkout Session for ``amount``; the answer has ``id`` and ``url``."""
    try:
        return stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            idempotency_key=idempotency_key,
            mode="payment",
            customer_email=email,
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": str(amount.currency).lower(),
                        "unit_amount": to_minor(amount),
                        "product_data": {"name": description},
                    },
                }
            ],
            metadata={"registration": str(registration_id)},
            payment_intent_data={"metadata": {"registration": str(registration_id)}},
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except stripe.StripeError as error:
        raise _unavailable() from error


def refund_create(*, payment_intent: str, amount: Money, idempotency_key: str) -> Any:
    """Refund part or all of a payment; the answer has ``id``, ``amount`` and ``status``."""
    try:
        return stripe.Refund.create(
            api_key=settings.STRIPE_SECRET_KEY,
            idempotency_key=idempotency_key,
            payment_intent=payment_intent,
            amount=to_minor(amount),
        )
    except stripe.StripeError as error:
        raise _unavailable() from error


def _unavailable() -> ValidationError:
    return ValidationError(_("The card service did not accept this just now: try again later."))
