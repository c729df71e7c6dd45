"""Card payments: open a Checkout Session, apply Stripe's events, refund through Stripe.

An event is applied once: its row (unique event id) is taken under a row lock, so a
delivery repeated or arriving ten times at once finds it processed; the payment's unique
external id (the payment intent) guards the same payment reported by two events. A refund
that arrives before its payment waits, unprocessed, and is applied when the payment is.
Stripe is called outside any transaction (a slow answer holds no lock).
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from djmoney.money import Money

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.cards import gateway, selectors
from twinning.cards.models import CardRefund, CheckoutSession, StripeEvent
from twinning.core.templatetags.twinning import money_display, translated_value
from twinning.payments import selectors as payment_selectors
from twinning.payments.models import Payment, Refund
from twinning.payments.services import OWING, payment_record, refund_record
from twinning.registrations.models import Registration

PAID = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
REFUNDED = ("charge.refunded", "refund.created")
HANDLED = (*PAID, *REFUNDED)


def _mine_url(registration: Registration) -> str:
    return settings.TWINNING_BASE_URL + reverse(
        "registrations:mine", kwargs={"slug": registration.delegation.slug}
    )


def checkout_start(
    *, registration: Registration, actor: User, now: datetime.datetime | None = None
) -> CheckoutSession:
    """A Stripe Checkout Session for what is due now; the registrant is sent to its page."""
    require(actor, "cards.pay", registration)
    if not gateway.enabled():
        raise ValidationError(_("Card payment is not available: pay by bank transfer."))
    if registration.status not in OWING:
        raise ValidationError(_("This registration is not active."))
    today = timezone.localdate(now) if now else timezone.localdate()
    paid = payment_selectors.paid_amount(registration)
    due = payment_selectors.due_now(registration, paid=paid, today=today)
    if due.amount <= 0:
        raise ValidationError(_("Nothing is due now."))
    with translation.override(registration.user.preferred_language):
        description = _("Registration: %(delegation)s") % {
            "delegation": translated_value(registration.delegation, "title")[0]
        }
    # The same click twice (or a reload) gets the same session back from Stripe.
    key = f"twinning-checkout-{registration.pk}-{gateway.to_minor(paid)}-{gateway.to_minor(due)}"
    answer = gateway.checkout_session_create(
        amount=due,
        description=description,
        registration_id=registration.pk,
        email=registration.user.email,
        success_url=_mine_url(registration) + "?card=paid",
        cancel_url=_mine_url(registration),
        idempotency_key=key,
    )
    if not getattr(answer, "url", None):
        # The same session, completed already: its payment is on its way to us.
        raise ValidationError(_("Your card payment is being confirmed: reload this page soon."))
    session, _created = CheckoutSession.objects.get_or_create(
        session_id=answer.id,
        defaults={"registration": registration, "amount": due, "created_by": actor},
    )
    session.url = answer.url
    return session


# What is kept of an event's object: enough to apply it, none of the payer's details.
KEPT = ("id", "object", "payment_intent", "payment_status", "amount_total", "amount", "currency")
REFUND_KEPT = ("id", "amount", "currency", "status")


def _kept(obj: dict) -> dict:
    kept = {key: obj[key] for key in KEPT if key in obj}
    kept["payment_intent"] = _payment_intent(obj)
    if "status" in obj:
        kept["status"] = obj["status"]
    refunds = (
        (obj.get("refunds") or {}).get("data") if isinstance(obj.get("refunds"), dict) else None
    )
    if isinstance(refunds, list):
        kept["refunds"] = {
            "data": [
                {key: refund[key] for key in REFUND_KEPT if key in refund}
                for refund in refunds
                if isinstance(refund, dict)
            ]
        }
    return kept


def _payment_intent(obj: dict) -> str:
    value = obj.get("payment_intent") or ""
    if isinstance(value, dict):
        value = value.get("id") or ""
    return value if isinstance(value, str) else ""


@transaction.atomic
def stripe_event_process(
    *, event: dict[str, Any], actor: User, now: datetime.datetime | None = None
) -> StripeEvent | None:
    """Apply one verified event once; an event type we do not use writes nothing."""
    require(actor, "cards.process_event")
    now = now or timezone.now()
    kind, event_id = event.get("type"), event.get("id")
    obj = (event.get("data") or {}).get("object")
    if kind not in HANDLED or not isinstance(event_id, str) or not isinstance(obj, dict):
        return None
    stored, _created = StripeEvent.objects.get_or_create(
        event_id=event_id[:255],
        defaults={"type": kind, "payment_intent": _payment_intent(obj)[:255], "data": _kept(obj)},
    )
    # Duplicates delivered at once queue here; each later one finds the event processed.
    stored = StripeEvent.objects.select_for_update().get(pk=stored.pk)
    if stored.processed_at is None:
        if kind in PAID:
            _apply_payment(stored, actor=actor, now=now)
        else:
            _apply_refund(stored, actor=actor, now=now)
        stored.save(update_fields=["processed_at", "note"])
    return stored


def _apply_payment(stored: StripeEvent, *, actor: User, now) -> None:
    obj, intent = stored.data, stored.payment_intent
    stored.processed_at = now
    if obj.get("payment_status") != "paid":
        stored.note = "Not paid yet: the async_payment_succeeded event follows."
        return
    session = CheckoutSession.objects.filter(session_id=obj.get("id")).first()
    if session is None or not intent:
        stored.note = "Not a session this site opened."
        return
    registration = Registration.objects.select_for_update().get(pk=session.registration_id)
    if not Payment.objects.filter(external_id=intent).exists():
        try:
            amount = gateway.from_minor(int(obj["amount_total"]), str(obj["currency"]))
            payment_record(
                registration=registration,
                amount=amount,
                actor=actor,
                method=Payment.Method.CARD,
                received_at=now,
                external_id=intent,
                note=session.session_id,
            )
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            # Paid, but not recordable (cancelled meanwhile): a coordinator refunds it.
            messages = getattr(error, "messages", None) or [repr(error)]
            stored.note = ("Not recorded: " + messages[0])[:300]
            return
    waiting = StripeEvent.objects.select_for_update().filter(
        payment_intent=intent, type__in=REFUNDED, processed_at__isnull=True
    )
    for refund_event in waiting:
        _apply_refund(refund_event, actor=actor, now=now)
        refund_event.save(update_fields=["processed_at", "note"])


def _apply_refund(stored: StripeEvent, *, actor: User, now) -> None:
    payment = (
        Payment.objects.filter(external_id=stored.payment_intent, method=Payment.Method.CARD)
        .select_related("registration")
        .first()
        if stored.payment_intent
        else None
    )
    if payment is None:
        return  # its payment is not recorded yet: applied when it is
    obj = stored.data
    refunds = [obj] if stored.type == "refund.created" else (obj.get("refunds") or {}).get("data")
    if not refunds:
        stored.note = "No refund listed: the refund.created event records it."
    Registration.objects.select_for_update().get(pk=payment.registration_id)
    for refund in refunds or []:
        if refund.get("status") in ("failed", "canceled") or not refund.get("id"):
            continue
        amount = gateway.from_minor(int(refund["amount"]), str(refund["currency"]))
        _refund_record(payment, refund_id=refund["id"], amount=amount, reason="", actor=actor)
    stored.processed_at = now


def _refund_record(
    payment: Payment, *, refund_id: str, amount: Money, reason: str, actor: User
) -> CardRefund:
    """Stripe's refund, once: the card's record here, the money's record in payments.

    ``payments.refund_record`` writes the refund that lowers "paid", credits the invoice
    in force and e-mails the registrant; it returns the first record for a repeated id.
    """
    refund, _created = CardRefund.objects.get_or_create(
        refund_id=refund_id[:255],
        defaults={
            "payment": payment,
            "amount": amount,
            "reason": reason[:300],
            "created_by": actor,
        },
    )
    refund_record(
        payment=payment,
        amount=amount,
        method=Refund.Method.CARD,
        external_id=refund.refund_id,
        reason=reason,
        actor=actor,
    )
    return refund


def card_refund(*, payment: Payment, amount: Money, reason: str, actor: User) -> CardRefund:
    """A coordinator gives back part or all of a card payment, through Stripe."""
    require(actor, "cards.refund", payment.registration)
    if not gateway.enabled():
        raise ValidationError(_("Card payment is not available."))
    if payment.method != Payment.Method.CARD or not payment.external_id:
        raise ValidationError(_("Only a card payment is refunded through Stripe."))
    if amount.currency != payment.amount.currency or amount.amount <= 0:
        raise ValidationError({"amount": _("A refund is for more than nothing.")})
    refundable = selectors.card_refundable(payment)
    if amount > refundable:
        raise ValidationError(
            {
                "amount": _("At most %(refundable)s of this payment is left to refund.")
                % {"refundable": money_display(refundable)}
            }
        )
    # A double click asks Stripe twice with one key: one refund, recorded once.
    key = f"twinning-refund-{payment.pk}-{gateway.to_minor(refundable)}-{gateway.to_minor(amount)}"
    answer = gateway.refund_create(
        payment_intent=payment.external_id, amount=amount, idempotency_key=key
    )
    with transaction.atomic():
        Registration.objects.select_for_update().get(pk=payment.registration_id)
        return _refund_record(
            payment, refund_id=answer.id, amount=amount, reason=reason.strip(), actor=actor
        )
