from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.cities import selectors
from twinning.cities.models import CityFact


def relationship_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cities/relationship_list.html",
        {"relationships": selectors.relationship_list()},
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
