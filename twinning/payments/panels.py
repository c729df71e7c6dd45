"""What the payments app puts into other apps' pages and rules (through their registries)."""

from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from twinning.accounts.rules import may, system_actor
from twinning.payments import selectors
from twinning.payments.models import PaymentReference
from twinning.payments.reference import reference_body
from twinning.registrations.exports import Column
from twinning.registrations.models import Registration
from twinning.registrations.services import refund_if_cancelled

CENT = Decimal("0.01")


def registration_detail(request: HttpRequest, registration) -> str:
    """The "my registration" part: paid and due, how to pay, invoices and credit notes."""
    if not may(request.user, "payments.see_account", registration):
        return ""
    if not registration.total.amount:
        return ""
    account = selectors.account(registration, today=timezone.localdate())
    owing = registration.status in ("awaiting_payment", "confirmed")
    if not owing and not account.paid.amount and not account.invoices and not account.refunds:
        return ""
    return render_to_string(
        "payments/includes/account.html",
        {
            "account": account,
            "owing": owing,
            # What cancelling today would give back, by the schedule copied at sign-up.
            "refund_today": refund_if_cancelled(
                registration, paid=account.paid, on=timezone.localdate()
            )
            if owing and account.paid.amount
            else None,
            "delegation": registration.delegation,
            "coordinates": may(request.user, "payments.record_payment", registration),
        },
        request=request,
    )


def export_columns(registrations: QuerySet) -> tuple[QuerySet, list[Column]]:
    """Paid and due in the registrations export, from one annotation (no query per row)."""

    def paid(registration) -> Decimal:
        # SQLite sums to an integral Decimal: cents always, as the total has them.
        return Decimal(registration.paid_amount).quantize(CENT)

    def due(registration) -> Decimal:
        return max(registration.total.amount - paid(registration), Decimal(0)).quantize(CENT)

    return selectors.with_paid(registrations), [Column(_("Paid"), paid), Column(_("Due"), due)]


def keep_paid_holds(overdue: QuerySet) -> QuerySet:
    """A registration with a part paid is not released at its deadline: the balance is due.

    What was paid counts less what was refunded: a hold refunded in full is released.
    """
    return overdue.exclude(
        pk__in=selectors.with_paid(Registration.objects.filter(pk__in=overdue.values("pk")))
        .filter(paid_amount__gt=0)
        .values("pk")
    )


def reference_on_registration(sender, instance, created, raw=False, **kwargs) -> None:
    """Every registration gets its payment reference when it is made."""
    if raw:
        return
    if created:
        PaymentReference.objects.get_or_create(
            registration=instance, defaults={"body": reference_body(instance.pk).lstrip("0")}
        )
    if instance.status == Registration.Status.AWAITING_PAYMENT and instance.total.amount:
        from twinning.payments.services import payment_instructions_send

        payment_instructions_send(registration=instance, actor=system_actor())


def desk_link(request: HttpRequest, delegation) -> str:
    """On the delegation page, the way to the payments desk for its coordinators."""
    if not may(request.user, "payments.import_statement", delegation):
        return ""
    return format_html(
        '<p class="payments-desk"><a href="{}">{}</a></p>',
        reverse("payments:desk", kwargs={"slug": delegation.slug}),
        _("Payments desk"),
    )
