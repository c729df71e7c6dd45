"""Counterpart profiles from a CSV or XLSX file: read, check row by row, then write.

The check writes nothing: the coordinator reads a report (each row valid or not, and
why; created or updated) and confirms; ``services.counterparts_import`` then checks the
rows again and writes them in one transaction. A row names its profile by the ``id``
column (a profile of this delegation) or else by its contact e-mail address, so the same
file imported twice updates rather than duplicates.

Columns (a header row, any order, unknown columns ignored): ``id``, ``kind``
(counterpart or official), ``contact_email``, ``contact_name``, ``organisation_<lang>``,
``description_<lang>``, ``offers_<lang>``, ``seeks_<lang>``, ``brings_<lang>`` (one per
portal language, e.g. ``offers_en``, ``offers_zh_hans``), ``sectors`` (slugs, separated
by ``;`` or ``,``), ``languages`` (``en; zh``), ``min_meetings``, ``max_meetings``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from twinning.core.translation_fields import field_names

MAX_FILE_SIZE_MB = 2
MAX_FILE_SIZE = MAX_FILE_SIZE_MB * 1024 * 1024
MAX_ROWS = 2000
TEXTS = ("organisation", "description", "offers", "seeks", "brings")
KINDS = ("counterpart", "official")
SPOKEN = ("en", "zh", "ja", "ko", "es", "fr", "de")


class ImportFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RowCheck:
    number: int  # the row's line in the file (the header is line 1)
    raw: dict[str, str]
    values: dict = field(default_factory=dict)  # model field → value, for a valid row
    sectors: list[str] = field(default_factory=list)  # slugs
    sets_sectors: bool = False  # the file has a sectors column: the row replaces them
    errors: list[str] = field(default_factory=list)
    participant_id: int | None = None  # the profile a valid row updates; None: creates

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def label(self) -> str:
        names = [self.raw.get(name, "") for name in field_names("organisation")]
        return next((n for n in names if n), self.raw.get("contact_email", ""))


@dataclass
class Report:
    rows: list[RowCheck]
    created: int = 0
    updated: int = 0

    @property
    def invalid(self) -> int:
        return sum(1 for row in self.rows if not row.valid)

    @property
    def valid(self) -> int:
        return len(self.rows) - self.invalid


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _records(header: list, body) -> list[dict[str, str]]:
    names = [_text(h).lower() for h in header]
    if "contact_email" not in names and "email" in names:
        names[names.index("email")] = "contact_email"
    rows = []
    for values in body:
        values = list(values)
        record = {
            name: _text(values[i]) if i < len(values) else ""
            for i, name in enumerate(names)
            if name
        }
        if any(record.values()):
            rows.append(record)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    return rows


def read_rows(content: bytes, *, name: str) -> list[dict[str, str]]:
    """The file's rows as {column: text}, blank rows left out."""
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB}
        )
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ImportFileError(_("This is not an XLSX file that can be read.")) from exc
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        rows = _records(list(header), lines)
        book.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("A CSV file must be in UTF-8.")) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return _records(header, reader)


def _number(row: RowCheck, column: str) -> int | None:
    value = row.raw.get(column, "")
    if not value:
        return None
    if not value.isdigit() or int(value) > 100:
        row.errors.append(
            _("%(column)s must be a whole number from 0 to 100, not “%(value)s”.")
            % {"column": column, "value": value}
        )
        return None
    return int(value)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def check_rows(
    rows: list[dict[str, str]],
    *,
    existing_by_id: dict[int, str],
    existing_by_email: dict[str, int],
    sector_slugs: set[str],
) -> list[RowCheck]:
    """Each row valid or not, with the reasons, and the profile it would update.

    ``existing_by_id`` maps this delegation's non-delegate profiles to their kind,
    ``existing_by_email`` their contact addresses (lower case) to their ids.
    """
    checks: list[RowCheck] = []
    seen: dict[object, int] = {}
    for number, raw in enumerate(rows, start=2):
        row = RowCheck(number=number, raw=raw)
        checks.append(row)
        email = raw.get("contact_email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("“%(value)s” is no e-mail address.") % {"value": email})
        ident = raw.get("id", "")
        if ident:
            if not ident.isdigit() or int(ident) not in existing_by_id:
                row.errors.append(
                    _("No counterpart of this delegation has the id %(id)s.") % {"id": ident}
                )
            else:
                row.participant_id = int(ident)
        elif email in existing_by_email:
            row.participant_id = existing_by_email[email]
        key = row.participant_id or email
        if key:
            if key in seen:
                row.errors.append(_("The same counterpart as row %(row)s.") % {"row": seen[key]})
            seen[key] = number
        kind = raw.get("kind", "").lower() or (
            existing_by_id.get(row.participant_id) if row.participant_id else "counterpart"
        )
        if kind not in KINDS:
            row.errors.append(
                _("The kind must be “counterpart” or “official”, not “%(value)s”.")
                % {"value": raw.get("kind", "")}
            )
        texts = {name: raw[name] for text in TEXTS for name in field_names(text) if name in raw}
        if not any(texts.get(name) for name in field_names("organisation")) and (
            row.participant_id is None
        ):
            row.errors.append(_("The organisation's name is missing."))
        slugs = [slug.lower() for slug in _split(raw.get("sectors", ""))]
        unknown = [slug for slug in slugs if slug not in sector_slugs]
        if unknown:
            row.errors.append(_("Unknown sectors: %(sectors)s.") % {"sectors": ", ".join(unknown)})
        languages = [code.lower() for code in _split(raw.get("languages", ""))]
        strange = [code for code in languages if code not in SPOKEN]
        if strange:
            row.errors.append(
                _("Unknown languages: %(languages)s.") % {"languages": ", ".join(strange)}
            )
        least, most = _number(row, "min_meetings"), _number(row, "max_meetings")
        if least is not None and most is not None and least > most:
            row.errors.append(_("At least is more than at most."))
        if row.errors:
            continue
        # Only the columns the file has: a re-import with fewer columns keeps the rest.
        values: dict = {name: value for name, value in texts.items()}
        values["kind"] = kind
        for column in ("contact_name",):
            if column in raw:
                values[column] = raw[column]
        if "contact_email" in raw:
            values["contact_email"] = email
        if "languages" in raw:
            values["languages"] = languages
        for column, number_value in (("min_meetings", least), ("max_meetings", most)):
            if column in raw:
                values[column] = number_value
        row.values = values
        row.sectors = slugs
        row.sets_sectors = "sectors" in raw
    return checks
