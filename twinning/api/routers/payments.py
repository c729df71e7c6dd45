"""Coordinators' payments: read, and record one (which confirms once paid in full)."""

from django.utils import timezone
from djmoney.money import Money
from ninja import Query, Router

from twinning.api import schemas
from twinning.api.auth import TokenAuth, actor, gate
from twinning.api.idempotency import idempotent
from twinning.api.models import Scope
from twinning.api.routers.public import Paging, _page
from twinning.api.routers.registrations import IdempotencyKey
from twinning.api.schemas import Id, Slug
from twinning.delegations.models import Delegation
from twinning.payments import services
from twinning.payments.models import Payment
from twinning.registrations.models import Registration

READ = TokenAuth(Scope.PAYMENTS_READ)
WRITE = TokenAuth(Scope.PAYMENTS_WRITE)
router = Router(tags=["payments"])


def _payments():
    return Payment.objects.select_related("registration__delegation")


@router.get("/delegations/{slug}/payments", response=schemas.PaymentList, auth=READ)
def payment_list(request, slug: Slug, paging: Query[Paging]):
    delegation = Delegation.objects.filter(slug=slug).first()
    # The payment desk's gate.
    gate(request, "payments.import_statement", delegation)
    return _page(_payments().filter(registration__delegation=delegation), paging)


@router.get("/payments/{payment_id}", response=schemas.PaymentOut, auth=READ)
def payment_detail(request, payment_id: Id):
    payment = _payments().filter(pk=payment_id).first()
    gate(request, "payments.see_account", payment.registration if payment else None)
    return payment


@router.post(
    "/registrations/{registration_id}/payments",
    response={201: schemas.PaymentOut},
    auth=WRITE,
)
def payment_record(
    request,
    registration_id: Id,
    payment: schemas.PaymentIn,
    idempotency_key: str | None = IdempotencyKey,
):
    registration = (
        Registration.objects.select_related("delegation", "user").filter(pk=registration_id).first()
    )
    gate(request, "payments.see_account", registration)

    def run():
        recorded = services.payment_record(
            registration=registration,
            amount=Money(payment.amount, payment.currency),
            actor=actor(request),
            received_at=payment.received_at or timezone.now(),
            external_id=payment.external_id,
            note=payment.note,
        )
        return 201, schemas.PaymentOut.from_orm(recorded)

    return idempotent(request, idempotency_key, run)
