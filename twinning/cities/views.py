from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.cities import selectors
from twinning.cities.models import CityFact
from twinning.exchanges import selectors as exchange_selectors
from twinning.exchanges.selectors import ExchangeFilters
from twinning.exchanges.views import timeline_for

LATEST = 8


def relationship_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cities/relationship_list.html",
        {"relationships": selectors.relationship_list()},
    )


def relationship_detail(request: HttpRequest, slug: str) -> HttpResponse:
    relationship = selectors.relationship_get(slug=slug)
    filters = ExchangeFilters(relationship=relationship.slug)
    categories = list(exchange_selectors.category_list())
    return render(
        request,
        "cities/relationship_detail.html",
        {
            "relationship": relationship,
            "timeline": timeline_for(filters, categories, request),
            "categories": categories,
            "latest": exchange_selectors.exchange_filter(filters=filters)[:LATEST],
        },
    )


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = selectors.city_get(slug=slug)
    labels = dict(CityFact.Category.choices)
    order = list(labels)
    facts = sorted(city.facts.all(), key=lambda f: (order.index(f.category), f.position))
    sections = [
        {"label": labels[category], "facts": list(items)}
        for category, items in groupby(facts, key=lambda f: f.category)
    ]
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "sections": sections,
            "relationships": selectors.relationships_of_city(city=city),
        },
    )
