"""Importing exchange records from CSV or JSON files (docs/import-format.md).

The parsers (parsing.py) turn a file into rows, or refuse the whole file with one message
(:class:`ImportFileError`). :func:`exchanges_import` (importer.py) then checks every row on
its own (checking.py, parts.py): a row with problems is reported and skipped, the others are
compared with the stored record (diffing.py) and saved (writing.py) through the archive's
writers, each in its own savepoint and as its own django-reversion revision. Rows are
matched on ``key``, so importing the same file again duplicates nothing and reports the rows
"unchanged". The format itself (formats.py) is shared with the export.
"""

from twinning.exchanges.importing.importer import (
    ImportReport,
    Outcome,
    RowResult,
    exchanges_import,
)
from twinning.exchanges.importing.parsing import (
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_MB,
    ImportFileError,
    ImportRow,
    rows_from_csv,
    rows_from_file,
    rows_from_json,
)

__all__ = [
    "MAX_FILE_SIZE",
    "MAX_FILE_SIZE_MB",
    "ImportFileError",
    "ImportReport",
    "ImportRow",
    "Outcome",
    "RowResult",
    "exchanges_import",
    "rows_from_csv",
    "rows_from_file",
    "rows_from_json",
]
