"""What a registrant owes and pays: invoices, credit notes, payments and bank statements.

Invoices and credit notes are documents: numbered without gap per issuer and year (the
counter row is locked while a number is taken, in the document's own transaction), and
never changed nor deleted once issued. Cancelling an invoice is a credit note for what
remains of it; a corrected invoice is a new one that names the invoice it replaces.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class Issuer(models.Model):
    """An organiser that issues invoices (its name and address are copied onto each one)."""

    code = models.SlugField(
        _("code"), max_length=10, unique=True, help_text=_("Starts each invoice number.")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    tax_id = models.CharField(_("tax number"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN or account number"), max_length=60, blank=True)
    bic = models.CharField(_("BIC / SWIFT"), max_length=20, blank=True)
    is_default = models.BooleanField(_("issues for delegations without an issuer"), default=False)
    delegations = models.ManyToManyField(
        "delegations.Delegation",
        verbose_name=_("delegations"),
        related_name="invoice_issuers",
        blank=True,
    )

    class Meta:
        verbose_name = _("invoice issuer")
        verbose_name_plural = _("invoice issuers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="payments_one_default_issuer",
            )
        ]

    def __str__(self):
        return self.name

    def snapshot(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "address": self.address,
            "tax_id": self.tax_id,
            "bank_name": self.bank_name,
            "iban": self.iban,
            "bic": self.bic,
        }


class Counter(models.Model):
    """The last number handed out in one series (invoices or credit notes) of one year."""

    class Series(models.TextChoices):
        INVOICE = "invoice", _("Invoices")
        CREDIT_NOTE = "credit_note", _("Credit notes")

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="counters")
    series = models.CharField(max_length=12, choices=Series.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series", "year"], name="payments_one_counter_per_series"
            )
        ]

    def __str__(self):
        return f"{self.issuer.code} {self.series} {self.year}: {self.last}"


class Immutable(Exception):
    """An issued document is never changed nor deleted: issue a credit note instead."""


class DocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable(f"{self.model.__name__} rows are never updated")

    def delete(self):
        raise Immutable(f"{self.model.__name__} rows are never deleted")


class Document(models.Model):
    """What an invoice and a credit note share: the number, the parties, the language."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    issuer = models.ForeignKey(Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT)
    issuer_snapshot = models.JSONField(_("issuer as issued"))
    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("registration"), on_delete=models.PROTECT
    )
    billing_name = models.CharField(_("billed to"), max_length=200)
    billing_address = models.TextField(_("billing address"))
    billing_tax_id = models.CharField(_("tax number"), max_length=60, blank=True)
    language = models.CharField(_("language"), max_length=10)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(_("An issued document cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_("An issued document cannot be deleted."))


class Invoice(Document):
    lines = models.JSONField(_("lines"))
    total = MoneyField(_("total"), max_digits=12, decimal_places=2)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["issuer", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="payments_invoice_sequence_once"
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="payments_invoice_not_negative"
            ),
        ]


class CreditNote(Document):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="credit_notes"
    )
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["issuer", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="payments_credit_note_sequence_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_credit_note_positive"
            ),
        ]


class BillingDetails(models.Model):
    """Whom the registrant's invoice is made out to (the registrant may change it)."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="billing"
    )
    name = models.CharField(_("billed to"), max_length=200)
    address = models.TextField(_("billing address"))
    tax_id = models.CharField(_("tax number"), max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("billing details")
        verbose_name_plural = _("billing details")

    def __str__(self):
        return self.name


class PaymentReference(models.Model):
    """The registration's ISO 11649 creditor reference (RF…), quoted with a bank transfer.

    ``body`` is the part after "RF" and the check digits, without leading zeros: the key a
    statement's reference is matched on, however it was typed.
    """

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="payment_reference"
    )
    body = models.CharField(max_length=21, unique=True)

    class Meta:
        verbose_name = _("payment reference")
        verbose_name_plural = _("payment references")

    def __str__(self):
        from twinning.payments.reference import reference_format

        return reference_format(self.body)


class BankStatement(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        CAMT053 = "camt053", _("CAMT.053 (XML)")

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="bank_statements",
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file_name = models.CharField(_("file"), max_length=200)
    file_hash = models.CharField(_("SHA-256"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows imported before"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return self.file_name


class BankRow(models.Model):
    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        UNMATCHED = "unmatched", _("To match by hand")
        IGNORED = "ignored", _("Ignored")

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="rows")
    booking_date = models.DateField(_("booked"))
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    counterparty = models.CharField(_("from"), max_length=200, blank=True)
    raw = models.JSONField(_("as in the statement"))
    # The same booking imported again (another file, or the same one) is recognised by it.
    fingerprint = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_rows",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bank statement row")
        verbose_name_plural = _("bank statement rows")
        ordering = ["booking_date", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.booking_date} {self.amount} {self.reference}"


class Payment(models.Model):
    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CARD = "card", _("Card")
        MANUAL = "manual", _("Recorded by a coordinator")

    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    received_at = models.DateTimeField(_("received"))
    bank_row = models.OneToOneField(
        BankRow, on_delete=models.PROTECT, null=True, blank=True, related_name="payment"
    )
    # A provider's or bank's id for the payment: the same payment is never counted twice.
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_payment_positive"
            )
        ]

    def __str__(self):
        return f"{self.registration}: {self.amount}"


class InvoiceToFollow(models.Model):
    """A coordinator confirmed the registration before payment (a payer who pays late)."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="invoice_to_follow"
    )
    note = models.CharField(_("why"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed, invoice to follow")
        verbose_name_plural = _("confirmed, invoice to follow")

    def __str__(self):
        return str(self.registration)


class RefundQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("Refund rows are never updated")

    def delete(self):
        raise Immutable("Refund rows are never deleted")


class Refund(models.Model):
    """Money that went back out to the registrant: "paid" is payments less refunds.

    Written only by ``payments.services.refund_record`` (the cards app calls it for a
    Stripe refund); never changed nor deleted, like the documents. ``external_id`` is the
    provider's refund id, or for a bank transfer the key of the form that asked for it: a
    refund asked twice (a double click, a webhook repeated) is recorded once.
    """

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CARD = "card", _("Card")

    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    external_id = models.CharField(_("refund id"), max_length=255, unique=True)
    credit_note = models.OneToOneField(
        CreditNote,
        verbose_name=_("credit note"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refund",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    refunded_at = models.DateTimeField(_("refunded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = RefundQuerySet.as_manager()

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["refunded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_refund_positive"
            )
        ]

    def __str__(self):
        return f"{self.registration}: −{self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(_("A recorded refund cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_("A recorded refund cannot be deleted."))
