"""Reads of card payments: what is left to refund."""

from djmoney.money import Money

from twinning.payments.models import Payment


def card_refundable(payment: Payment) -> Money:
    """What of the card payment has not been refunded yet."""
    zero = Money(0, payment.amount.currency)
    refunded = sum((refund.amount for refund in payment.card_refunds.all()), zero)
    return max(payment.amount - refunded, zero)
