from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from twinning.exchanges.models import Category, Exchange, Participation
from twinning.people.models import Organisation, Person

# A hidden person or organisation leaves every public page, so the public prefetches drop
# them: record pages, lists, feeds and the search texts all read these.
PARTICIPATIONS = Prefetch(
    "participations",
    queryset=Participation.objects.filter(person__hidden=False).select_related(
        "person", "appointment__organisation"
    ),
)
ORGANISATIONS = Prefetch("organisations", queryset=Organisation.objects.filter(hidden=False))


def exchange_public_list() -> QuerySet[Exchange]:
    """Published, visible records with what a list row shows, in a fixed number of queries."""
    return (
        Exchange.objects.public()
        .select_related("category", "relationship__city_a", "relationship__city_b")
        .prefetch_related(PARTICIPATIONS, ORGANISATIONS)
    )


@dataclass(frozen=True)
class ExchangeFilters:
    relationship: str = ""
    category: str = ""
    year_from: int | None = None
    year_to: int | None = None
    direction: str = ""
    person: str = ""
    organisation: str = ""


def exchange_filter(*, filters: ExchangeFilters) -> QuerySet[Exchange]:
    return _filtered(exchange_public_list(), filters)


def _filtered(records: QuerySet[Exchange], filters: ExchangeFilters) -> QuerySet[Exchange]:
    if filters.relationship:
        records = records.filter(relationship__slug=filters.relationship)
    if filters.category:
        records = records.filter(category__slug=filters.category)
    if filters.year_from is not None:
        records = records.filter(date_start__year__gte=filters.year_from)
    if filters.year_to is not None:
        records = records.filter(date_start__year__lte=filters.year_to)
    if filters.direction:
        records = records.filter(direction=filters.direction)
    if filters.person:
        records = records.filter(
            participations__person__slug=filters.person, participations__person__hidden=False
        )
    if filters.organisation:
        records = records.filter(
            organisations__slug=filters.organisation, organisations__hidden=False
        )
    return records.distinct() if filters.person or filters.organisation else records


def exchange_get_public(*, key: str) -> Exchange:
    related = Prefetch("related", queryset=Exchange.objects.public().select_related("category"))
    records = exchange_public_list().prefetch_related(
        "quantities", "sources", "attachments", related
    )
    return get_object_or_404(records, key=key)


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def timeline_counts(*, filters: ExchangeFilters | None = None) -> list[dict]:
    """Public records counted by year and category: [{"year", "category_id", "count"}]."""
    filters = filters or ExchangeFilters()
    records = _filtered(Exchange.objects.public(), filters)
    # Only the person and organisation filters join rows that can repeat a record.
    joins = bool(filters.person or filters.organisation)
    return list(
        records.filter(date_start__isnull=False)
        .annotate(year=ExtractYear("date_start"))
        .values("year", "category_id")
        .annotate(count=Count("pk", distinct=joins))
        .order_by("year", "category_id")
    )


def person_exchanges(*, person: Person) -> QuerySet[Participation]:
    """The person's part in each public exchange, oldest first, with the office then held."""
    return (
        Participation.objects.filter(person=person, exchange__in=Exchange.objects.public())
        .select_related("exchange__category", "appointment")
        .order_by("exchange__date_start", "exchange__key")
    )


def organisation_exchanges(*, organisation: Organisation) -> QuerySet[Exchange]:
    return organisation.exchanges.public().select_related("category").order_by("date_start", "key")


def undated_count(*, filters: ExchangeFilters) -> int:
    """Public records the filters select that have no date (so no place on the timeline)."""
    return _filtered(Exchange.objects.public(), filters).filter(date_start__isnull=True).count()
