"""Writing exchange records as CSV or JSON files in the import format (docs/import-format.md).

The export of the archive imports again as all "unchanged": both sides share the format
definitions of importing/formats.py.
"""

import csv
import io
import json
from typing import Any

from django.db.models import Prefetch, QuerySet

from twinning.accounts.rules import may
from twinning.core.translation_fields import field_names
from twinning.exchanges.importing.formats import (
    CSV_COLUMNS,
    FORMAT_ID,
    LIST_SEPARATOR,
    TEXT_COLUMNS,
    amount_text,
    csv_cell_escape,
    partial_date_text,
)
from twinning.exchanges.models import Exchange, Participation


def exchanges_for_export(*, user) -> QuerySet[Exchange]:
    """Every record the user may see: all of them for the back office, else the public ones."""
    if may(user, "exchanges.view_exchange"):
        return Exchange.objects.all()
    return Exchange.objects.public()


def _prepared(queryset: QuerySet[Exchange]) -> QuerySet[Exchange]:
    return (
        queryset.select_related("relationship", "category")
        .prefetch_related(
            "organisations",
            Prefetch("participations", queryset=Participation.objects.select_related("person")),
            "quantities",
            "sources",
        )
        .order_by("key")
    )


def _text(value: str | None) -> str:
    return value or ""


def _quantity_record(quantity) -> dict[str, Any]:
    if quantity.money is not None:
        record: dict[str, Any] = {
            "amount": amount_text(quantity.money.amount),
            "currency": quantity.money.currency.code,
        }
        items = _texts(quantity, "item")
        record.update({name: value for name, value in items.items() if value})
        return record
    return {"count": quantity.count, **_texts(quantity, "item")}


def _texts(obj, field: str) -> dict[str, str]:
    return {name: _text(getattr(obj, name)) for name in field_names(field)}


def exchange_record(exchange: Exchange) -> dict[str, Any]:
    """One record as the JSON format writes it (the CSV format leaves out the last two keys)."""
    record: dict[str, Any] = {
        "key": exchange.key,
        "relationship": exchange.relationship.slug,
        "category": exchange.category.slug,
        "direction": exchange.direction,
        "date_start": partial_date_text(exchange.date_start, exchange.date_precision),
        "date_end": partial_date_text(exchange.date_end, exchange.date_precision),
    }
    record.update({column: _text(getattr(exchange, column)) for column in TEXT_COLUMNS})
    record["organisations"] = sorted(o.slug for o in exchange.organisations.all())
    record["people"] = [p.person.slug for p in exchange.participations.all()]
    record["status"] = exchange.status
    record["quantities"] = [_quantity_record(q) for q in exchange.quantities.all()]
    record["sources"] = [
        {**_texts(source, "title"), "url": source.url} for source in exchange.sources.all()
    ]
    return record


def exchanges_export_csv(*, queryset: QuerySet[Exchange]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet software reads the Chinese text right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for exchange in _prepared(queryset):
        record = exchange_record(exchange)
        record["organisations"] = LIST_SEPARATOR.join(record["organisations"])
        record["people"] = LIST_SEPARATOR.join(record["people"])
        writer.writerow([csv_cell_escape(record[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def exchanges_export_json(*, queryset: QuerySet[Exchange]) -> bytes:
    document = {
        "format": FORMAT_ID,
        "records": [exchange_record(exchange) for exchange in _prepared(queryset)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
