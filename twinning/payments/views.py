"""Payment pages: the registrant's documents and billing address, the coordinators' desk."""

import base64
import binascii
import secrets

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from djmoney.money import Money

from twinning.accounts.rules import may
from twinning.core.templatetags.twinning import money_display
from twinning.delegations import selectors as delegation_selectors
from twinning.payments import pdf, selectors, services
from twinning.payments.forms import (
    AmountForm,
    BillingForm,
    CreditNoteForm,
    InvoiceToFollowForm,
    RefundForm,
    StatementForm,
)
from twinning.payments.models import BankRow, BillingDetails, CreditNote, Invoice, Payment, Refund
from twinning.payments.statements import StatementError
from twinning.registrations.models import Registration
from twinning.registrations.seats import SeatsBusy
from twinning.registrations.selectors import registration_latest

BUSY = gettext_lazy("Many people are registering right now: please send the form again.")


def _delegation(request: HttpRequest, slug: str):
    return delegation_selectors.delegation_get(slug=slug, user=request.user)


def _coordinated(request: HttpRequest, slug: str):
    delegation = _delegation(request, slug)
    if not may(request.user, "payments.import_statement", delegation):
        raise Http404
    return delegation


def _number(value) -> int:
    """A posted id; anything else finds nothing (a 404, not a 500)."""
    return int(value) if value and str(value).isdigit() else 0


def _first_error(error: ValidationError) -> str:
    return error.messages[0]


@login_required
def document(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    """An invoice or credit note as PDF: for the registrant and the coordinators, else 404."""
    delegation = _delegation(request, slug)
    found = (
        Invoice.objects.filter(number=number, registration__delegation=delegation)
        .select_related("registration", "replaces")
        .first()
        or CreditNote.objects.filter(number=number, registration__delegation=delegation)
        .select_related("registration", "invoice")
        .first()
    )
    if found is None or not may(request.user, "payments.download_document", found):
        raise Http404
    language = request.GET.get("language") or None
    if language not in (None, "both", found.language):
        language = "both"
    render_pdf = pdf.invoice_pdf if isinstance(found, Invoice) else pdf.credit_note_pdf
    response = HttpResponse(render_pdf(found, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response


@login_required
def billing(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    registration = registration_latest(delegation=delegation, user=request.user)
    if registration is None or not may(request.user, "payments.change_billing", registration):
        raise Http404
    current = BillingDetails.objects.filter(registration=registration).first()
    initial = (
        {"name": current.name, "address": current.address, "tax_id": current.tax_id}
        if current
        else {"name": registration.company or request.user.full_name}
    )
    form = BillingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.billing_details_set(
                registration=registration, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, _("The billing address is saved."))
            return redirect("registrations:mine", slug=slug)
    return render(
        request,
        "payments/billing.html",
        {"delegation": delegation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinators' page: what each registrant owes and paid, the documents, the queue."""
    delegation = _coordinated(request, slug)
    invoices, credit_notes = selectors.documents_for_delegation(delegation=delegation)
    registrations = list(selectors.registrations_with_payments(delegation=delegation))
    for registration in registrations:
        registration.paid = Money(registration.paid_amount, registration.total.currency)
        registration.due = max(
            registration.total - registration.paid, Money(0, registration.total.currency)
        )
    return render(
        request,
        "payments/desk.html",
        {
            "delegation": delegation,
            "registrations": registrations,
            "invoices": invoices,
            "credit_notes": credit_notes,
            "queue_size": selectors.queue(delegation=delegation).count(),
        },
    )


def _registration(delegation, registration_id: int) -> Registration:
    return get_object_or_404(Registration, pk=registration_id, delegation=delegation)


@login_required
@require_POST
def record(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    registration = _registration(delegation, registration_id)
    form = AmountForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Give the amount received."))
        return redirect("payments:desk", slug=slug)
    try:
        services.payment_record(
            registration=registration,
            amount=Money(form.cleaned_data["amount"], registration.total.currency),
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except PermissionDenied as error:
        raise Http404 from error
    except SeatsBusy:
        flash.error(request, BUSY)
    except ValidationError as error:
        flash.error(request, _first_error(error))
    else:
        flash.success(request, _("The payment is recorded."))
    return redirect("payments:desk", slug=slug)


@login_required
@require_POST
def issue(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    registration = _registration(delegation, registration_id)
    try:
        invoice = services.invoice_issue(registration=registration, actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        flash.error(request, _first_error(error))
    else:
        flash.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect("payments:desk", slug=slug)


@login_required
def credit(request: HttpRequest, slug: str, invoice_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    invoice = get_object_or_404(Invoice, pk=invoice_id, registration__delegation=delegation)
    remaining = selectors.invoice_remaining(invoice)
    form = CreditNoteForm(request.POST or None, initial={"amount": remaining.amount})
    if request.method == "POST" and form.is_valid():
        try:
            note = services.credit_note_issue(
                invoice=invoice,
                amount=Money(form.cleaned_data["amount"], invoice.total.currency),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            flash.success(request, _("Credit note %(number)s is issued.") % {"number": note.number})
            return redirect("payments:desk", slug=slug)
    return render(
        request,
        "payments/credit_note.html",
        {"delegation": delegation, "invoice": invoice, "remaining": remaining, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def refund(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    """A coordinator pays money back by bank transfer and records it (card: through Stripe)."""
    delegation = _coordinated(request, slug)
    registration = _registration(delegation, registration_id)
    payments = [
        payment
        for payment in selectors.refundable_payments(registration)
        if payment.method != Payment.Method.CARD and payment.refundable.amount > 0
    ]
    for payment in payments:
        payment.label = _("%(amount)s received %(date)s (%(left)s left to refund)") % {
            "amount": money_display(payment.amount),
            "date": date_format(payment.received_at, "DATE_FORMAT"),
            "left": money_display(payment.refundable),
        }
    initial = {"key": secrets.token_hex(16)}
    if payments:
        initial |= {"payment": payments[0].pk, "amount": payments[0].refundable.amount}
    form = RefundForm(request.POST or None, payments=payments, initial=initial)
    if request.method == "POST" and form.is_valid():
        payment = next(p for p in payments if p.pk == form.cleaned_data["payment"])
        try:
            services.refund_record(
                payment=payment,
                amount=Money(form.cleaned_data["amount"], payment.amount.currency),
                method=Refund.Method.BANK,
                external_id="bank-" + form.cleaned_data["key"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            flash.success(request, _("The refund is recorded."))
            return redirect("payments:desk", slug=slug)
    return render(
        request,
        "payments/refund.html",
        {
            "delegation": delegation,
            "registration": registration,
            "paid": selectors.paid_amount(registration),
            "card_payments": any(
                p.method == Payment.Method.CARD for p in selectors.refundable_payments(registration)
            ),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invoice_to_follow(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    registration = _registration(delegation, registration_id)
    form = InvoiceToFollowForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Say who pays and why later."))
        return redirect("payments:desk", slug=slug)
    try:
        services.invoice_to_follow_confirm(
            registration=registration, actor=request.user, note=form.cleaned_data["note"]
        )
    except PermissionDenied as error:
        raise Http404 from error
    except SeatsBusy:
        flash.error(request, BUSY)
    except ValidationError as error:
        flash.error(request, _first_error(error))
    else:
        flash.success(request, _("Confirmed; the invoice follows."))
    return redirect("payments:desk", slug=slug)


def _upload(form: StatementForm) -> tuple[str, bytes]:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return upload.name, upload.read()
    try:
        content = base64.b64decode(form.cleaned_data["content"], validate=True)
    except (binascii.Error, ValueError) as error:
        raise StatementError(_("Upload the file again.")) from error
    return form.cleaned_data["file_name"] or "statement", content


@login_required
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → a report of what each row would become → confirm, which imports it."""
    delegation = _coordinated(request, slug)
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        format = form.cleaned_data["format"]
        mapping = form.mapping() if format == "csv" else None
        try:
            name, content = _upload(form)
            if request.POST.get("confirm") and not form.cleaned_data.get("file"):
                imported = services.statement_import(
                    delegation=delegation,
                    actor=request.user,
                    file_name=name,
                    content=content,
                    format=format,
                    mapping=mapping,
                )
                flash.success(
                    request,
                    _("%(new)s rows imported, %(skipped)s imported before and skipped.")
                    % {"new": imported.rows_new, "skipped": imported.rows_skipped},
                )
                return redirect("payments:queue", slug=slug)
            rows = services.statement_read(content, format=format, mapping=mapping)
            report = services.statement_preview(delegation=delegation, rows=rows)
            form = StatementForm(
                initial={
                    **form.cleaned_data,
                    "file": None,
                    "content": base64.b64encode(content).decode(),
                    "file_name": name,
                }
            )
        except StatementError as error:
            form.add_error("file", str(error))
        except SeatsBusy:
            form.add_error(None, BUSY)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, _first_error(error))
    return render(
        request,
        "payments/statement.html",
        {
            "delegation": delegation,
            "form": form,
            "report": report,
        },
        status=400 if form.errors else 200,
    )


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The rows waiting for a coordinator: assign each to a registration, or ignore it."""
    delegation = _coordinated(request, slug)
    if request.method == "POST":
        row = get_object_or_404(
            BankRow, pk=_number(request.POST.get("row")), statement__delegation=delegation
        )
        try:
            if request.POST.get("action") == "ignore":
                services.row_ignore(row=row, actor=request.user)
                flash.success(request, _("The row is ignored."))
            else:
                registration = get_object_or_404(
                    Registration,
                    pk=_number(request.POST.get("registration")),
                    delegation=delegation,
                )
                services.row_assign(row=row, registration=registration, actor=request.user)
                flash.success(request, _("The payment is recorded."))
        except PermissionDenied as error:
            raise Http404 from error
        except SeatsBusy:
            flash.error(request, BUSY)
        except ValidationError as error:
            flash.error(request, _first_error(error))
        return redirect("payments:queue", slug=slug)
    return render(
        request,
        "payments/queue.html",
        {
            "delegation": delegation,
            "rows": selectors.queue(delegation=delegation),
            "registrations": Registration.objects.filter(
                delegation=delegation, status__in=services.OWING
            )
            .select_related("user")
            .order_by("user__full_name", "pk"),
        },
    )
