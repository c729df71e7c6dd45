"""Load the Seattle–Chongqing demo relationship and city profiles (idempotent)."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from twinning.cities.models import Agreement, City, CityFact, ExchangeRate, Relationship
from twinning.core.translation_fields import localized_values

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


def _translated(record: dict, *fields: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in fields:
        values |= localized_values(field, record.get(field))
    return values


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    cities: dict[str, City] = {}
    for record in data["cities"]:
        city, _created = City.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "time_zone": record["time_zone"],
                "currency": record.get("currency", ""),
                **_translated(record, "name", "country", "region", "summary"),
            },
        )
        cities[city.slug] = city
        for position, fact in enumerate(record.get("facts", [])):
            CityFact.objects.update_or_create(
                city=city,
                position=position,
                defaults={
                    "category": fact["category"],
                    "quantity": fact.get("quantity"),
                    "unit": fact.get("unit", ""),
                    "year": fact.get("year"),
                    **_translated(fact, "text", "source"),
                },
            )
        city.facts.filter(position__gte=len(record.get("facts", []))).delete()
    for record in data.get("exchange_rates", []):
        ExchangeRate.objects.update_or_create(
            from_currency=record["from"],
            to_currency=record["to"],
            valid_from=record["valid_from"],
            defaults={"rate": Decimal(record["rate"]), "source": record.get("source", "")},
        )
    for record in data["relationships"]:
        relationship, _created = Relationship.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "city_a": cities[record["city_a"]],
                "city_b": cities[record["city_b"]],
                "established_on": record["established_on"],
                "established_precision": record["established_precision"],
                **_translated(record, "summary"),
            },
        )
        agreements = record.get("agreements", [])
        for agreement in agreements:
            Agreement.objects.update_or_create(
                relationship=relationship,
                title_en=agreement["title"]["en"],
                defaults={
                    "signed_on": agreement["signed_on"],
                    "signed_precision": agreement["signed_precision"],
                    **_translated(agreement, "title", "summary"),
                },
            )
        relationship.agreements.exclude(
            title_en__in=[a["title"]["en"] for a in agreements]
        ).delete()
    return {"cities": len(cities), "relationships": len(data["relationships"])}
