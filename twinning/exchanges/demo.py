"""Load the Seattle–Chongqing demo exchange archive (idempotent).

Runs after ``twinning.cities.demo.load()``: the records belong to the relationship that
loader creates. Categories, organisations and people are keyed by slug, records by key;
a record's people, figures and sources are replaced by what the file says, so a second
load changes nothing and an entry taken out of the file disappears from its record.
"""

import datetime
from collections import defaultdict
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from twinning.cities.models import City, Relationship
from twinning.core.dates import DatePrecision
from twinning.core.translation_fields import localized_values
from twinning.exchanges.models import Category, Exchange, Participation, Quantity, Source
from twinning.people.models import Appointment, Organisation, Person
from twinning.search.services import search_index_rebuild

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


def _translated(record: dict, *fields: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in fields:
        values |= localized_values(field, record.get(field))
    return values


def _partial_date(value) -> tuple[datetime.date, str]:
    """2009 → year, "2012-03" → month, a date → day."""
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, int):
        return datetime.date(value, 1, 1), DatePrecision.YEAR
    if isinstance(value, str):
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
    raise ValueError(f"Not a date: {value!r}")


def demo_dates(value) -> dict:
    """The date fields of a record from its `date:` (a date, a [start, end] range or null)."""
    if value is None:
        return {"date_start": None, "date_end": None, "date_precision": DatePrecision.UNKNOWN}
    if isinstance(value, list):
        (start, precision), (end, end_precision) = (_partial_date(v) for v in value)
        if precision != end_precision:
            raise ValueError(f"Both ends of a range must be equally precise: {value!r}")
        return {"date_start": start, "date_end": end, "date_precision": precision}
    start, precision = _partial_date(value)
    return {"date_start": start, "date_end": None, "date_precision": precision}


def _categories(records: list[dict]) -> dict[str, Category]:
    categories = {}
    for record in records:
        category, _created = Category.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "colour": record["colour"],
                "position": record["position"],
                **_translated(record, "name"),
            },
        )
        categories[category.slug] = category
    return categories


def _organisations(records: list[dict]) -> dict[str, Organisation]:
    cities = {city.slug: city for city in City.objects.all()}
    organisations = {}
    for record in records:
        organisation, _created = Organisation.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "kind": record["kind"],
                "city": cities[record["city"]] if record.get("city") else None,
                "website": record.get("website", ""),
                **_translated(record, "name", "description"),
            },
        )
        organisations[organisation.slug] = organisation
    return organisations


def _people(
    records: list[dict], organisations: dict[str, Organisation]
) -> tuple[dict[str, Person], dict[tuple[str, str], Appointment]]:
    """People and their offices; offices are matched by their order in the file."""
    people = {}
    offices: dict[tuple[str, str], Appointment] = {}
    for record in records:
        person, _created = Person.objects.update_or_create(
            slug=record["slug"], defaults=_translated(record, "name", "description")
        )
        people[person.slug] = person
        existing = list(person.appointments.order_by("pk"))
        wanted = record.get("appointments") or []
        for index, item in enumerate(wanted):
            appointment = existing[index] if index < len(existing) else Appointment(person=person)
            appointment.organisation = (
                organisations[item["organisation"]] if item.get("organisation") else None
            )
            appointment.start_year = item.get("start_year")
            appointment.end_year = item.get("end_year")
            for field, text in _translated(item, "office").items():
                setattr(appointment, field, text)
            appointment.save()
            offices[(person.slug, item["office"]["en"])] = appointment
        for stale in existing[len(wanted) :]:
            stale.delete()
    return people, offices


def _exchange(record: dict, *, relationship: Relationship, category: Category) -> Exchange:
    published_at = (
        Exchange.objects.filter(key=record["key"]).values_list("published_at", flat=True).first()
    )
    exchange, _created = Exchange.objects.update_or_create(
        key=record["key"],
        defaults={
            "relationship": relationship,
            "category": category,
            "direction": record["direction"],
            **demo_dates(record["date"]),
            **_translated(record, "title", "summary", "places"),
            "status": Exchange.Status.PUBLISHED,
            "published_at": published_at or timezone.now(),
        },
    )
    return exchange


def _participations(
    exchange: Exchange,
    records: list[dict],
    people: dict[str, Person],
    offices: dict[tuple[str, str], Appointment],
) -> None:
    for position, record in enumerate(records):
        person = people[record["person"]]
        office = record.get("office")
        if office is not None and (person.slug, office) not in offices:
            raise ValueError(f"{exchange.key}: {person.slug} never held the office {office!r}")
        Participation.objects.update_or_create(
            exchange=exchange,
            person=person,
            defaults={
                "appointment": offices[(person.slug, office)] if office else None,
                "position": position,
                **_translated(record, "role"),
            },
        )
    exchange.participations.exclude(person__slug__in=[r["person"] for r in records]).delete()


def _quantities(exchange: Exchange, records: list[dict]) -> None:
    for position, record in enumerate(records):
        money = record.get("money")
        Quantity.objects.update_or_create(
            exchange=exchange,
            position=position,
            defaults={
                "money": Money(money["amount"], money["currency"]) if money else None,
                "count": record.get("count"),
                **_translated(record, "item"),
            },
        )
    exchange.quantities.filter(position__gte=len(records)).delete()


def _sources(exchange: Exchange, records: list[dict]) -> None:
    for position, record in enumerate(records):
        Source.objects.update_or_create(
            exchange=exchange,
            position=position,
            defaults={"url": record.get("url", ""), **_translated(record, "title")},
        )
    exchange.sources.filter(position__gte=len(records)).delete()


def _related(exchanges: dict[str, Exchange], records: list[dict]) -> None:
    """Links go both ways, so a record's links are those it names and those naming it."""
    links: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for other in record.get("related") or []:
            if other not in exchanges:
                raise ValueError(f"{record['key']}: unknown related record {other!r}")
            links[record["key"]].add(other)
            links[other].add(record["key"])
    for key, exchange in exchanges.items():
        exchange.related.set([exchanges[other] for other in sorted(links[key])])


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    relationship = Relationship.objects.get(slug=data["relationship"])
    categories = _categories(data["categories"])
    organisations = _organisations(data["organisations"])
    people, offices = _people(data["people"], organisations)

    exchanges: dict[str, Exchange] = {}
    for record in data["exchanges"]:
        exchange = _exchange(
            record, relationship=relationship, category=categories[record["category"]]
        )
        exchanges[exchange.key] = exchange
        exchange.organisations.set(
            [organisations[slug] for slug in record.get("organisations") or []]
        )
        _participations(exchange, record.get("participants") or [], people, offices)
        _quantities(exchange, record.get("quantities") or [])
        _sources(exchange, record.get("sources") or [])
    _related(exchanges, data["exchanges"])

    indexed = search_index_rebuild()
    return {
        "categories": len(categories),
        "organisations": len(organisations),
        "people": len(people),
        "exchanges": len(exchanges),
        "participations": Participation.objects.filter(exchange__in=exchanges.values()).count(),
        "quantities": Quantity.objects.filter(exchange__in=exchanges.values()).count(),
        "sources": Source.objects.filter(exchange__in=exchanges.values()).count(),
        "indexed": indexed,
    }
