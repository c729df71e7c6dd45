"""Comparing a checked row with the stored record: which of the row's columns differ."""

from typing import Any

from djmoney.money import Money

from twinning.exchanges.importing.formats import TEXT_COLUMNS, normalised_text, partial_date_text
from twinning.exchanges.models import Exchange


def _quantity(money: Money | None, count, item_en, item_zh_hans) -> tuple:
    return (
        money.amount if money is not None else None,
        money.currency.code if money is not None else None,
        count,
        normalised_text(item_en),
        normalised_text(item_zh_hans),
    )


def _source(title_en, title_zh_hans, url) -> tuple:
    return normalised_text(title_en), normalised_text(title_zh_hans), url


def _dates(start, end, precision) -> tuple[str, str]:
    # As the file writes them: 2012-03-01 at month precision is the same date as 2012-03-09.
    return partial_date_text(start, precision), partial_date_text(end, precision)


def _row_value(name: str, value: Any) -> Any:
    if name in ("relationship", "category"):
        return value.pk
    if name == "dates":
        return _dates(*value)
    if name == "organisations":
        return frozenset(obj.pk for obj in value)
    if name == "people":
        return tuple(obj.pk for obj in value)
    if name == "quantities":
        return tuple(
            _quantity(q["money"], q["count"], q["item_en"], q["item_zh_hans"]) for q in value
        )
    if name == "sources":
        return tuple(_source(s["title_en"], s["title_zh_hans"], s["url"]) for s in value)
    if name in TEXT_COLUMNS:
        return normalised_text(value)
    return value


def row_comparable(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _row_value(name, value) for name, value in values.items()}


def stored_comparable(exchange: Exchange) -> dict[str, Any]:
    comparable: dict[str, Any] = {
        "key": exchange.key,
        "relationship": exchange.relationship_id,
        "category": exchange.category_id,
        "direction": exchange.direction,
        "dates": _dates(exchange.date_start, exchange.date_end, exchange.date_precision),
        "organisations": frozenset(o.pk for o in exchange.organisations.all()),
        "people": tuple(p.person_id for p in exchange.participations.all()),
        "quantities": tuple(
            _quantity(q.money, q.count, q.item_en, q.item_zh_hans)
            for q in exchange.quantities.all()
        ),
        "sources": tuple(
            _source(s.title_en, s.title_zh_hans, s.url) for s in exchange.sources.all()
        ),
    }
    comparable.update(
        {column: normalised_text(getattr(exchange, column)) for column in TEXT_COLUMNS}
    )
    return comparable


def changed_columns(values: dict[str, Any], exchange: Exchange | None) -> set[str]:
    """The row's columns whose values differ from the stored record (all, for a new one)."""
    wanted = row_comparable(values)
    if exchange is None:
        return set(wanted)
    stored = stored_comparable(exchange)
    return {name for name, value in wanted.items() if stored[name] != value}
