"""Public reads: the archive and the public programme, as the pages show them.

Each list reuses the apps' public selectors (hidden people and organisations, unpublished
or hidden records, draft delegations and closed sessions never appear) and is paginated
by (modified_at, id) with an opaque cursor.
"""

import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field as F
from ninja import Query, Router, Schema

from twinning.api import schemas
from twinning.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from twinning.api.schemas import Slug
from twinning.cities import selectors as cities
from twinning.cities.models import City
from twinning.delegations import selectors as delegations
from twinning.delegations.models import Delegation
from twinning.exchanges import selectors as exchanges
from twinning.exchanges.models import Exchange
from twinning.people import selectors as people

router = Router(tags=["public"])


class Paging(Schema):
    cursor: str | None = F(None, max_length=500, description="From the previous page.")
    limit: int = F(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    modified_since: datetime.datetime | None = F(
        None, description="Only what changed after this moment (ISO 8601)."
    )


def _page(queryset, paging: Paging, field: str = "modified_at"):
    page = paginate(
        queryset,
        cursor=paging.cursor,
        limit=paging.limit,
        modified_since=paging.modified_since,
        field=field,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/relationships", response=schemas.RelationshipList)
def relationship_list(request, paging: Query[Paging]):
    return _page(cities.relationship_list(), paging)


@router.get("/relationships/{slug}", response=schemas.RelationshipOut)
def relationship_detail(request, slug: Slug):
    return get_object_or_404(cities.relationship_list(), slug=slug)


@router.get("/cities", response=schemas.CityList)
def city_list(request, paging: Query[Paging]):
    return _page(City.objects.all(), paging)


@router.get("/cities/{slug}", response=schemas.CityOut)
def city_detail(request, slug: Slug):
    return cities.city_get(slug=slug)


class ExchangeFilters(Paging):
    relationship: Slug | None = None
    category: Slug | None = None
    city: Slug | None = F(None, description="Records of either city of a relationship.")
    year: int | None = F(None, ge=1, le=9999)
    year_from: int | None = F(None, ge=1, le=9999)
    year_to: int | None = F(None, ge=1, le=9999)
    direction: Exchange.Direction | None = None


@router.get("/exchanges", response=schemas.ExchangeList)
def exchange_list(request, filters: Query[ExchangeFilters]):
    records = exchanges.exchange_filter(
        filters=exchanges.ExchangeFilters(
            relationship=filters.relationship or "",
            category=filters.category or "",
            year_from=filters.year if filters.year is not None else filters.year_from,
            year_to=filters.year if filters.year is not None else filters.year_to,
            direction=filters.direction or "",
        )
    )
    if filters.city:
        records = records.filter(
            Q(relationship__city_a__slug=filters.city) | Q(relationship__city_b__slug=filters.city)
        )
    return _page(records, filters, field="updated_at")


@router.get("/exchanges/{key}", response=schemas.ExchangeOut)
def exchange_detail(request, key: Slug):
    return exchanges.exchange_get_public(key=key)


@router.get("/people", response=schemas.PersonList)
def person_list(request, paging: Query[Paging]):
    return _page(people.people_public(), paging)


@router.get("/people/{slug}", response=schemas.PersonOut)
def person_detail(request, slug: Slug):
    return people.person_get(slug=slug)


@router.get("/organisations", response=schemas.OrganisationList)
def organisation_list(request, paging: Query[Paging]):
    return _page(people.organisations_public(), paging)


@router.get("/organisations/{slug}", response=schemas.OrganisationOut)
def organisation_detail(request, slug: Slug):
    return people.organisation_get(slug=slug)


class DelegationFilters(Paging):
    relationship: Slug | None = None
    status: Delegation.Status | None = None


@router.get("/delegations", response=schemas.DelegationList)
def delegation_list(request, filters: Query[DelegationFilters]):
    found = delegations.delegation_list_public()
    if filters.relationship:
        found = found.filter(relationship__slug=filters.relationship)
    if filters.status:
        found = found.filter(status=filters.status)
    return _page(found, filters)


@router.get("/delegations/{slug}", response=schemas.DelegationOut)
def delegation_detail(request, slug: Slug):
    return get_object_or_404(delegations.delegation_list_public(), slug=slug)


class SessionFilters(Paging):
    delegation: Slug | None = None


@router.get("/sessions", response=schemas.SessionList)
def session_list(request, filters: Query[SessionFilters]):
    found = delegations.session_list_public()
    if filters.delegation:
        found = found.filter(delegation__slug=filters.delegation)
    return _page(found, filters)


@router.get("/sessions/{session_id}", response=schemas.SessionOut)
def session_detail(request, session_id: schemas.Id):
    return get_object_or_404(delegations.session_list_public(), pk=session_id)
