"""Checking one row of an import on its own: what it gives, and every problem it has.

:func:`check_row` returns the row's values (model objects for slugs, dates with their
precision) and its problems; nothing here writes. A value is in ``values`` only when the
row gives its column, because a column left out keeps what the record holds.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.translation import gettext as _

from twinning.cities.models import Relationship
from twinning.core.dates import DatePrecision
from twinning.exchanges.importing.formats import (
    DATE_FORMS,
    JSON_KEYS,
    KEY_LIMIT,
    LIST_SEPARATOR,
    TEXT_COLUMNS,
    TEXT_LIMITS,
    partial_date_parse,
)
from twinning.exchanges.importing.parts import Cells, quantities, sources
from twinning.exchanges.models import Category, Exchange
from twinning.people.models import Organisation, Person

Status = Exchange.Status


class Lookups:
    """Slug → object, fetched once per import."""

    def __init__(self):
        self.relationships = Relationship.objects.in_bulk(field_name="slug")
        self.categories = Category.objects.in_bulk(field_name="slug")
        self._found: dict[type[models.Model], dict[str, Any]] = {Organisation: {}, Person: {}}

    def many(self, model: type[models.Model], slugs: list[str]) -> dict[str, Any]:
        found = self._found[model]
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            objects = model.objects.in_bulk(missing, field_name="slug")
            found.update({slug: objects.get(slug) for slug in missing})
        return {slug: found[slug] for slug in slugs}


@dataclass
class CheckedRow:
    values: dict[str, Any] = field(default_factory=dict)
    # The status the row asks for ("" when it gives none).
    status: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.values["key"]


def check_row(data: dict[str, Any], lookups: Lookups) -> CheckedRow:
    cells = Cells(data)
    row = CheckedRow(errors=cells.errors)
    values = row.values
    for name in data:
        if name not in JSON_KEYS:
            cells.errors.append(_("Unknown field “%(name)s”.") % {"name": name})
    values["key"] = _key(cells)
    _foreign_key(cells, values, "relationship", lookups.relationships)
    _foreign_key(cells, values, "category", lookups.categories)
    _direction(cells, values)
    _dates(cells, values)
    for column in TEXT_COLUMNS:
        if cells.given(column):
            values[column] = cells.text(column, limit=TEXT_LIMITS[column])
    _related(
        cells, values, "organisations", lookups.many(Organisation, _slugs(cells, "organisations"))
    )
    _related(cells, values, "people", lookups.many(Person, _slugs(cells, "people")))
    row.status = _requested_status(cells)
    if (items := quantities(cells)) is not None:
        values["quantities"] = items
    if (items := sources(cells)) is not None:
        values["sources"] = items
    return row


def _key(cells: Cells) -> str:
    key = cells.text("key")
    if not key:
        cells.errors.append(_("The key is missing."))
    elif len(key) > KEY_LIMIT:
        cells.errors.append(_("The key is longer than %(max)s characters.") % {"max": KEY_LIMIT})
    else:
        try:
            validate_slug(key)
        except ValidationError:
            cells.errors.append(
                _("The key “%(key)s” may contain only letters, digits, hyphens and underscores.")
                % {"key": key}
            )
    return key


def _foreign_key(cells: Cells, values: dict, name: str, objects: dict[str, Any]) -> None:
    if not cells.given(name):
        return
    slug = cells.text(name)
    missing = {
        "relationship": _("The relationship is missing."),
        "category": _("The category is missing."),
    }
    unknown = {
        "relationship": _("There is no relationship “%(slug)s”."),
        "category": _("There is no category “%(slug)s”."),
    }
    if not slug:
        cells.errors.append(missing[name])
    elif slug not in objects:
        cells.errors.append(unknown[name] % {"slug": slug})
    else:
        values[name] = objects[slug]


def _direction(cells: Cells, values: dict) -> None:
    if not cells.given("direction"):
        return
    direction = cells.text("direction") or Exchange.Direction.JOINT
    if direction not in Exchange.Direction.values:
        cells.errors.append(
            _("The direction “%(value)s” is not one of %(choices)s.")
            % {"value": direction, "choices": ", ".join(Exchange.Direction.values)}
        )
    else:
        values["direction"] = direction


def _one_date(cells: Cells, value: str, malformed: str, impossible: str):
    """(date, precision), None for an empty value, or False after an error."""
    if not value:
        return None
    try:
        parsed = partial_date_parse(value)
    except ValueError:
        cells.errors.append(impossible % {"value": value})
        return False
    if parsed is None:
        cells.errors.append(malformed % {"value": value})
        return False
    return parsed


def _dates(cells: Cells, values: dict) -> None:
    if not (cells.given("date_start") or cells.given("date_end")):
        return
    start = _one_date(
        cells,
        cells.text("date_start"),
        _("The date “%(value)s” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
        _("The date “%(value)s” does not exist."),
    )
    end = _one_date(
        cells,
        cells.text("date_end"),
        _("The end date “%(value)s” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
        _("The end date “%(value)s” does not exist."),
    )
    if start is False or end is False:
        return
    if start is None:
        if end is not None:
            cells.errors.append(_("An end date needs a start date."))
            return
        values["dates"] = (None, None, DatePrecision.UNKNOWN)
        return
    if end is not None:
        if end[1] != start[1]:
            cells.errors.append(
                _("The end date must be written in the same form as the date (%(form)s).")
                % {"form": DATE_FORMS[start[1]]}
            )
            return
        if end[0] < start[0]:
            cells.errors.append(_("The end date is before the date."))
            return
    values["dates"] = (start[0], end[0] if end else None, start[1])


def _slugs(cells: Cells, name: str) -> list[str]:
    if not cells.given(name):
        return []
    value = cells.data.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(LIST_SEPARATOR)
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        cells.errors.append(
            _("The value of %(column)s must be a list of slugs.") % {"column": name}
        )
        return []
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def _related(cells: Cells, values: dict, name: str, found: dict[str, Any]) -> None:
    if not cells.given(name):
        return
    unknown_message = {
        "organisations": _("There is no organisation “%(slug)s”."),
        "people": _("There is no person “%(slug)s”."),
    }[name]
    unknown = [slug for slug, obj in found.items() if obj is None]
    for slug in unknown:
        cells.errors.append(unknown_message % {"slug": slug})
    if not unknown:
        values[name] = list(found.values())


def _requested_status(cells: Cells) -> str:
    status = cells.text("status") if cells.given("status") else ""
    if status and status not in Status.values:
        cells.errors.append(
            _("The status “%(value)s” is not one of %(choices)s.")
            % {"value": status, "choices": ", ".join(Status.values)}
        )
        return ""
    return status
