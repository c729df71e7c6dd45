"""Reads of card payments: what is left to refund."""

from djmoney.money import Money

from twinning.payments.models import Payment


def card_refundable(payment: Payment) -> Money:
    """What of the card payment has not been refunded yet (payments' record of refunds)."""
    zero = Money(0, payment.amount.currency)
    refunded = sum((refund.amount for refund in payment.refunds.all()), zero)
    return max(payment.amount - refunded, zero)


def card_payments(*, delegation) -> list[Payment]:
    """The delegation's card payments, each with ``refundable`` and its refunds."""
    payments = list(
        Payment.objects.filter(registration__delegation=delegation, method=Payment.Method.CARD)
        .select_related("registration__user")
        .prefetch_related("card_refunds", "refunds")
        .order_by("-received_at", "-pk")
    )
    for payment in payments:
        payment.refundable = card_refundable(payment)
    return payments
