"""The exchange file format (docs/import-format.md), shared by the import and the export.

Both sides read their columns, limits and cell conventions from here, so an export of
the archive imports again as all "unchanged".
"""

import datetime
import re
from decimal import Decimal

# The cell escapes live in core (the registrations export uses them too).
from twinning.core.cells import csv_cell_escape as csv_cell_escape
from twinning.core.cells import csv_cell_unescape as csv_cell_unescape
from twinning.core.dates import DatePrecision
from twinning.core.translation_fields import field_names

FORMAT_ID = "twinning.exchanges/1"

# title_en, title_zh_hans, summary_en, …: one column per language of the portal.
TEXT_COLUMNS = tuple(
    name for field in ("title", "summary", "places") for name in field_names(field)
)
CSV_COLUMNS = (
    "key",
    "relationship",
    "category",
    "direction",
    "date_start",
    "date_end",
    *TEXT_COLUMNS,
    "organisations",
    "people",
    "status",
)
JSON_KEYS = (*CSV_COLUMNS, "quantities", "sources")
QUANTITY_KEYS = ("amount", "currency", "count", *field_names("item"))
SOURCE_KEYS = (*field_names("title"), "url")
LIST_SEPARATOR = ";"

# The longest value each column takes (None: no limit), as the models store them.
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

DATE_FORMS = {
    DatePrecision.YEAR: "YYYY",
    DatePrecision.MONTH: "YYYY-MM",
    DatePrecision.DAY: "YYYY-MM-DD",
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date_text(value: datetime.date | None, precision: str) -> str:
    """2012, 2012-06 or 2012-06-30, as the precision says; "" for an unknown date."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def partial_date_parse(value: str) -> tuple[datetime.date, str] | None:
    """The reverse of partial_date_text: (date, precision), or None if not so written.

    Raises ValueError for a date of that form that does not exist (2012-02-30).
    """
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision


def amount_text(amount: Decimal) -> str:
    """3530000.00 → "3530000", 12.50 → "12.5": plain digits, never an exponent."""
    return format(amount.normalize(), "f")


def normalised_text(value: str | None) -> str:
    """Text as the import stores and compares it: Unix line ends, no outer blanks."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
