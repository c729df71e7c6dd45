"""Checking the values of a row: text, and the quantities and sources a JSON record lists."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from djmoney.money import Money
from djmoney.settings import CURRENCY_CHOICES

from twinning.exchanges.importing.formats import (
    COUNT_LIMIT,
    ITEM_LIMIT,
    QUANTITY_KEYS,
    SOURCE_KEYS,
    SOURCE_TITLE_LIMIT,
    URL_LIMIT,
    normalised_text,
)

CURRENCIES = frozenset(code for code, _name in CURRENCY_CHOICES)
_validate_url = URLValidator(schemes=["http", "https"])


class Cells:
    """What a row (or one quantity or source of it) gives, and the problems found in it."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.errors: list[str] = []

    def given(self, name: str) -> bool:
        return name in self.data

    def text(self, name: str, *, limit: int | None = None) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.errors.append(_("The value of %(column)s must be text.") % {"column": name})
            return ""
        text = normalised_text(str(value))
        if limit is not None and len(text) > limit:
            self.errors.append(
                _("The value of %(column)s is longer than %(max)s characters.")
                % {"column": name, "max": limit}
            )
        return text


def _list_of_objects(cells: Cells, name: str) -> list | None:
    if not cells.given(name):
        return None
    value = cells.data[name]
    if value is None:
        return []
    if not isinstance(value, list):
        cells.errors.append(_("The value of %(column)s must be a list.") % {"column": name})
        return None
    return value


def _parts(cells: Cells, name: str, prefix: str, known: tuple[str, ...], check) -> list | None:
    """Check each object of the list ``name`` with ``check``; its problems are the row's,
    with ``prefix`` ("Quantity 2: …")."""
    items = _list_of_objects(cells, name)
    if items is None:
        return None
    checked = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            cells.errors.append(prefix % {"number": number, "problem": _("It is not an object.")})
            continue
        part = Cells(item)
        for field_name in item:
            if field_name not in known:
                part.errors.append(_("Unknown field “%(name)s”.") % {"name": field_name})
        checked.append(check(part))
        cells.errors.extend(
            prefix % {"number": number, "problem": problem} for problem in part.errors
        )
    return checked


def quantities(cells: Cells) -> list[dict[str, Any]] | None:
    """The row's quantities, or None when it gives none (the stored ones stay)."""
    return _parts(
        cells, "quantities", _("Quantity %(number)s: %(problem)s"), QUANTITY_KEYS, _quantity
    )


def sources(cells: Cells) -> list[dict[str, Any]] | None:
    """The row's sources, or None when it gives none (the stored ones stay)."""
    return _parts(cells, "sources", _("Source %(number)s: %(problem)s"), SOURCE_KEYS, _source)


def _quantity(part: Cells) -> dict[str, Any]:
    """One quantity: a sum of money or a count of items."""
    data = part.data
    quantity: dict[str, Any] = {
        "money": None,
        "count": None,
        "item_en": part.text("item_en", limit=ITEM_LIMIT),
        "item_zh_hans": part.text("item_zh_hans", limit=ITEM_LIMIT),
    }
    has_money = data.get("amount") is not None or data.get("currency") is not None
    has_count = data.get("count") is not None
    if has_money == has_count:
        part.errors.append(
            _("Give either an amount and a currency, or a count (and what was counted).")
        )
        return quantity
    if has_count:
        quantity["count"] = _count(part, data["count"])
        return quantity
    amount = _amount(part, data.get("amount"))
    currency = part.text("currency").upper()
    if currency not in CURRENCIES:
        part.errors.append(
            _("The currency “%(value)s” is not a known ISO 4217 currency code.")
            % {"value": currency}
        )
    elif amount is not None:
        quantity["money"] = Money(amount, currency)
    return quantity


def _amount(part: Cells, value: Any) -> Decimal | None:
    problem = _(
        "The amount “%(value)s” is not a number with at most 2 decimal places and "
        "14 digits before the decimal point."
    )
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        part.errors.append(problem % {"value": value if value is not None else ""})
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        part.errors.append(problem % {"value": value})
        return None
    _sign, digits, exponent = amount.as_tuple()
    digits = list(digits)
    # Trailing zeros after the point do not count: 12.500 has two decimal places.
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if -exponent > 2 or len(digits) + exponent > 14:
        part.errors.append(problem % {"value": value})
        return None
    return amount


def _count(part: Cells, value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= COUNT_LIMIT:
        part.errors.append(
            _("The count “%(value)s” is not a whole number from 0 to %(max)s.")
            % {"value": value, "max": COUNT_LIMIT}
        )
        return None
    return value


def _source(part: Cells) -> dict[str, Any]:
    source = {
        "title_en": part.text("title_en", limit=SOURCE_TITLE_LIMIT),
        "title_zh_hans": part.text("title_zh_hans", limit=SOURCE_TITLE_LIMIT),
        "url": part.text("url", limit=URL_LIMIT),
    }
    if not (source["title_en"] or source["title_zh_hans"]):
        part.errors.append(_("A title is required, in English or in Chinese."))
    if source["url"]:
        try:
            _validate_url(source["url"])
        except ValidationError:
            part.errors.append(
                _("The address “%(value)s” is not a valid web address.") % {"value": source["url"]}
            )
    return source
