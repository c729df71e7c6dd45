"""A delegation's registrations as a table (CSV or XLSX) for its coordinators.

Apps higher up add columns through ``register`` (payments adds what was paid and what is
due), so registrations never imports them. Every text cell goes through
``csv_cell_escape``: names and answers are typed by registrants, and a spreadsheet would
run one starting with "=" as a formula.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from twinning.core.cells import csv_cell_escape
from twinning.core.templatetags.twinning import translated_value
from twinning.registrations.models import Answer, Question, Registration, RegistrationPolicy
from twinning.registrations.questions import answer_text

Cell = str | int | Decimal | datetime.datetime | None


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Registration], Cell]


# Takes the registrations, returns them (annotated as it needs) and its columns.
Extension = Callable[[QuerySet[Registration]], tuple[QuerySet[Registration], list[Column]]]
_extensions: list[Extension] = []


def register(extension: Extension) -> None:
    if extension not in _extensions:
        _extensions.append(extension)


def _answer_column(question: Question) -> Column:
    def value(registration: Registration) -> Cell:
        for answer in registration.answers.all():
            if answer.question_id == question.pk:
                return answer_text(question, answer.value)
        return ""

    return Column(translated_value(question, "label")[0], value)


def _created(registration: Registration) -> Cell:
    # Spreadsheets hold no time zones: the coordinator's local time, without its offset.
    return timezone.localtime(registration.created_at).replace(tzinfo=None, microsecond=0)


def table(
    registrations: QuerySet[Registration], *, policy: RegistrationPolicy
) -> tuple[list[str], Iterable[list[Cell]]]:
    """The header and the rows; a bounded number of queries whatever the number of rows."""
    questions = list(
        Question.objects.filter(policy=policy)
        .prefetch_related("choices", "show_if")
        .order_by("position", "pk")
    )
    registrations = registrations.select_related("user").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.only("registration_id", "question_id", "value"))
    )
    columns = [
        Column(_("Name"), lambda r: r.user.full_name),
        Column(_("E-mail"), lambda r: r.user.email),
        Column(_("Company or institution"), lambda r: r.company),
        Column(_("Job title"), lambda r: r.job_title),
        Column(_("Sector"), lambda r: r.sector),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Seats"), lambda r: r.seats),
        Column(_("Currency"), lambda r: str(r.total.currency)),
        Column(_("Total"), lambda r: r.total.amount),
    ]
    for extension in _extensions:
        registrations, more = extension(registrations)
        columns += more
    columns += [_answer_column(question) for question in questions]
    columns.append(Column(_("Registered"), _created))
    rows = ([_safe(column.value(r)) for column in columns] for r in registrations.iterator(2000))
    return [_safe(column.header) for column in columns], rows


def _safe(value: Cell) -> Cell:
    return csv_cell_escape(value) if isinstance(value, str) else value


def as_csv(header: list[str], rows: Iterable[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else _csv_text(cell) for cell in row])
    # The byte-order mark makes spreadsheet programs read the Chinese as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def _csv_text(cell: Cell) -> str:
    if isinstance(cell, datetime.datetime):
        return cell.isoformat(sep=" ")
    return str(cell)


def as_xlsx(header: list[str], rows: Iterable[list[Cell]], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.append(header)
    for row in rows:
        # Control characters are not allowed in the XML of a sheet: dropped, not refused.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Registrations"
