"""Importing exchange records from CSV or JSON files (docs/import-format.md).

The parsers turn a file into rows, or refuse the whole file with one message
(:class:`ImportFileError`). :func:`exchanges_import` then checks every row on its own: a
row with problems is reported and skipped, the others are saved, each in its own
savepoint and as its own django-reversion revision. Rows are matched on ``key``, so
importing the same file again duplicates nothing and reports the rows "unchanged".
"""

import csv
import datetime
import io
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from djmoney.money import Money
from djmoney.settings import CURRENCY_CHOICES

from twinning.accounts.models import User
from twinning.accounts.rules import may
from twinning.cities.models import Relationship
from twinning.core.dates import DatePrecision
from twinning.exchanges.exporting import (
    CSV_COLUMNS,
    FORMAT_ID,
    JSON_KEYS,
    LIST_SEPARATOR,
    TEXT_COLUMNS,
    csv_cell_unescape,
    partial_date_text,
)
from twinning.exchanges.models import Category, Exchange, Participation, Quantity, Source
from twinning.people.models import Organisation, Person
from twinning.search.services import search_index_update

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_FILE_SIZE_MB = MAX_FILE_SIZE // (1024 * 1024)

Status = Exchange.Status

TEXT_LIMITS = {
    "title_en": 300,
    "title_zh_hans": 300,
    "summary_en": None,
    "summary_zh_hans": None,
    "places_en": 300,
    "places_zh_hans": 300,
}
KEY_LIMIT = 100
ITEM_LIMIT = 200
SOURCE_TITLE_LIMIT = 300
URL_LIMIT = 200
COUNT_LIMIT = 2147483647
QUANTITY_KEYS = ("amount", "currency", "count", "item_en", "item_zh_hans")
SOURCE_KEYS = ("title_en", "title_zh_hans", "url")
CURRENCIES = frozenset(code for code, _name in CURRENCY_CHOICES)
DATE_FORMS = {
    DatePrecision.YEAR: "YYYY",
    DatePrecision.MONTH: "YYYY-MM",
    DatePrecision.DAY: "YYYY-MM-DD",
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_validate_url = URLValidator(schemes=["http", "https"])


class ImportFileError(Exception):
    """The whole file is refused; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("Created")
    UPDATED = "updated", gettext_lazy("Updated")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    FAILED = "failed", gettext_lazy("Failed")


@dataclass
class ImportRow:
    """One record of the file: ``number`` is the row the user sees (CSV: the header is row 1;
    JSON: the position in "records", from 1)."""

    number: int
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class RowResult:
    row: int
    key: str
    outcome: Outcome
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [*self.errors, *self.warnings]


@dataclass
class ImportReport:
    source_name: str
    rows: list[RowResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def summary(self) -> list[tuple[Outcome, int]]:
        return [(outcome, self.count(outcome)) for outcome in Outcome]

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)

    @property
    def has_failures(self) -> bool:
        return self.failed > 0


# --- Parsing files -------------------------------------------------------------------------


def _too_large() -> ImportFileError:
    return ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB})


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_SIZE:
        raise _too_large()
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if b"\x00" in data:
        raise ImportFileError(
            _("The file is not a text file. Save it as CSV (UTF-8) or JSON and try again.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (the first bad byte is at position %(position)s). "
                "Save it as CSV (UTF-8) or JSON and try again."
            )
            % {"position": exc.start + 1}
        ) from None
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    return text


def _no_records() -> ImportFileError:
    return ImportFileError(_("The file contains no records."))


def rows_from_csv(data: bytes) -> list[ImportRow]:
    """Rows of a CSV file with a header row (comma- or semicolon-separated)."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[ImportRow] = []
    try:
        header = next(reader, [])
        columns = _csv_header(header)
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                rows.append(
                    ImportRow(
                        number,
                        {"key": _cell(cells, columns.index("key"))},
                        [
                            _(
                                "The number of cells in this row (%(cells)s) differs from "
                                "the header (%(columns)s)."
                            )
                            % {"cells": len(cells), "columns": len(columns)}
                        ],
                    )
                )
                continue
            rows.append(
                ImportRow(
                    number,
                    {
                        column: csv_cell_unescape(cell)
                        for column, cell in zip(columns, cells, strict=True)
                    },
                )
            )
    except csv.Error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s (check the quotation marks).")
            % {"line": reader.line_num}
        ) from None
    if not rows:
        raise _no_records()
    return rows


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _csv_header(header: list[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    if not any(columns):
        raise ImportFileError(_("The first row must be the header with the column names."))
    for position, name in enumerate(columns, start=1):
        if not name:
            raise ImportFileError(
                _("Column %(number)s of the header has no name.") % {"number": position}
            )
        if columns.count(name) > 1:
            raise ImportFileError(
                _("The column %(column)s appears more than once in the header.") % {"column": name}
            )
    unknown = [name for name in columns if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(
            _("The header has unknown columns: %(columns)s. The known columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(CSV_COLUMNS)}
        )
    if "key" not in columns:
        raise ImportFileError(_("The header has no %(column)s column.") % {"column": "key"})
    return columns


def _reject_constant(name: str):
    raise ValueError(name)


def rows_from_json(data: bytes) -> list[ImportRow]:
    """Rows of a JSON file: {"format": "twinning.exchanges/1", "records": [...]}."""
    text = _decode(data)
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid JSON: error at line %(line)s, column %(column)s.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from None
    except (ValueError, RecursionError):
        raise ImportFileError(_("The file is not valid JSON.")) from None
    shape = _("The file must be a JSON object with “format” and “records”.")
    if not isinstance(document, dict):
        raise ImportFileError(shape)
    if document.get("format") != FORMAT_ID:
        raise ImportFileError(
            _("The “format” of the file must be “%(format)s”.") % {"format": FORMAT_ID}
        )
    unknown = sorted(str(name) for name in document if name not in ("format", "records"))
    if unknown:
        raise ImportFileError(
            _("The file has unknown top-level fields: %(names)s.") % {"names": ", ".join(unknown)}
        )
    records = document.get("records")
    if not isinstance(records, list):
        raise ImportFileError(_("“records” must be a list of records."))
    if not records:
        raise _no_records()
    rows = []
    for number, record in enumerate(records, start=1):
        if isinstance(record, dict):
            rows.append(ImportRow(number, record))
        else:
            rows.append(ImportRow(number, {}, [_("This record is not a JSON object.")]))
    return rows


def rows_from_file(data: bytes, *, name: str) -> list[ImportRow]:
    """Rows of a CSV or JSON file, told apart by the file name or else by the content."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return rows_from_json(data)
    if lowered.endswith(".csv"):
        return rows_from_csv(data)
    if data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return rows_from_json(data)
    return rows_from_csv(data)


# --- Checking rows ---------------------------------------------------------------------------


class _Lookups:
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


def _normalised_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _parse_date(value: str) -> tuple[datetime.date, str] | None:
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision


class _RowChecker:
    """Checks one row; ``values`` holds what the row gives, ``errors`` every problem."""

    def __init__(self, data: dict[str, Any], lookups: _Lookups):
        self.data = data
        self.lookups = lookups
        self.errors: list[str] = []
        self.values: dict[str, Any] = {}
        self.status = ""

    def given(self, name: str) -> bool:
        return name in self.data

    # Values of one kind.

    def text(self, name: str, *, limit: int | None = None) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.errors.append(_("The value of %(column)s must be text.") % {"column": name})
            return ""
        text = _normalised_text(str(value))
        if limit is not None and len(text) > limit:
            self.errors.append(
                _("The value of %(column)s is longer than %(max)s characters.")
                % {"column": name, "max": limit}
            )
        return text

    def slugs(self, name: str) -> list[str]:
        value = self.data.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            items = value.split(LIST_SEPARATOR)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            items = value
        else:
            self.errors.append(
                _("The value of %(column)s must be a list of slugs.") % {"column": name}
            )
            return []
        return list(dict.fromkeys(item.strip() for item in items if item.strip()))

    # The fields.

    def check(self) -> None:
        for name in self.data:
            if name not in JSON_KEYS:
                self.errors.append(_("Unknown field “%(name)s”.") % {"name": name})
        self.key()
        self.foreign_key("relationship", self.lookups.relationships)
        self.foreign_key("category", self.lookups.categories)
        self.direction()
        self.dates()
        for column in TEXT_COLUMNS:
            if self.given(column):
                self.values[column] = self.text(column, limit=TEXT_LIMITS[column])
        self.related("organisations", Organisation)
        self.related("people", Person)
        self.requested_status()
        self.quantities()
        self.sources()

    def key(self) -> None:
        key = self.text("key")
        if not key:
            self.errors.append(_("The key is missing."))
        elif len(key) > KEY_LIMIT:
            self.errors.append(_("The key is longer than %(max)s characters.") % {"max": KEY_LIMIT})
        else:
            try:
                validate_slug(key)
            except ValidationError:
                self.errors.append(
                    _(
                        "The key “%(key)s” may contain only letters, digits, hyphens and "
                        "underscores."
                    )
                    % {"key": key}
                )
        self.values["key"] = key

    def foreign_key(self, name: str, objects: dict[str, Any]) -> None:
        if not self.given(name):
            return
        slug = self.text(name)
        missing = {
            "relationship": _("The relationship is missing."),
            "category": _("The category is missing."),
        }
        unknown = {
            "relationship": _("There is no relationship “%(slug)s”."),
            "category": _("There is no category “%(slug)s”."),
        }
        if not slug:
            self.errors.append(missing[name])
        elif slug not in objects:
            self.errors.append(unknown[name] % {"slug": slug})
        else:
            self.values[name] = objects[slug]

    def direction(self) -> None:
        if not self.given("direction"):
            return
        direction = self.text("direction") or Exchange.Direction.JOINT
        if direction not in Exchange.Direction.values:
            self.errors.append(
                _("The direction “%(value)s” is not one of %(choices)s.")
                % {"value": direction, "choices": ", ".join(Exchange.Direction.values)}
            )
        else:
            self.values["direction"] = direction

    def dates(self) -> None:
        if not (self.given("date_start") or self.given("date_end")):
            return
        start_text, end_text = self.text("date_start"), self.text("date_end")
        start = self.one_date(
            start_text,
            _("The date “%(value)s” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
            _("The date “%(value)s” does not exist."),
        )
        end = self.one_date(
            end_text,
            _("The end date “%(value)s” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
            _("The end date “%(value)s” does not exist."),
        )
        if start is False or end is False:
            return
        if start is None:
            if end is not None:
                self.errors.append(_("An end date needs a start date."))
                return
            self.values["dates"] = (None, None, DatePrecision.UNKNOWN)
            return
        if end is not None:
            if end[1] != start[1]:
                self.errors.append(
                    _("The end date must be written in the same form as the date (%(form)s).")
                    % {"form": DATE_FORMS[start[1]]}
                )
                return
            if end[0] < start[0]:
                self.errors.append(_("The end date is before the date."))
                return
        self.values["dates"] = (start[0], end[0] if end else None, start[1])

    def one_date(
        self, value: str, malformed: str, impossible: str
    ) -> tuple[datetime.date, str] | bool | None:
        """(date, precision), None for an empty value, or False after an error."""
        if not value:
            return None
        try:
            parsed = _parse_date(value)
        except ValueError:
            self.errors.append(impossible % {"value": value})
            return False
        if parsed is None:
            self.errors.append(malformed % {"value": value})
            return False
        return parsed

    def related(self, name: str, model: type[models.Model]) -> None:
        if not self.given(name):
            return
        slugs = self.slugs(name)
        found = self.lookups.many(model, slugs)
        unknown_message = {
            "organisations": _("There is no organisation “%(slug)s”."),
            "people": _("There is no person “%(slug)s”."),
        }[name]
        unknown = [slug for slug, obj in found.items() if obj is None]
        for slug in unknown:
            self.errors.append(unknown_message % {"slug": slug})
        if not unknown:
            self.values[name] = [found[slug] for slug in slugs]

    def requested_status(self) -> None:
        status = self.text("status") if self.given("status") else ""
        if status and status not in Status.values:
            self.errors.append(
                _("The status “%(value)s” is not one of %(choices)s.")
                % {"value": status, "choices": ", ".join(Status.values)}
            )
            return
        self.status = status

    def list_of_objects(self, name: str) -> list | None:
        if not self.given(name):
            return None
        value = self.data[name]
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.append(_("The value of %(column)s must be a list.") % {"column": name})
            return None
        return value

    def part(
        self, prefix: str, number: int, item: Any, known: tuple[str, ...]
    ) -> "_RowChecker | None":
        """Check that a quantity or source is an object with known fields; returns a checker
        for it that reports its problems with ``prefix``."""
        if not isinstance(item, dict):
            self.errors.append(prefix % {"number": number, "problem": _("It is not an object.")})
            return None
        checker = _RowChecker(item, self.lookups)
        for name in item:
            if name not in known:
                checker.errors.append(_("Unknown field “%(name)s”.") % {"name": name})
        return checker

    def adopt(self, checker: "_RowChecker", prefix: str, number: int) -> None:
        self.errors.extend(
            prefix % {"number": number, "problem": problem} for problem in checker.errors
        )

    def quantities(self) -> None:
        items = self.list_of_objects("quantities")
        if items is None:
            return
        prefix = _("Quantity %(number)s: %(problem)s")
        quantities = []
        for number, item in enumerate(items, start=1):
            checker = self.part(prefix, number, item, QUANTITY_KEYS)
            if checker is None:
                continue
            quantity = checker.quantity()
            self.adopt(checker, prefix, number)
            quantities.append(quantity)
        self.values["quantities"] = quantities

    def quantity(self) -> dict[str, Any]:
        """Check this checker's data as one quantity (a sum of money or a count of items)."""
        data = self.data
        quantity: dict[str, Any] = {
            "money": None,
            "count": None,
            "item_en": self.text("item_en", limit=ITEM_LIMIT),
            "item_zh_hans": self.text("item_zh_hans", limit=ITEM_LIMIT),
        }
        has_money = data.get("amount") is not None or data.get("currency") is not None
        has_count = data.get("count") is not None
        if has_money == has_count:
            self.errors.append(
                _("Give either an amount and a currency, or a count (and what was counted).")
            )
            return quantity
        if has_count:
            quantity["count"] = self.count(data["count"])
            return quantity
        amount = self.amount(data.get("amount"))
        currency = self.text("currency").upper()
        if currency not in CURRENCIES:
            self.errors.append(
                _("The currency “%(value)s” is not a known ISO 4217 currency code.")
                % {"value": currency}
            )
        elif amount is not None:
            quantity["money"] = Money(amount, currency)
        return quantity

    def amount(self, value: Any) -> Decimal | None:
        problem = _(
            "The amount “%(value)s” is not a number with at most 2 decimal places and "
            "14 digits before the decimal point."
        )
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.errors.append(problem % {"value": value if value is not None else ""})
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.errors.append(problem % {"value": value})
            return None
        _sign, digits, exponent = amount.as_tuple()
        digits = list(digits)
        while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
            digits.pop()
            exponent += 1
        if -exponent > 2 or len(digits) + exponent > 14:
            self.errors.append(problem % {"value": value})
            return None
        return amount

    def count(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= COUNT_LIMIT:
            self.errors.append(
                _("The count “%(value)s” is not a whole number from 0 to %(max)s.")
                % {"value": value, "max": COUNT_LIMIT}
            )
            return None
        return value

    def sources(self) -> None:
        items = self.list_of_objects("sources")
        if items is None:
            return
        prefix = _("Source %(number)s: %(problem)s")
        sources = []
        for number, item in enumerate(items, start=1):
            checker = self.part(prefix, number, item, SOURCE_KEYS)
            if checker is None:
                continue
            source = {
                "title_en": checker.text("title_en", limit=SOURCE_TITLE_LIMIT),
                "title_zh_hans": checker.text("title_zh_hans", limit=SOURCE_TITLE_LIMIT),
                "url": checker.text("url", limit=URL_LIMIT),
            }
            if not (source["title_en"] or source["title_zh_hans"]):
                checker.errors.append(_("A title is required, in English or in Chinese."))
            if source["url"]:
                try:
                    _validate_url(source["url"])
                except ValidationError:
                    checker.errors.append(
                        _("The address “%(value)s” is not a valid web address.")
                        % {"value": source["url"]}
                    )
            self.adopt(checker, prefix, number)
            sources.append(source)
        self.values["sources"] = sources


# --- Comparing with the stored record ---------------------------------------------------------


def _quantity_comparable(money: Money | None, count, item_en, item_zh_hans) -> tuple:
    return (
        money.amount if money is not None else None,
        money.currency.code if money is not None else None,
        count,
        _normalised_text(item_en),
        _normalised_text(item_zh_hans),
    )


def _dates_comparable(start, end, precision) -> tuple[str, str]:
    return partial_date_text(start, precision), partial_date_text(end, precision)


def _row_comparable(values: dict[str, Any]) -> dict[str, Any]:
    comparable: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("relationship", "category"):
            comparable[name] = value.pk
        elif name == "dates":
            comparable[name] = _dates_comparable(*value)
        elif name == "organisations":
            comparable[name] = frozenset(obj.pk for obj in value)
        elif name == "people":
            comparable[name] = tuple(obj.pk for obj in value)
        elif name == "quantities":
            comparable[name] = tuple(
                _quantity_comparable(q["money"], q["count"], q["item_en"], q["item_zh_hans"])
                for q in value
            )
        elif name == "sources":
            comparable[name] = tuple(
                (_normalised_text(s["title_en"]), _normalised_text(s["title_zh_hans"]), s["url"])
                for s in value
            )
        elif name in TEXT_COLUMNS:
            comparable[name] = _normalised_text(value)
        else:
            comparable[name] = value
    return comparable


def _stored_comparable(exchange: Exchange) -> dict[str, Any]:
    comparable: dict[str, Any] = {
        "key": exchange.key,
        "relationship": exchange.relationship_id,
        "category": exchange.category_id,
        "direction": exchange.direction,
        "dates": _dates_comparable(exchange.date_start, exchange.date_end, exchange.date_precision),
        "organisations": frozenset(o.pk for o in exchange.organisations.all()),
        "people": tuple(p.person_id for p in exchange.participations.all()),
        "quantities": tuple(
            _quantity_comparable(q.money, q.count, q.item_en, q.item_zh_hans)
            for q in exchange.quantities.all()
        ),
        "sources": tuple(
            (_normalised_text(s.title_en), _normalised_text(s.title_zh_hans), s.url)
            for s in exchange.sources.all()
        ),
    }
    comparable.update(
        {column: _normalised_text(getattr(exchange, column)) for column in TEXT_COLUMNS}
    )
    return comparable


# --- Writing -------------------------------------------------------------------------------


def _set_people(exchange: Exchange, people: list[Person]) -> None:
    """Keep the participations of people still listed (with their part and office)."""
    current = {p.person_id: p for p in exchange.participations.all()}
    wanted = [person.pk for person in people]
    for person_id, participation in current.items():
        if person_id not in wanted:
            participation.delete()
    for position, person in enumerate(people):
        participation = current.get(person.pk)
        if participation is None:
            Participation.objects.create(exchange=exchange, person=person, position=position)
        elif participation.position != position:
            participation.position = position
            participation.save(update_fields=["position"])


def _replace_quantities(exchange: Exchange, quantities: list[dict[str, Any]]) -> None:
    exchange.quantities.all().delete()
    for position, quantity in enumerate(quantities):
        row = Quantity(exchange=exchange, position=position, **quantity)
        row.full_clean()
        row.save()


def _replace_sources(exchange: Exchange, sources: list[dict[str, Any]]) -> None:
    exchange.sources.all().delete()
    for position, source in enumerate(sources):
        row = Source(exchange=exchange, position=position, **source)
        row.full_clean()
        row.save()


def _write(
    *,
    exchange: Exchange,
    values: dict[str, Any],
    changed: set[str],
    status: str,
    user: User | None,
    comment: str,
) -> None:
    for name in ("relationship", "category", "direction", *TEXT_COLUMNS):
        if name in values:
            setattr(exchange, name, values[name])
    if "dates" in values:
        exchange.date_start, exchange.date_end, exchange.date_precision = values["dates"]
    elif exchange.pk is None:
        exchange.date_precision = DatePrecision.UNKNOWN
    exchange.status = status
    if status == Status.PUBLISHED and exchange.published_at is None:
        exchange.published_at = timezone.now()
    # Versions are added by hand once everything is written: the record with its final
    # people, figures and sources (followed), rather than once per signal.
    with reversion.create_revision(manage_manually=True):
        exchange.full_clean()
        exchange.save()
        if "organisations" in changed:
            exchange.organisations.set(values["organisations"])
        if "people" in changed:
            _set_people(exchange, values["people"])
        if "quantities" in changed:
            _replace_quantities(exchange, values["quantities"])
        if "sources" in changed:
            _replace_sources(exchange, values["sources"])
        reversion.add_to_revision(exchange)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    search_index_update(obj=exchange)


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


# --- The service ---------------------------------------------------------------------------


class _Importer:
    def __init__(self, *, user: User | None, source_name: str):
        self.user = user
        self.may_publish = user is None or may(user, "exchanges.publish_exchange")
        self.lookups = _Lookups()
        self.seen: dict[str, int] = {}
        self.comment = _("Imported from %(file)s") % {"file": source_name}

    def row(self, row: ImportRow) -> RowResult:
        raw_key = row.data.get("key")
        result = RowResult(
            row=row.number,
            key=str(raw_key).strip()[:200] if raw_key is not None else "",
            outcome=Outcome.FAILED,
            errors=list(row.errors),
        )
        if result.errors:
            return result
        checker = _RowChecker(row.data, self.lookups)
        checker.check()
        result.errors.extend(checker.errors)
        key = checker.values["key"]
        if key and key in self.seen:
            result.errors.append(
                _("The key “%(key)s” already appeared in row %(row)s of this file.")
                % {"key": key, "row": self.seen[key]}
            )
        elif key:
            self.seen[key] = row.number
        exchange = (
            Exchange.objects.prefetch_related(
                "organisations", "participations", "quantities", "sources"
            )
            .filter(key=key)
            .first()
            if key
            else None
        )
        self.check_complete(checker, exchange, result)
        status = self.status(checker.status, exchange, result)
        if result.errors:
            return result

        wanted = _row_comparable(checker.values)
        if exchange is None:
            changed = set(wanted)
            exchange = Exchange(key=key)
        else:
            stored = _stored_comparable(exchange)
            changed = {name for name, value in wanted.items() if stored[name] != value}
            if not changed and status == exchange.status:
                result.outcome = Outcome.UNCHANGED
                return result
            if self.user is not None and not may(self.user, "exchanges.change_exchange", exchange):
                result.errors.append(_("You may not change this record."))
                return result
        created = exchange.pk is None
        try:
            with transaction.atomic():
                _write(
                    exchange=exchange,
                    values=checker.values,
                    changed=changed,
                    status=status,
                    user=self.user,
                    comment=self.comment,
                )
        except ValidationError as exc:
            result.errors.extend(_validation_messages(exc))
            return result
        except DatabaseError:
            logger.exception("Import of exchange %s (row %s) failed", key, row.number)
            result.errors.append(_("The record could not be saved because of a database error."))
            return result
        result.outcome = Outcome.CREATED if created else Outcome.UPDATED
        return result

    @staticmethod
    def check_complete(checker: _RowChecker, exchange: Exchange | None, result: RowResult) -> None:
        values = checker.values
        if exchange is None:
            if "relationship" not in values and not checker.given("relationship"):
                result.errors.append(_("The relationship is missing."))
            if "category" not in values and not checker.given("category"):
                result.errors.append(_("The category is missing."))
        titles = [
            values[column]
            if column in values
            else (getattr(exchange, column) if exchange is not None else "")
            for column in ("title_en", "title_zh_hans")
        ]
        if not any(titles):
            result.errors.append(_("A title is required, in English or in Chinese."))

    def status(self, requested: str, exchange: Exchange | None, result: RowResult) -> str:
        current = exchange.status if exchange is not None else None
        if not requested:
            return current or Status.DRAFT
        if requested == Status.PUBLISHED:
            if current == Status.PUBLISHED or self.may_publish:
                return Status.PUBLISHED
            result.warnings.append(
                _("You may not publish records, so this record was imported for review.")
            )
            return Status.REVIEW
        if current == Status.PUBLISHED and requested != current and not self.may_publish:
            result.errors.append(
                _("This record is published and you may not take it out of publication.")
            )
        return requested


def exchanges_import(
    *, rows: Iterable[ImportRow], user: User | None, source_name: str
) -> ImportReport:
    """Import the rows one by one; a row with problems is reported and skipped.

    ``user`` None means the system itself (a management command run without --user): it
    may do everything.
    """
    if user is not None and not may(user, "exchanges.import_exchanges"):
        raise PermissionDenied("exchanges.import_exchanges")
    importer = _Importer(user=user, source_name=source_name)
    report = ImportReport(source_name=source_name)
    for row in rows:
        report.rows.append(importer.row(row))
    return report
