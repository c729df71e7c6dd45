"""Writes of invoices, credit notes, payments and statements; each one transaction, gated.

Numbers: the counter row of (issuer, series, year) is locked while the next number is
taken, in the same transaction as the document, so concurrent issues queue on it and a
rolled-back issue gives its number back: no gap, no repeat.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from djmoney.money import Money

from twinning.accounts.models import User
from twinning.accounts.rules import require, system_actor
from twinning.audit.services import audit_record
from twinning.core import events
from twinning.core.counters import counter_next
from twinning.core.templatetags.twinning import money_display, translated_value
from twinning.core.translation_fields import language_codes
from twinning.delegations.models import Delegation
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_queue
from twinning.payments import selectors, statements
from twinning.payments.models import (
    BankRow,
    BankStatement,
    BillingDetails,
    Counter,
    CreditNote,
    Invoice,
    InvoiceToFollow,
    Issuer,
    Payment,
    PaymentReference,
    Refund,
)
from twinning.payments.reference import reference_body, reference_key
from twinning.registrations.models import Registration
from twinning.registrations.services import registration_confirm_unpaid, registration_mark_paid

OWING = (Registration.Status.AWAITING_PAYMENT, Registration.Status.CONFIRMED)


def _next_number(issuer: Issuer, series: str, year: int) -> int:
    return counter_next(Counter, issuer=issuer, series=series, year=year)


def _number(issuer: Issuer, series: str, year: int, sequence: int) -> str:
    middle = "" if series == Counter.Series.INVOICE else "CN-"
    return f"{issuer.code.upper()}-{middle}{year}-{sequence:04d}"


def payment_reference_ensure(*, registration: Registration) -> PaymentReference:
    """The registration's reference, made from its number on first use."""
    reference, _created = PaymentReference.objects.get_or_create(
        registration=registration,
        defaults={"body": reference_body(registration.pk).lstrip("0")},
    )
    return reference


def _billing(registration: Registration) -> BillingDetails:
    billing = BillingDetails.objects.filter(registration=registration).first()
    if billing is None:
        raise ValidationError(_("Enter the billing address before the invoice is issued."))
    return billing


def _document_language(user: User) -> str:
    language = user.preferred_language
    return language if language in language_codes() else "both"


def _lines(registration: Registration) -> list[dict]:
    """One line, described in every language (the PDF may show both side by side)."""
    description = {}
    for code in language_codes():
        with translation.override(code):
            description[code] = _("Registration: %(delegation)s (%(seats)s)") % {
                "delegation": translated_value(registration.delegation, "title")[0],
                "seats": translation.ngettext(
                    "%(count)s seat", "%(count)s seats", registration.seats
                )
                % {"count": registration.seats},
            }
    return [{"description": description, "amount": str(registration.total.amount)}]


def _issue_invoice(
    registration: Registration,
    *,
    actor: User,
    now: datetime.datetime,
    lines: list[dict],
    total: Money,
    replaces: Invoice | None = None,
) -> Invoice:
    issuer = selectors.issuer_for(registration.delegation)
    if issuer is None:
        raise ValidationError(_("No invoice issuer is set up for this delegation."))
    billing = _billing(registration)
    sequence = _next_number(issuer, Counter.Series.INVOICE, now.year)
    invoice = Invoice(
        number=_number(issuer, Counter.Series.INVOICE, now.year, sequence),
        year=now.year,
        sequence=sequence,
        issuer=issuer,
        issuer_snapshot=issuer.snapshot(),
        registration=registration,
        billing_name=billing.name,
        billing_address=billing.address,
        billing_tax_id=billing.tax_id,
        language=_document_language(registration.user),
        issued_at=now,
        issued_by=actor,
        lines=lines,
        total=total,
        replaces=replaces,
    )
    invoice.save()
    audit_record(
        actor=actor,
        action="payments.invoice_issue",
        target=invoice,
        data={"registration": registration.pk, "number": invoice.number, "total": total},
    )
    return invoice


@transaction.atomic
def invoice_issue(*, registration: Registration, actor: User, now=None) -> Invoice:
    """The registration's invoice for its total (one in force at a time)."""
    require(actor, "payments.issue_invoice", registration)
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in OWING:
        raise ValidationError(_("Only a registration awaiting payment or confirmed is invoiced."))
    if selectors.invoice_active(registration) is not None:
        raise ValidationError(_("This registration has an invoice already."))
    return _issue_invoice(
        registration,
        actor=actor,
        now=now,
        lines=_lines(registration),
        total=registration.total,
    )


def _credit(invoice: Invoice, *, amount: Money, reason: str, actor: User, now) -> CreditNote:
    remaining = selectors.invoice_remaining(invoice)
    if amount.currency != invoice.total.currency:
        raise ValidationError({"amount": _("A credit note is in the invoice's currency.")})
    if amount.amount <= 0:
        raise ValidationError({"amount": _("A credit note is for more than nothing.")})
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("At most %(remaining)s of this invoice is left to credit.")
                % {"remaining": money_display(remaining)}
            }
        )
    issuer = invoice.issuer
    sequence = _next_number(issuer, Counter.Series.CREDIT_NOTE, now.year)
    note = CreditNote(
        number=_number(issuer, Counter.Series.CREDIT_NOTE, now.year, sequence),
        year=now.year,
        sequence=sequence,
        issuer=issuer,
        issuer_snapshot=invoice.issuer_snapshot,
        registration=invoice.registration,
        billing_name=invoice.billing_name,
        billing_address=invoice.billing_address,
        billing_tax_id=invoice.billing_tax_id,
        language=invoice.language,
        issued_at=now,
        issued_by=actor,
        invoice=invoice,
        amount=amount,
        reason=reason.strip()[:300],
    )
    note.save()
    audit_record(
        actor=actor,
        action="payments.credit_note_issue",
        target=note,
        data={"invoice": invoice.number, "number": note.number, "amount": amount},
    )
    return note


@transaction.atomic
def credit_note_issue(
    *, invoice: Invoice, amount: Money, reason: str, actor: User, now=None
) -> CreditNote:
    """A refund or cancellation, in full or in part, never more than the invoice has left."""
    require(actor, "payments.issue_credit_note", invoice)
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the credit note is issued.")})
    # The registration's row lock serialises credit notes of one invoice.
    Registration.objects.select_for_update().get(pk=invoice.registration_id)
    return _credit(invoice, amount=amount, reason=reason, actor=actor, now=now)


@transaction.atomic
def billing_details_set(
    *, registration: Registration, actor: User, name: str, address: str, tax_id: str = "", now=None
) -> BillingDetails:
    """Whom to invoice; a change after the invoice cancels it and issues a new one."""
    require(actor, "payments.change_billing", registration)
    now = now or timezone.now()
    name, address, tax_id = name.strip(), address.replace("\r\n", "\n").strip(), tax_id.strip()
    if not name or not address:
        raise ValidationError(_("Give the name and the address to invoice."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (*OWING, Registration.Status.AWAITING_APPROVAL):
        raise ValidationError(_("This registration is not active."))
    billing, _created = BillingDetails.objects.update_or_create(
        registration=registration, defaults={"name": name, "address": address, "tax_id": tax_id}
    )
    invoice = selectors.invoice_active(registration)
    if invoice is not None and (
        invoice.billing_name,
        invoice.billing_address,
        invoice.billing_tax_id,
    ) != (name, address, tax_id):
        remaining = selectors.invoice_remaining(invoice)
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("The billing address changed; replaced by a new invoice.")
        system = system_actor()
        _credit(invoice, amount=remaining, reason=reason, actor=system, now=now)
        lines = invoice.lines
        if remaining != invoice.total:
            lines = [
                {
                    "description": {
                        code: _("Balance of invoice %(number)s") % {"number": invoice.number}
                        for code in language_codes()
                    },
                    "amount": str(remaining.amount),
                }
            ]
        _issue_invoice(
            registration, actor=system, now=now, lines=lines, total=remaining, replaces=invoice
        )
    return billing


def _notify_payment(payment: Payment, *, actor: User, paid: Money, due: Money) -> None:
    registration = payment.registration
    user = registration.user
    delegation = registration.delegation
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "amount": money_display(payment.amount),
            "paid": money_display(paid),
            "due": money_display(due),
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    notification_queue(
        actor=actor,
        key=f"payments.payment-{payment.pk}-received",
        to=user,
        template="payments/email/received",
        context=context,
    )


def _record(
    registration: Registration,
    *,
    amount: Money,
    method: str,
    actor: User,
    received_at: datetime.datetime,
    bank_row: BankRow | None = None,
    external_id: str | None = None,
    note: str = "",
) -> Payment:
    if amount.amount <= 0:
        raise ValidationError({"amount": _("A payment is for more than nothing.")})
    if amount.currency != registration.total.currency:
        raise ValidationError(
            {
                "amount": _("This registration is paid in %(currency)s.")
                % {"currency": registration.total.currency}
            }
        )
    if registration.status == Registration.Status.AWAITING_APPROVAL:
        raise ValidationError(_("Approve the registration before recording its payment."))
    if registration.status not in OWING:
        raise ValidationError(_("This registration is not active: refund the payment instead."))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                registration=registration,
                amount=amount,
                method=method,
                received_at=received_at,
                bank_row=bank_row,
                external_id=external_id or None,
                note=note[:300],
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(_("This payment is recorded already.")) from error
    events.emit(
        events.PAYMENT_RECEIVED,
        key=f"payment-{payment.pk}-received",
        data={
            "payment": payment.pk,
            "registration": registration.pk,
            "delegation": registration.delegation.slug,
            "amount": str(amount.amount),
            "currency": str(amount.currency),
        },
    )
    audit_record(
        actor=actor,
        action="payments.payment_record",
        target=payment,
        data={"registration": registration.pk, "amount": amount, "method": method},
    )
    paid = selectors.paid_amount(registration)
    registration = registration_mark_paid(
        registration=registration, paid=paid, actor=actor, now=received_at
    )
    due = max(registration.total - paid, Money(0, registration.total.currency))
    if registration.status != Registration.Status.CONFIRMED or due.amount > 0:
        _notify_payment(payment, actor=actor, paid=paid, due=due)
    return payment


@transaction.atomic
def payment_record(
    *,
    registration: Registration,
    amount: Money,
    actor: User,
    method: str = Payment.Method.MANUAL,
    received_at: datetime.datetime | None = None,
    external_id: str | None = None,
    note: str = "",
) -> Payment:
    """A coordinator records a payment that came in another way (cash, card terminal)."""
    require(actor, "payments.record_payment", registration)
    return _record(
        registration,
        amount=amount,
        method=method,
        actor=actor,
        received_at=received_at or timezone.now(),
        external_id=external_id,
        note=note,
    )


@transaction.atomic
def invoice_to_follow_confirm(*, registration: Registration, actor: User, note: str):
    """Confirm before payment, at a coordinator's decision (an institution that pays late)."""
    require(actor, "payments.confirm_invoice_to_follow", registration)
    if not note.strip():
        raise ValidationError({"note": _("Say who pays and why later.")})
    registration = registration_confirm_unpaid(registration=registration, actor=actor)
    InvoiceToFollow.objects.update_or_create(
        registration=registration, defaults={"note": note.strip()[:300], "decided_by": actor}
    )
    audit_record(actor=actor, action="payments.invoice_to_follow", target=registration)
    return registration


def _references(delegation: Delegation, rows: list[statements.Row]) -> dict[str, Registration]:
    """The delegation's registrations the rows' references name, in one query."""
    keys = {key for key in (reference_key(row.reference) for row in rows) if key}
    references = PaymentReference.objects.filter(
        body__in=keys, registration__delegation=delegation
    ).select_related("registration__user")
    return {reference.body: reference.registration for reference in references}


def _match(row: statements.Row, known: dict[str, Registration]) -> Registration | None:
    key = reference_key(row.reference)
    if key is None or row.amount.amount <= 0 or key not in known:
        return None
    registration = known[key]
    # A registration still awaiting approval is not paid yet: its row waits for a coordinator.
    if registration.total.currency != row.amount.currency or registration.status not in OWING:
        return None
    return registration


def statement_read(content: bytes, *, format: str, mapping: statements.Mapping | None):
    if format == BankStatement.Format.CAMT053:
        return statements.parse_camt053(content)
    if format == BankStatement.Format.CSV and mapping is not None:
        return statements.parse_csv(content, mapping)
    raise statements.StatementError(_("Choose the file's format."))


def statement_preview(*, delegation: Delegation, rows: list[statements.Row]) -> list[dict]:
    """What importing would do with each row, written nowhere (the per-row report)."""
    prints = statements.fingerprints(rows)
    seen = set(BankRow.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True))
    known = _references(delegation, rows)
    report = []
    for row, fingerprint in zip(rows, prints, strict=True):
        registration = None if fingerprint in seen else _match(row, known)
        report.append(
            {
                "row": row,
                "skipped": fingerprint in seen,
                "registration": registration,
            }
        )
    return report


@transaction.atomic
def statement_import(
    *,
    delegation: Delegation,
    actor: User,
    file_name: str,
    content: bytes,
    format: str,
    mapping: statements.Mapping | None = None,
) -> BankStatement:
    """Import the statement: matched rows become payments, the rest wait in the queue."""
    require(actor, "payments.import_statement", delegation)
    rows = statement_read(content, format=format, mapping=mapping)
    statement = BankStatement.objects.create(
        delegation=delegation,
        format=format,
        file_name=file_name[:200],
        file_hash=statements.file_hash(content),
        imported_by=actor,
    )
    known = _references(delegation, rows)
    for row, fingerprint in zip(rows, statements.fingerprints(rows), strict=True):
        if BankRow.objects.filter(fingerprint=fingerprint).exists():
            statement.rows_skipped += 1
            continue
        registration = _match(row, known)
        bank_row = BankRow.objects.create(
            statement=statement,
            booking_date=row.booking_date,
            amount=row.amount,
            reference=row.reference[:300],
            counterparty=row.counterparty[:200],
            raw=row.raw,
            fingerprint=fingerprint,
            status=BankRow.Status.MATCHED if registration else BankRow.Status.UNMATCHED,
            registration=registration,
        )
        statement.rows_new += 1
        if registration is not None:
            _record(
                registration,
                amount=row.amount,
                method=Payment.Method.BANK,
                actor=actor,
                received_at=_received_at(row.booking_date),
                bank_row=bank_row,
            )
    statement.save(update_fields=["rows_new", "rows_skipped"])
    audit_record(
        actor=actor,
        action="payments.statement_import",
        target=statement,
        data={"new": statement.rows_new, "skipped": statement.rows_skipped},
    )
    return statement


def _received_at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@transaction.atomic
def row_assign(*, row: BankRow, registration: Registration, actor: User) -> Payment:
    """A coordinator matches a waiting row to a registration of the statement's delegation."""
    require(actor, "payments.match_row", row.statement.delegation)
    row = BankRow.objects.select_for_update().select_related("statement").get(pk=row.pk)
    if row.status != BankRow.Status.UNMATCHED:
        raise ValidationError(_("This row is matched or ignored already."))
    if registration.delegation_id != row.statement.delegation_id:
        raise ValidationError(_("The registration is not one of this delegation's."))
    row.status, row.registration, row.decided_by = BankRow.Status.MATCHED, registration, actor
    row.save(update_fields=["status", "registration", "decided_by"])
    return _record(
        registration,
        amount=row.amount,
        method=Payment.Method.BANK,
        actor=actor,
        received_at=_received_at(row.booking_date),
        bank_row=row,
        note=_("Matched by hand"),
    )


@transaction.atomic
def row_ignore(*, row: BankRow, actor: User) -> BankRow:
    """Not a registration's payment (or nothing at all): out of the queue, kept on record."""
    require(actor, "payments.match_row", row.statement.delegation)
    row = BankRow.objects.select_for_update().get(pk=row.pk)
    if row.status != BankRow.Status.UNMATCHED:
        raise ValidationError(_("This row is matched or ignored already."))
    row.status, row.decided_by = BankRow.Status.IGNORED, actor
    row.save(update_fields=["status", "decided_by"])
    audit_record(
        actor=actor,
        action="payments.row_ignore",
        target=row,
        delegation=row.statement.delegation_id,
    )
    return row


REMINDER_DAYS_MAX = 366


def reminders_send(*, actor: User, days: int = 5, now=None) -> int:
    """E-mail every registrant who still owes and whose deadline is within ``days`` days.

    Once per registration and deadline (the notification key names both), however often
    the job runs.
    """
    require(actor, "payments.remind")
    if not 0 <= days <= REMINDER_DAYS_MAX:
        raise ValidationError(
            _("Reminders look between 0 and %(max)s days ahead.") % {"max": REMINDER_DAYS_MAX}
        )
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=days)
    sent = 0
    # Only those whose deadline falls in the window: the job's work grows with them alone.
    candidates = Registration.objects.filter(
        Q(
            status=Registration.Status.AWAITING_PAYMENT,
            payment_deadline__gte=now,
            payment_deadline__lte=horizon,
        )
        | Q(
            status=Registration.Status.CONFIRMED,
            delegation__registration_policy__balance_due__gte=now.date(),
            delegation__registration_policy__balance_due__lte=horizon.date(),
        )
    ).select_related("user", "delegation__registration_policy")
    for registration in candidates:
        policy = registration.delegation.registration_policy
        if registration.status == Registration.Status.AWAITING_PAYMENT:
            deadline = registration.payment_deadline
        else:
            deadline = _received_at(policy.balance_due) if policy.balance_due is not None else None
        if deadline is None or not now <= deadline <= horizon:
            continue
        paid = selectors.paid_amount(registration)
        due = registration.total - paid
        if due.amount <= 0 or registration_has_invoice_to_follow(registration):
            continue
        with transaction.atomic():
            sent += _remind(registration, actor=actor, due=due, deadline=deadline)
    return sent


def registration_has_invoice_to_follow(registration: Registration) -> bool:
    return InvoiceToFollow.objects.filter(registration=registration).exists()


def payment_instructions_send(*, registration: Registration, actor: User) -> None:
    """E-mail how to pay once a registration awaits payment (on sign-up or approval).

    A reaction to the registration being saved (panels.reference_on_registration), done by
    the system actor; the key makes it one e-mail per registration however often it runs.
    """
    require(actor, "payments.send_instructions", registration)
    user = registration.user
    delegation = registration.delegation
    account = selectors.account(registration, today=timezone.localdate())
    if not account.due_now.amount:
        return
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "due": money_display(account.due_now),
            "deadline": date_format(registration.payment_deadline, "DATE_FORMAT")
            if registration.payment_deadline
            else "",
            "reference": account.reference or "",
            "payee": account.issuer.name if account.issuer else "",
            "iban": account.issuer.iban if account.issuer else "",
            "bic": account.issuer.bic if account.issuer else "",
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    notification_queue(
        actor=actor,
        key=f"payments.instructions-{registration.pk}",
        to=user,
        template="payments/email/instructions",
        context=context,
    )


def _remind(registration: Registration, *, actor: User, due: Money, deadline) -> bool:
    key = f"payments.reminder-{registration.pk}-{deadline.date().isoformat()}"
    if Notification.objects.filter(key=key).exists():
        return False
    user = registration.user
    delegation = registration.delegation
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "due": money_display(due),
            "deadline": date_format(deadline, "DATE_FORMAT"),
            "reference": selectors.reference_for(registration),
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    notification_queue(
        actor=actor,
        key=key,
        to=user,
        template="payments/email/reminder",
        context=context,
    )
    return True


def _notify_refund(refund: Refund, *, actor: User) -> None:
    registration = refund.registration
    user = registration.user
    delegation = registration.delegation
    with translation.override(user.preferred_language):
        context = {
            "name": user.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "amount": money_display(refund.amount),
            "method": str(refund.get_method_display()),
            "paid": money_display(selectors.paid_amount(registration)),
            "credit_note": refund.credit_note.number if refund.credit_note else "",
            "url": settings.TWINNING_BASE_URL
            + reverse("registrations:mine", kwargs={"slug": delegation.slug}),
        }
    # One e-mail per refund: the key names the refund, however often a task retries.
    notification_queue(
        actor=actor,
        key=f"payments.refund-{refund.pk}",
        to=user,
        template="payments/email/refund",
        context=context,
    )


@transaction.atomic
def refund_record(
    *,
    payment: Payment,
    amount: Money,
    method: str,
    external_id: str,
    actor: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Refund:
    """Money went back out for ``payment``: recorded once, credited, the registrant told.

    ``external_id`` is the provider's refund id (card) or the asking form's key (bank): the
    same refund asked twice, or at once, is recorded once and the first record returned.
    The registration's row lock serialises refunds of one registration, so two different
    refunds never take more than the payment left. The invoice in force gets a credit
    note for the refund (at most what it has left).
    """
    require(actor, "payments.record_refund", payment.registration)
    now = now or timezone.now()
    external_id = (external_id or "").strip()[:255]
    if not external_id:
        raise ValidationError(_("A refund needs its id."))
    if method not in Refund.Method.values:
        raise ValidationError({"method": _("Choose how the money goes back.")})
    registration = Registration.objects.select_for_update().get(pk=payment.registration_id)
    existing = Refund.objects.filter(external_id=external_id).first()
    if existing is not None:
        return existing
    payment = Payment.objects.get(pk=payment.pk)
    if method == Refund.Method.BANK and payment.method == Payment.Method.CARD:
        raise ValidationError(_("A card payment is refunded to the card."))
    if amount.currency != payment.amount.currency or amount.amount <= 0:
        raise ValidationError({"amount": _("A refund is for more than nothing.")})
    refundable = selectors.payment_refundable(payment)
    if amount > refundable:
        raise ValidationError(
            {
                "amount": _("At most %(refundable)s of this payment is left to refund.")
                % {"refundable": money_display(refundable)}
            }
        )
    invoice = selectors.invoice_active(registration)
    note = None
    if invoice is not None and amount.currency == invoice.total.currency:
        remaining = selectors.invoice_remaining(invoice)
        if remaining.amount > 0:
            with translation.override(settings.LANGUAGE_CODE):
                why = reason.strip() or (
                    _("Card payment refunded.")
                    if method == Refund.Method.CARD
                    else _("Refunded by bank transfer.")
                )
            note = _credit(invoice, amount=min(amount, remaining), reason=why, actor=actor, now=now)
    refund = Refund.objects.create(
        registration=registration,
        payment=payment,
        amount=amount,
        method=method,
        external_id=external_id,
        credit_note=note,
        reason=reason.strip()[:300],
        refunded_at=now,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="payments.refund_record",
        target=refund,
        data={
            "registration": registration.pk,
            "payment": payment.pk,
            "amount": amount,
            "method": method,
            "credit_note": note.number if note else "",
        },
    )
    _notify_refund(refund, actor=actor)
    return refund
