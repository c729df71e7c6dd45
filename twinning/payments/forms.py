from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.payments.models import BankStatement
from twinning.payments.statements import MAX_BYTES, Mapping


class BillingForm(forms.Form):
    name = forms.CharField(label=_("Billed to (person or institution)"), max_length=200)
    address = forms.CharField(label=_("Billing address"), widget=forms.Textarea(attrs={"rows": 4}))
    tax_id = forms.CharField(label=_("Tax number"), max_length=60, required=False)


class AmountForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to credit"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RefundForm(forms.Form):
    """A coordinator's refund by bank transfer of one payment (part or all of it).

    ``key`` is made when the form is shown: sending it twice records one refund.
    """

    payment = forms.TypedChoiceField(label=_("Payment"), coerce=int)
    amount = forms.DecimalField(
        label=_("Amount to refund"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, payments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [(payment.pk, payment.label) for payment in payments]


class InvoiceToFollowForm(forms.Form):
    note = forms.CharField(label=_("Who pays, and why later"), max_length=300)


class StatementForm(forms.Form):
    """The upload, and for a CSV file which column holds what."""

    file = forms.FileField(label=_("Bank statement"), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=BankStatement.Format.choices)
    date_column = forms.CharField(
        label=_("Date column"),
        required=False,
        initial="date",
        help_text=_("A column's heading or its number (1 is the first)."),
    )
    date_format = forms.CharField(label=_("Date format"), required=False, initial="%Y-%m-%d")
    amount_column = forms.CharField(label=_("Amount column"), required=False, initial="amount")
    currency_column = forms.CharField(
        label=_("Currency column"), required=False, initial="currency"
    )
    default_currency = forms.CharField(
        label=_("Currency when the file has none"), required=False, initial="USD", max_length=3
    )
    reference_column = forms.CharField(
        label=_("Reference column"), required=False, initial="reference"
    )
    counterparty_column = forms.CharField(
        label=_("Payer column"), required=False, initial="counterparty"
    )
    decimal_comma = forms.BooleanField(label=_("Amounts use a decimal comma"), required=False)
    delimiter = forms.ChoiceField(
        label=_("Columns separated by"),
        choices=[(",", ","), (";", ";"), ("\t", _("tab"))],
        initial=",",
    )
    # The file's content between the report and the confirmation (the report writes nothing).
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if self.is_valid_so_far() and data.get("format") == BankStatement.Format.CSV:
            for name in ("date_column", "amount_column", "reference_column"):
                if not data.get(name):
                    self.add_error(name, _("Name the column."))
        if not data.get("file") and not data.get("content"):
            self.add_error("file", _("Choose the statement file."))
        return data

    def is_valid_so_far(self) -> bool:
        return not self.errors

    def mapping(self) -> Mapping:
        data = self.cleaned_data
        return Mapping(
            date=data["date_column"].strip(),
            amount=data["amount_column"].strip(),
            reference=data["reference_column"].strip(),
            currency=data["currency_column"].strip(),
            counterparty=data["counterparty_column"].strip(),
            default_currency=(data["default_currency"] or "USD").strip(),
            decimal_comma=data["decimal_comma"],
            date_format=data["date_format"].strip() or "%Y-%m-%d",
            delimiter=data["delimiter"],
        )
