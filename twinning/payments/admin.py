from django.contrib import admin

from twinning.payments.models import (
    BankRow,
    BankStatement,
    CreditNote,
    Invoice,
    Issuer,
    Payment,
    Refund,
)


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_default"]
    filter_horizontal = ["delegations"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued documents and bank records are looked at here, never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "billing_name", "total", "issued_at"]
    list_select_related = ["issuer"]
    search_fields = ["number", "billing_name"]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "invoice", "amount", "issued_at"]
    list_select_related = ["invoice", "issuer"]
    search_fields = ["number", "invoice__number"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["registration", "amount", "method", "received_at"]
    list_select_related = ["registration__user", "registration__delegation"]


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "delegation", "imported_at", "rows_new", "rows_skipped"]


@admin.register(BankRow)
class BankRowAdmin(ReadOnlyAdmin):
    list_display = ["booking_date", "amount", "reference", "counterparty", "status"]
    list_filter = ["status"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["registration", "amount", "method", "refunded_at"]
    list_select_related = ["registration__user"]
