"""Invoices and credit notes as PDF, in the payer's language or both side by side.

Printed by the delegations' renderer (its stylesheet, fonts and offline fetcher); every
fact comes from the document's own snapshot, never from today's issuer or address.
"""

from decimal import Decimal

from djmoney.money import Money

from twinning.delegations.pdf import _render
from twinning.payments.models import CreditNote, Invoice


def _lines(invoice: Invoice) -> list[dict]:
    currency = invoice.total.currency
    return [
        {"description": line["description"], "amount": Money(Decimal(line["amount"]), currency)}
        for line in invoice.lines
    ]


def invoice_pdf(invoice: Invoice, *, language: str | None = None) -> bytes:
    return _render(
        "payments/pdf/invoice.html",
        {"document": invoice, "issuer": invoice.issuer_snapshot, "lines": _lines(invoice)},
        language=language or invoice.language,
    )


def credit_note_pdf(note: CreditNote, *, language: str | None = None) -> bytes:
    return _render(
        "payments/pdf/credit_note.html",
        {"document": note, "issuer": note.issuer_snapshot, "invoice": note.invoice},
        language=language or note.language,
    )
