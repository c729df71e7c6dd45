"""A registrant's card checkouts and card refunds (personal-data registry).

Stripe's events keep none of the payer's details (see services.KEPT); what is here is
accounting, kept on erasure.
"""

from django.utils.translation import gettext_noop

from twinning.cards.models import CardRefund, CheckoutSession
from twinning.core.personal_data import Erasure


def export(user, *, actor) -> dict:
    return {
        "checkouts": [
            {"session": s.session_id, "amount": s.amount, "opened": s.created_at}
            for s in CheckoutSession.objects.filter(registration__user=user)
        ],
        "card_refunds": [
            {"refund": r.refund_id, "amount": r.amount, "reason": r.reason, "at": r.created_at}
            for r in CardRefund.objects.filter(payment__registration__user=user)
        ],
    }


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    erasure.keep(
        "cards.CardRefund",
        ("amount", "reason"),
        gettext_noop("An accounting record of money received or paid out, kept as booked."),
        CardRefund.objects.filter(payment__registration__user=user).count(),
    )
    return erasure
