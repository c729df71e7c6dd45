"""The pages of a relationship, a person and an organisation: mostly their exchanges.

They live here, not in `cities` or `people`, because they combine those apps with the
archive, and `exchanges` is the layer above both.
"""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.cities import selectors as city_selectors
from twinning.exchanges import selectors
from twinning.exchanges.selectors import ExchangeFilters
from twinning.exchanges.views import timeline_for
from twinning.people import selectors as people_selectors

LATEST = 8


def _by_year(items, date_of):
    return [
        {"year": year, "items": list(group)}
        for year, group in groupby(
            items, key=lambda item: date_of(item).year if date_of(item) else None
        )
    ]


def relationship_detail(request: HttpRequest, slug: str) -> HttpResponse:
    relationship = city_selectors.relationship_get(slug=slug)
    filters = ExchangeFilters(relationship=relationship.slug)
    categories = list(selectors.category_list())
    return render(
        request,
        "exchanges/relationship_detail.html",
        {
            "relationship": relationship,
            "timeline": timeline_for(filters, categories, request),
            "categories": categories,
            "latest": selectors.exchange_filter(filters=filters)[:LATEST],
        },
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = people_selectors.person_get(slug=slug)
    participations = list(selectors.person_exchanges(person=person))
    return render(
        request,
        "exchanges/person_detail.html",
        {
            "person": person,
            "years": _by_year(participations, lambda p: p.exchange.date_start),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = people_selectors.organisation_get(slug=slug)
    exchanges = list(selectors.organisation_exchanges(organisation=organisation))
    return render(
        request,
        "exchanges/organisation_detail.html",
        {"organisation": organisation, "years": _by_year(exchanges, lambda e: e.date_start)},
    )
