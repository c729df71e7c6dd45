"""Card payments through Stripe Checkout: the sessions we opened, the events Stripe sent.

Every event is stored once by its id (a delivery repeated, or ten at once, finds the row
that the first one wrote); ``processed_at`` stays empty while an event waits for what it
needs (a refund that arrives before its payment).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class CheckoutSession(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="checkout_sessions",
    )
    session_id = models.CharField(_("Stripe session"), max_length=255, unique=True)
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("card checkout")
        verbose_name_plural = _("card checkouts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.session_id


class StripeEvent(models.Model):
    event_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    # The payment intent the event is about: a waiting refund is found by it later.
    payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    data = models.JSONField(_("event object"), default=dict)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class CardRefund(models.Model):
    payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="card_refunds",
    )
    # Stripe's refund id: the refund we asked for and its webhook are recorded once.
    refund_id = models.CharField(_("Stripe refund"), max_length=255, unique=True)
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("refunded"), auto_now_add=True)

    class Meta:
        verbose_name = _("card refund")
        verbose_name_plural = _("card refunds")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cards_refund_positive")
        ]

    def __str__(self):
        return self.refund_id
