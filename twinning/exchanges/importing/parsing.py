"""Reading a CSV or JSON file into rows, or refusing the whole file with one message."""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from twinning.exchanges.importing.formats import CSV_COLUMNS, FORMAT_ID, csv_cell_unescape

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_FILE_SIZE_MB = MAX_FILE_SIZE // (1024 * 1024)


class ImportFileError(Exception):
    """The whole file is refused; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportRow:
    """One record of the file: ``number`` is the row the user sees (CSV: the header is row 1;
    JSON: the position in "records", from 1)."""

    number: int
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)


def _too_large() -> ImportFileError:
    return ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB})


def _no_records() -> ImportFileError:
    return ImportFileError(_("The file contains no records."))


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


# --- CSV -------------------------------------------------------------------------------------


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


def _csv_row(number: int, cells: list[str], columns: list[str]) -> ImportRow:
    if len(cells) != len(columns):
        problem = _(
            "The number of cells in this row (%(cells)s) differs from the header (%(columns)s)."
        ) % {"cells": len(cells), "columns": len(columns)}
        return ImportRow(number, {"key": _cell(cells, columns.index("key"))}, [problem])
    values = {column: csv_cell_unescape(cell) for column, cell in zip(columns, cells, strict=True)}
    return ImportRow(number, values)


def rows_from_csv(data: bytes) -> list[ImportRow]:
    """Rows of a CSV file with a header row (comma- or semicolon-separated)."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[ImportRow] = []
    try:
        columns = _csv_header(next(reader, []))
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                rows.append(_csv_row(number, cells, columns))
    except csv.Error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s (check the quotation marks).")
            % {"line": reader.line_num}
        ) from None
    if not rows:
        raise _no_records()
    return rows


# --- JSON ------------------------------------------------------------------------------------


def _reject_constant(name: str):
    raise ValueError(name)


def _json_document(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid JSON: error at line %(line)s, column %(column)s.")
            % {"line": exc.lineno, "column": exc.colno}
        ) from None
    except (ValueError, RecursionError):
        raise ImportFileError(_("The file is not valid JSON.")) from None


def _json_records(document: Any) -> list:
    if not isinstance(document, dict):
        raise ImportFileError(_("The file must be a JSON object with “format” and “records”."))
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
    return records


def rows_from_json(data: bytes) -> list[ImportRow]:
    """Rows of a JSON file: {"format": "twinning.exchanges/1", "records": [...]}."""
    records = _json_records(_json_document(_decode(data)))
    return [
        ImportRow(number, record)
        if isinstance(record, dict)
        else ImportRow(number, {}, [_("This record is not a JSON object.")])
        for number, record in enumerate(records, start=1)
    ]


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
