"""Reads of what is owed and paid: a registration's account, the coordinator's lists."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from djmoney.money import Money

from twinning.delegations.models import Delegation
from twinning.payments.models import (
    BankRow,
    CreditNote,
    Invoice,
    Issuer,
    Payment,
    PaymentReference,
    Refund,
)
from twinning.payments.reference import reference_format
from twinning.registrations.models import Registration


@dataclass(frozen=True)
class Account:
    registration: Registration
    total: Money
    paid: Money
    due: Money
    due_now: Money
    due_by: datetime.date | datetime.datetime | None
    reference: str
    issuer: Issuer | None
    invoices: list[Invoice]
    credit_notes: list[CreditNote]
    refunds: list[Refund]
    refunded: Money


def issuer_for(delegation: Delegation) -> Issuer | None:
    return (
        Issuer.objects.filter(delegations=delegation).first()
        or Issuer.objects.filter(is_default=True).first()
    )


def _sum(queryset, currency: str) -> Money:
    total = queryset.filter(amount_currency=currency).aggregate(total=Sum("amount"))["total"]
    return Money(total or 0, currency)


def refunded_amount(registration: Registration) -> Money:
    """What went back out to the registrant, in the registration's currency."""
    currency = str(registration.total.currency)
    return _sum(Refund.objects.filter(registration=registration), currency)


def paid_amount(registration: Registration) -> Money:
    """What came in for ``registration`` less what was refunded, in its currency.

    Other currencies wait by hand. Never below nothing (a refund is never more than its
    payment; see ``payment_refundable``).
    """
    currency = str(registration.total.currency)
    received = _sum(Payment.objects.filter(registration=registration), currency)
    return max(received - refunded_amount(registration), Money(0, currency))


def payment_refundable(payment: Payment) -> Money:
    """What of ``payment`` has not gone back yet, whichever way it was refunded."""
    refunded = _sum(Refund.objects.filter(payment=payment), str(payment.amount.currency))
    return max(payment.amount - refunded, Money(0, payment.amount.currency))


def refundable_payments(registration: Registration) -> list[Payment]:
    """The registration's payments, each with ``refundable`` (two queries)."""
    payments = list(
        Payment.objects.filter(registration=registration)
        .prefetch_related("refunds")
        .order_by("received_at", "pk")
    )
    for payment in payments:
        zero = Money(0, payment.amount.currency)
        refunded = sum((refund.amount for refund in payment.refunds.all()), zero)
        payment.refundable = max(payment.amount - refunded, zero)
    return payments


def reference_for(registration: Registration) -> str:
    """The registration's printed reference (made on first use, see services)."""
    body = (
        PaymentReference.objects.filter(registration=registration)
        .values_list("body", flat=True)
        .first()
    )
    return reference_format(body) if body else ""


def due_now(registration: Registration, *, paid: Money, today: datetime.date) -> Money:
    """The deposit while the balance is not due yet, else everything, less what was paid."""
    policy = registration.delegation.registration_policy
    target = registration.total
    if policy.deposit is not None and policy.balance_due and today < policy.balance_due:
        target = min(policy.deposit, registration.total)
    return max(target - paid, Money(0, registration.total.currency))


def invoice_remaining(invoice: Invoice) -> Money:
    credited = invoice.credit_notes.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return invoice.total - Money(credited, invoice.total.currency)


def invoice_active(registration: Registration) -> Invoice | None:
    """The invoice in force: not replaced and not credited in full."""
    for invoice in Invoice.objects.filter(registration=registration, replaced_by__isnull=True):
        if invoice_remaining(invoice).amount > 0:
            return invoice
    return None


def account(registration: Registration, *, today: datetime.date) -> Account:
    paid = paid_amount(registration)
    refunds = list(
        Refund.objects.filter(registration=registration)
        .select_related("credit_note")
        .order_by("refunded_at", "pk")
    )
    zero = Money(0, registration.total.currency)
    refunded = sum(
        (r.amount for r in refunds if r.amount.currency == registration.total.currency), zero
    )
    total = registration.total
    policy = registration.delegation.registration_policy
    due_by = registration.payment_deadline if registration.status == "awaiting_payment" else None
    if registration.status == "confirmed" and policy.balance_due:
        due_by = policy.balance_due
    return Account(
        registration=registration,
        total=total,
        paid=paid,
        due=max(total - paid, Money(0, total.currency)),
        due_now=due_now(registration, paid=paid, today=today),
        due_by=due_by,
        reference=reference_for(registration),
        issuer=issuer_for(registration.delegation),
        invoices=list(Invoice.objects.filter(registration=registration).order_by("issued_at")),
        credit_notes=list(
            CreditNote.objects.filter(registration=registration)
            .select_related("invoice")
            .order_by("issued_at")
        ),
        refunds=refunds,
        refunded=refunded,
    )


def _sum_subquery(model):
    return Coalesce(
        Subquery(
            model.objects.filter(
                registration=OuterRef("pk"), amount_currency=OuterRef("total_currency")
            )
            .values("registration")
            .annotate(s=Sum("amount"))
            .values("s"),
            output_field=AMOUNT,
        ),
        Value(Decimal(0)),
        output_field=AMOUNT,
    )


AMOUNT = DecimalField(max_digits=12, decimal_places=2)


def _paid_subquery():
    """Payments less refunds, in the registration's currency, as one expression."""
    return ExpressionWrapper(_sum_subquery(Payment) - _sum_subquery(Refund), output_field=AMOUNT)


def with_paid(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """``registrations`` annotated with ``paid_amount``, in each one's currency (no query)."""
    return registrations.annotate(paid_amount=_paid_subquery())


def registrations_with_payments(*, delegation: Delegation) -> QuerySet[Registration]:
    """The delegation's registrations, each annotated with ``paid_amount`` (one query)."""
    return (
        Registration.objects.filter(delegation=delegation)
        .exclude(status__in=["refused"])
        .select_related("user", "payment_reference")
        .annotate(paid_amount=_paid_subquery())
        .order_by("created_at", "pk")
    )


def queue(*, delegation: Delegation) -> QuerySet[BankRow]:
    """The rows a coordinator matches by hand, oldest first."""
    return (
        BankRow.objects.filter(statement__delegation=delegation, status=BankRow.Status.UNMATCHED)
        .select_related("statement")
        .order_by("booking_date", "pk")
    )


def documents_for_delegation(*, delegation: Delegation):
    invoices = (
        Invoice.objects.filter(registration__delegation=delegation)
        .select_related("registration__user")
        .order_by("-issued_at", "-pk")
    )
    credit_notes = (
        CreditNote.objects.filter(registration__delegation=delegation)
        .select_related("registration__user", "invoice")
        .order_by("-issued_at", "-pk")
    )
    return invoices, credit_notes
