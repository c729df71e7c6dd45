"""Coordinators' registrations: read, approve, refuse, cancel (registrations services).

Every object goes through the web pages' gate for the token's owner: a registration of a
delegation they do not coordinate answers 404, like the page.
"""

from ninja import Field as F
from ninja import Header, Query, Router

from twinning.api import schemas
from twinning.api.auth import TokenAuth, actor, gate
from twinning.api.idempotency import idempotent
from twinning.api.models import Scope
from twinning.api.routers.public import Paging, _page
from twinning.api.schemas import Id, Slug
from twinning.delegations.models import Delegation
from twinning.registrations import selectors, services
from twinning.registrations.models import Registration

READ = TokenAuth(Scope.REGISTRATIONS_READ)
WRITE = TokenAuth(Scope.REGISTRATIONS_WRITE)
router = Router(tags=["registrations"])

IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    pattern=r"^[\x21-\x7e]{1,255}$",
    description="Repeat a write safely: the same key returns the first answer.",
)


def registration_for(request, registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related("delegation", "user").filter(pk=registration_id).first()
    )
    gate(request, "registrations.see_registration", registration)
    return registration


class RegistrationFilters(Paging):
    status: Registration.Status | None = F(None, description="As the coordinators' page.")


@router.get("/delegations/{slug}/registrations", response=schemas.RegistrationList, auth=READ)
def registration_list(request, slug: Slug, filters: Query[RegistrationFilters]):
    delegation = Delegation.objects.filter(slug=slug).first()
    gate(request, "registrations.manage_registrations", delegation)
    found = selectors.registrations_for_coordinator(
        delegation=delegation, status=filters.status or ""
    ).select_related("delegation")
    return _page(found, filters, field="updated_at")


@router.get("/registrations/{registration_id}", response=schemas.RegistrationOut, auth=READ)
def registration_detail(request, registration_id: Id):
    return registration_for(request, registration_id)


def _decided(request, registration_id: int, key: str | None, *, approve: bool):
    registration = registration_for(request, registration_id)

    def run():
        decided = services.registration_decide(
            registration=registration, actor=actor(request), approve=approve
        )
        return 200, schemas.RegistrationOut.from_orm(decided)

    return idempotent(request, key, run)


WRITE_ANSWERS = {200: schemas.RegistrationOut}


@router.post("/registrations/{registration_id}/approve", response=WRITE_ANSWERS, auth=WRITE)
def registration_approve(
    request, registration_id: Id, idempotency_key: str | None = IdempotencyKey
):
    return _decided(request, registration_id, idempotency_key, approve=True)


@router.post("/registrations/{registration_id}/refuse", response=WRITE_ANSWERS, auth=WRITE)
def registration_refuse(request, registration_id: Id, idempotency_key: str | None = IdempotencyKey):
    return _decided(request, registration_id, idempotency_key, approve=False)


@router.post("/registrations/{registration_id}/cancel", response=WRITE_ANSWERS, auth=WRITE)
def registration_cancel(request, registration_id: Id, idempotency_key: str | None = IdempotencyKey):
    registration = registration_for(request, registration_id)

    def run():
        cancelled = services.registration_cancel(registration=registration, actor=actor(request))
        return 200, schemas.RegistrationOut.from_orm(cancelled)

    return idempotent(request, idempotency_key, run)
