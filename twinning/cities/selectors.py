import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from twinning.cities.models import City, CityFact, ExchangeRate, Relationship


def relationship_list() -> QuerySet[Relationship]:
    return Relationship.objects.select_related("city_a", "city_b")


def relationship_get(*, slug: str) -> Relationship:
    return get_object_or_404(relationship_list().prefetch_related("agreements"), slug=slug)


def city_get(*, slug: str) -> City:
    facts = CityFact.objects.order_by("position", "pk")
    return get_object_or_404(
        City.objects.prefetch_related(Prefetch("facts", queryset=facts)), slug=slug
    )


def relationships_of_city(*, city: City) -> QuerySet[Relationship]:
    return relationship_list().filter(Q(city_a=city) | Q(city_b=city))


def rate_on(from_currency: str, to_currency: str, on: datetime.date) -> ExchangeRate | None:
    """The rate in force on ``on``: the latest one for the pair valid from then or before."""
    return (
        ExchangeRate.objects.filter(
            from_currency=from_currency, to_currency=to_currency, valid_from__lte=on
        )
        .order_by("-valid_from")
        .first()
    )
