"""Spreadsheet cells that stay text: every export of user-typed values writes through here.

A spreadsheet runs a cell that starts with one of = + - @ tab or carriage return as a
formula (CSV or XLSX alike); the export puts an apostrophe in front (one more if the text
already starts with apostrophes before one of them), and an import takes exactly one away.
"""

import re

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def csv_cell_escape(value: str) -> str:
    return f"'{value}" if _FORMULA.match(value) else value


def csv_cell_unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value) else value
