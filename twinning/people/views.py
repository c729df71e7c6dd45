from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.people import selectors


def _by_year(items, date_of):
    return [
        {"year": year, "items": list(group)}
        for year, group in groupby(
            items, key=lambda item: date_of(item).year if date_of(item) else None
        )
    ]


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = selectors.person_get(slug=slug)
    participations = list(selectors.person_exchanges(person=person))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "years": _by_year(participations, lambda p: p.exchange.date_start),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug=slug)
    exchanges = list(selectors.organisation_exchanges(organisation=organisation))
    return render(
        request,
        "people/organisation_detail.html",
        {"organisation": organisation, "years": _by_year(exchanges, lambda e: e.date_start)},
    )
