"""What a registrant paid and was invoiced (personal-data registry).

Invoices, credit notes, payments, refunds and bank rows are accounting records: an
erasure keeps them as they were issued or booked, and says so in its report. The
billing address the registrant may still change goes.
"""

from django.utils.translation import gettext_noop

from twinning.core.personal_data import Erasure
from twinning.payments.models import (
    BankRow,
    BillingDetails,
    CreditNote,
    Invoice,
    InvoiceToFollow,
    Payment,
    PaymentReference,
    Refund,
)
from twinning.registrations.models import Registration

LEGAL = gettext_noop(
    "An issued document is an immutable legal copy, kept for the statutory period."
)
BOOKED = gettext_noop("An accounting record of money received or paid out, kept as booked.")


def _registrations(user):
    return Registration.objects.filter(user=user)


def export(user, *, actor) -> dict:
    registrations = _registrations(user)
    return {
        "billing": [
            {"name": b.name, "address": b.address, "tax_id": b.tax_id}
            for b in BillingDetails.objects.filter(registration__in=registrations)
        ],
        "references": [
            str(r) for r in PaymentReference.objects.filter(registration__in=registrations)
        ],
        "payments": [
            {"amount": p.amount, "method": p.method, "received_at": p.received_at, "note": p.note}
            for p in Payment.objects.filter(registration__in=registrations)
        ],
        "refunds": [
            {
                "amount": r.amount,
                "method": r.method,
                "refunded_at": r.refunded_at,
                "reason": r.reason,
            }
            for r in Refund.objects.filter(registration__in=registrations)
        ],
        "invoices": [
            {
                "number": i.number,
                "total": i.total,
                "issued_at": i.issued_at,
                "billed_to": i.billing_name,
                "address": i.billing_address,
                "tax_id": i.billing_tax_id,
            }
            for i in Invoice.objects.filter(registration__in=registrations)
        ],
        "credit_notes": [
            {
                "number": c.number,
                "amount": c.amount,
                "issued_at": c.issued_at,
                "invoice": c.invoice.number,
                "reason": c.reason,
            }
            for c in CreditNote.objects.filter(registration__in=registrations).select_related(
                "invoice"
            )
        ],
        "bank_rows": [
            {"booked": r.booking_date, "amount": r.amount, "from": r.counterparty}
            for r in BankRow.objects.filter(registration__in=registrations)
        ],
    }


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    registrations = _registrations(user)
    billing, _detail = BillingDetails.objects.filter(registration__in=registrations).delete()
    erasure.count("payments.BillingDetails", billing)
    notes = InvoiceToFollow.objects.filter(registration__in=registrations).update(note="")
    erasure.count("payments.InvoiceToFollow", notes)
    for model, fields, why in (
        (Invoice, ("billing_name", "billing_address", "billing_tax_id"), LEGAL),
        (CreditNote, ("billing_name", "billing_address", "billing_tax_id"), LEGAL),
        (Payment, ("amount", "received_at", "note"), BOOKED),
        (Refund, ("amount", "refunded_at", "reason"), BOOKED),
        (BankRow, ("counterparty", "reference", "raw"), BOOKED),
    ):
        erasure.keep(
            model._meta.label,
            fields,
            why,
            model.objects.filter(registration__in=registrations).count(),
        )
    return erasure
