"""What the back office exports and imports: delegates, payments, meetings, exchange records.

Each dataset has a header of stable column names (never translated: a file exported in
Chinese imports in English), rows, and, when it can be imported, an importer that checks
every row and reports created / updated / unchanged / failed. Files are written by
openpyxl (XLSX) and the csv module through the registrations export's writers, every text
cell through core/cells.py, so a cell starting with = + - @ tab or carriage return is
text in any spreadsheet; reading takes the escape away again, so a re-import of an export
is all "unchanged".

Exchange records keep their own import format (docs/import-format.md): their CSV is the
archive's export as it is, their XLSX the same table in a sheet, and their import is the
archive's importer.
"""

import csv
import io
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from twinning.accounts.models import User
from twinning.core.cells import csv_cell_escape, csv_cell_unescape
from twinning.delegations.models import Delegation
from twinning.exchanges.exporting import exchanges_export_csv, exchanges_for_export
from twinning.exchanges.importing import ImportFileError, exchanges_import, rows_from_csv
from twinning.matchmaking import services as matchmaking_services
from twinning.matchmaking.models import Interpreter, Meeting, Slot
from twinning.payments.models import Payment
from twinning.payments.selectors import with_paid
from twinning.registrations.exports import as_csv, as_xlsx
from twinning.registrations.models import Registration

MAX_IMPORT_SIZE = 5 * 1024 * 1024
CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
OUTCOMES = {
    CREATED: gettext_lazy("Created"),
    UPDATED: gettext_lazy("Updated"),
    UNCHANGED: gettext_lazy("Unchanged"),
    FAILED: gettext_lazy("Failed"),
}
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 100  # an importer notes its progress every so many rows


def _row_report(row: int, key: str, outcome: str, messages: list[str] | None = None) -> dict:
    return {
        "row": row,
        "key": key,
        "outcome": outcome,
        "messages": [str(m) for m in messages or []],
    }


def _refusal(number: int, key: str, obj, seen: set, *, missing: str, twice: str) -> dict | None:
    """The failed row for an object the delegation lacks or the file names twice; None
    when the row may go on (the object is then noted as seen)."""
    if obj is None:
        return _row_report(number, key, FAILED, [missing])
    if obj.pk in seen:
        return _row_report(number, key, FAILED, [twice])
    seen.add(obj.pk)
    return None


def _read_only_warnings(columns, editable, current: dict, data: dict, message: str) -> list:
    """One warning per column the file changed that an import does not write."""
    return [
        message % {"column": column}
        for column in columns
        if column not in editable and column in data and not _same(current[column], data[column])
    ]


def _rows_against_stored(
    rows,
    progress,
    report: list,
    *,
    find,
    missing: str,
    twice: str,
    columns,
    editable,
    cells,
    read_only: str,
):
    """The file's rows in turn, with the object each names (``find(data)`` → key, object or
    None), its stored cells by column and the warnings for read-only columns changed; a row
    naming nothing known, or an object named before, goes into ``report`` as failed."""
    seen = set()
    for index, (number, data) in enumerate(rows, start=1):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
        key, obj = find(data)
        refused = _refusal(number, key, obj, seen, missing=missing, twice=twice)
        if refused:
            report.append(refused)
            continue
        current = dict(zip(columns, cells(obj), strict=True))
        warnings = _read_only_warnings(columns, editable, current, data, read_only)
        yield number, key, data, obj, current, warnings


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str | Promise
    permission: str  # asked with the delegation when per_delegation
    per_delegation: bool
    # (actor, delegation) → header and the rows, already escaped; with the number of rows.
    table: Callable[[User, Delegation | None], tuple[list[str], int, Iterator[list]]]
    # (actor, delegation, file rows, write?, progress) → the per-row report.
    importer: Callable[..., list[dict]] | None = None


def _text(value) -> str:
    return "" if value is None else str(value)


def _escaped(cells: list) -> list:
    return [csv_cell_escape(c) if isinstance(c, str) else c for c in cells]


# --- delegates -----------------------------------------------------------------------------

DELEGATE_COLUMNS = [
    "registration",
    "email",
    "full_name",
    "company",
    "job_title",
    "sector",
    "dietary_needs",
    "room_sharing",
    "emergency_contact",
    "seats",
    "status",
    "currency",
    "total",
    "paid",
]
# What an import may change; the other columns are there to read (and must not change).
DELEGATE_EDITABLE = [
    "company",
    "job_title",
    "sector",
    "dietary_needs",
    "room_sharing",
    "emergency_contact",
]


def _delegate_registrations(delegation: Delegation):
    return (
        with_paid(Registration.objects.filter(delegation=delegation))
        .select_related("user")
        .order_by("created_at", "pk")
    )


def _delegate_cells(registration: Registration) -> list:
    return [
        str(registration.pk),
        registration.user.email,
        registration.user.full_name,
        *[getattr(registration, name) for name in DELEGATE_EDITABLE],
        str(registration.seats),
        registration.status,
        str(registration.total.currency),
        _decimal_text(registration.total.amount),
        _decimal_text(registration.paid_amount),
    ]


def _decimal_text(value: Decimal) -> str:
    return f"{value:.2f}"


def _delegates_table(actor: User, delegation: Delegation | None):
    registrations = _delegate_registrations(delegation)
    rows = (_escaped(_delegate_cells(r)) for r in registrations.iterator(chunk_size=500))
    return DELEGATE_COLUMNS, registrations.count(), rows


def _delegates_import(
    *, actor: User, delegation: Delegation, rows: list[tuple[int, dict]], write: bool, progress
) -> list[dict]:
    from twinning.backoffice.services import delegate_details_change

    known = {r.pk: r for r in _delegate_registrations(delegation)}
    by_email = {r.user.email.lower(): r for r in known.values() if r.holds_seats}

    def find(data: dict):
        key = (data.get("registration") or data.get("email") or "").strip()
        if (data.get("registration") or "").strip().isdigit():
            return key, known.get(int(data["registration"]))
        if data.get("email"):
            return key, by_email.get(data["email"].strip().lower())
        return key, None

    report = []
    for number, key, data, registration, current, warnings in _rows_against_stored(
        rows,
        progress,
        report,
        find=find,
        missing=_("No registration of this delegation has this number or e-mail address."),
        twice=_("This registration already appeared in this file."),
        columns=DELEGATE_COLUMNS,
        editable=DELEGATE_EDITABLE,
        cells=_delegate_cells,
        read_only=_(
            "The column “%(column)s” is not imported: change it on the registration's page."
        ),
    ):
        changes = {
            column: data[column].strip()
            for column in DELEGATE_EDITABLE
            if column in data and not _same(current[column], data[column])
        }
        if not changes:
            report.append(_row_report(number, key, UNCHANGED, warnings))
            continue
        try:
            with transaction.atomic():
                delegate_details_change(actor=actor, registration=registration, values=changes)
                if not write:
                    transaction.set_rollback(True)
        except ValidationError as error:
            report.append(_row_report(number, key, FAILED, [*error.messages, *warnings]))
            continue
        report.append(_row_report(number, key, UPDATED, warnings))
    return report


# --- payments ------------------------------------------------------------------------------

PAYMENT_COLUMNS = [
    "payment",
    "registration",
    "email",
    "full_name",
    "received_at",
    "method",
    "currency",
    "amount",
    "note",
]


def _payments_table(actor: User, delegation: Delegation | None):
    payments = (
        Payment.objects.filter(registration__delegation=delegation)
        .select_related("registration__user")
        .order_by("received_at", "pk")
    )

    def cells(payment: Payment) -> list:
        received = timezone.localtime(payment.received_at).replace(microsecond=0, tzinfo=None)
        return _escaped(
            [
                str(payment.pk),
                str(payment.registration_id),
                payment.registration.user.email,
                payment.registration.user.full_name,
                received.isoformat(sep=" "),
                payment.method,
                str(payment.amount.currency),
                _decimal_text(payment.amount.amount),
                payment.note,
            ]
        )

    return PAYMENT_COLUMNS, payments.count(), (cells(p) for p in payments.iterator(chunk_size=500))


# --- meetings ------------------------------------------------------------------------------

MEETING_COLUMNS = [
    "meeting",
    "slot",
    "starts_at",
    "table",
    "interpreter",
    "interpreter_name",
    "participant_a",
    "organisation_a",
    "participant_b",
    "organisation_b",
    "status",
    "locked",
    "attendance",
]
# What an import may change, each through matchmaking's services: the place (slot, table,
# interpreter: a move, checked by every rule of the scheduler), the lock, the attendance and
# the status (to "cancelled" only: a cancellation, which tells both sides).
MEETING_EDITABLE = ["slot", "table", "interpreter", "locked", "attendance", "status"]
PLACE = ("slot", "table", "interpreter")
YES_NO = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False}


def _delegation_meetings(delegation: Delegation):
    return (
        Meeting.objects.filter(delegation=delegation)
        .select_related("slot__venue", "interpreter", "participant_a", "participant_b")
        .order_by("slot__starts_at", "table", "pk")
    )


def _meeting_cells(meeting: Meeting, zone) -> list:
    starts = meeting.slot.starts_at.astimezone(
        meeting.slot.venue.zone if meeting.slot.venue_id else zone
    )
    return [
        str(meeting.pk),
        str(meeting.slot_id),
        starts.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes"),
        str(meeting.table),
        _text(meeting.interpreter_id),
        meeting.interpreter.name if meeting.interpreter else "",
        str(meeting.participant_a_id),
        meeting.participant_a.organisation,
        str(meeting.participant_b_id),
        meeting.participant_b.organisation,
        meeting.status,
        "yes" if meeting.locked else "no",
        meeting.attendance,
    ]


def _zone(delegation: Delegation):
    """Where the meetings are (a slot without a venue): the destination city's zone."""
    return zoneinfo.ZoneInfo(delegation.cities[1].time_zone)


def _meetings_table(actor: User, delegation: Delegation | None):
    meetings = _delegation_meetings(delegation)
    zone = _zone(delegation)
    rows = (_escaped(_meeting_cells(m, zone)) for m in meetings.iterator(chunk_size=500))
    return MEETING_COLUMNS, meetings.count(), rows


def _number(text: str, known: dict, message: str):
    """The object of ``known`` whose number ``text`` is; raises the message when none."""
    text = text.strip()
    if not text.isdigit() or int(text) not in known:
        raise ValidationError(message % {"value": text})
    return known[int(text)]


def _meeting_changes(data: dict, current: dict, slots: dict, interpreters: dict) -> dict:
    """The editable columns that differ from the meeting, parsed; ValidationError when a
    value cannot be read (every problem of the row at once)."""
    changes, problems = {}, []
    for column in MEETING_EDITABLE:
        if column not in data or _same(current[column], data[column]):
            continue
        value = data[column].strip()
        try:
            if column == "slot":
                changes[column] = _number(
                    value, slots, _("No slot of this delegation has the number %(value)s.")
                )
            elif column == "interpreter":
                changes[column] = (
                    None
                    if not value
                    else _number(
                        value,
                        interpreters,
                        _("No interpreter of this delegation has the number %(value)s."),
                    )
                )
            elif column == "table":
                if not value.isdigit() or int(value) < 1:
                    raise ValidationError(
                        _("The table must be a number from 1: %(value)s.") % {"value": value}
                    )
                changes[column] = int(value)
            elif column == "locked":
                if value.lower() not in YES_NO:
                    raise ValidationError(
                        _("Locked is “yes” or “no”, not %(value)s.") % {"value": value}
                    )
                changes[column] = YES_NO[value.lower()]
            elif column == "status":
                if value != Meeting.Status.CANCELLED:
                    raise ValidationError(
                        _("The status can only become “%(cancelled)s”, not %(value)s.")
                        % {"cancelled": Meeting.Status.CANCELLED.value, "value": value}
                    )
                changes[column] = value
            else:
                if value not in Meeting.Attendance.values:
                    raise ValidationError(
                        _("Unknown attendance: %(value)s (one of %(values)s).")
                        % {"value": value, "values": ", ".join(Meeting.Attendance.values)}
                    )
                changes[column] = value
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    return changes


def _meeting_apply(actor: User, meeting: Meeting, changes: dict) -> None:
    """Write one row's changes through matchmaking's services (a move is checked there)."""
    if "status" in changes:
        if len(changes) > 1:
            raise ValidationError(_("A cancelled meeting takes no other change in the same row."))
        matchmaking_services.meeting_cancel(actor=actor, meeting=meeting)
        return
    if any(column in changes for column in PLACE):
        meeting = matchmaking_services.meeting_move(
            actor=actor,
            meeting=meeting,
            slot=changes.get("slot", meeting.slot),
            table=changes.get("table", meeting.table),
            interpreter=changes.get("interpreter", meeting.interpreter),
        )
    # A move locks the meeting: a row that says "no" unlocks it again.
    locked = changes.get("locked", meeting.locked)
    if locked != meeting.locked:
        matchmaking_services.meeting_lock(actor=actor, meeting=meeting, locked=locked)
    if "attendance" in changes:
        matchmaking_services.meeting_attendance_set(
            actor=actor, meeting=meeting, attendance=changes["attendance"]
        )


def _meetings_import(
    *, actor: User, delegation: Delegation, rows: list[tuple[int, dict]], write: bool, progress
) -> list[dict]:
    """Each row in turn against the meetings as the rows before it left them (one transaction,
    rolled back when only checking), so the check reports the clashes the import would meet."""
    known = {m.pk: m for m in _delegation_meetings(delegation)}
    slots = {s.pk: s for s in Slot.objects.filter(delegation=delegation)}
    interpreters = {i.pk: i for i in Interpreter.objects.filter(delegation=delegation)}
    zone = _zone(delegation)

    def find(data: dict):
        key = (data.get("meeting") or "").strip()
        return key, known.get(int(key)) if key.isdigit() else None

    report = []
    with transaction.atomic():
        for number, key, data, meeting, current, warnings in _rows_against_stored(
            rows,
            progress,
            report,
            find=find,
            missing=_("No meeting of this delegation has this number."),
            twice=_("This meeting already appeared in this file."),
            columns=MEETING_COLUMNS,
            editable=MEETING_EDITABLE,
            cells=lambda meeting: _meeting_cells(meeting, zone),
            read_only=_("The column “%(column)s” is not imported: change it on the meeting grid."),
        ):
            try:
                changes = _meeting_changes(data, current, slots, interpreters)
                if not changes:
                    report.append(_row_report(number, key, UNCHANGED, warnings))
                    continue
                with transaction.atomic():
                    _meeting_apply(actor, meeting, changes)
            except IntegrityError:
                # A rule the database keeps, broken by a change made meanwhile elsewhere.
                report.append(
                    _row_report(
                        number, key, FAILED, [_("The place was taken meanwhile."), *warnings]
                    )
                )
                continue
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", None) or [_("Not allowed.")]
                report.append(_row_report(number, key, FAILED, [*messages, *warnings]))
                continue
            report.append(_row_report(number, key, UPDATED, warnings))
        if not write:
            transaction.set_rollback(True)
    return report


# --- exchange records ----------------------------------------------------------------------


def _exchanges_table(actor: User, delegation: Delegation | None):
    queryset = exchanges_for_export(user=actor)
    # The archive's own export, already escaped; read back as rows for a sheet.
    reader = csv.reader(io.StringIO(exchanges_export_csv(queryset=queryset).decode("utf-8-sig")))
    header = next(reader)
    return header, queryset.count(), (row for row in reader)


def _exchanges_import(
    *, actor: User, delegation, rows: list[tuple[int, dict]], write: bool, progress
) -> list[dict]:
    header = list(rows[0][1]) if rows else ["key"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for _number, data in rows:
        writer.writerow([csv_cell_escape(data.get(column, "")) for column in header])
    try:
        parsed = rows_from_csv(out.getvalue().encode("utf-8"))
    except ImportFileError as error:
        raise ValidationError(error.message) from error
    with transaction.atomic():
        result = exchanges_import(rows=parsed, actor=actor, source_name=_("back-office import"))
        if not write:
            transaction.set_rollback(True)
    return [_row_report(r.row, r.key, str(r.outcome), r.messages) for r in result.rows]


DATASETS = {
    "delegates": Dataset(
        key="delegates",
        label=gettext_lazy("Delegates (registrations)"),
        permission="registrations.manage_registrations",
        per_delegation=True,
        table=_delegates_table,
        importer=_delegates_import,
    ),
    "payments": Dataset(
        key="payments",
        label=gettext_lazy("Payments"),
        permission="registrations.manage_registrations",
        per_delegation=True,
        table=_payments_table,
    ),
    "meetings": Dataset(
        key="meetings",
        label=gettext_lazy("Meetings"),
        permission="matchmaking.manage",
        per_delegation=True,
        table=_meetings_table,
        importer=_meetings_import,
    ),
    "exchanges": Dataset(
        key="exchanges",
        label=gettext_lazy("Exchange records"),
        permission="exchanges.import_exchanges",
        per_delegation=False,
        table=_exchanges_table,
        importer=_exchanges_import,
    ),
}


def get(key: str) -> Dataset:
    try:
        return DATASETS[key]
    except KeyError:
        raise ValidationError(_("Unknown data: %(name)s") % {"name": key}) from None


# --- files ---------------------------------------------------------------------------------


def write_file(header: list[str], rows, *, file_format: str, title: str) -> bytes:
    if file_format == "xlsx":
        return as_xlsx(header, rows, title=title)
    return as_csv(header, rows)


def read_file(content: bytes, *, file_format: str) -> list[tuple[int, dict]]:
    """The file's rows as (row number, {column: text}), escapes taken away.

    Raises ValidationError for a file that cannot be read at all.
    """
    if len(content) > MAX_IMPORT_SIZE:
        raise ValidationError(_("The file is larger than %(size)s MB.") % {"size": 5})
    if file_format == "xlsx":
        table = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("The file is not UTF-8 text: save it as CSV (UTF-8).")
            ) from error
        table = list(csv.reader(io.StringIO(text, newline="")))
    if not table or not any(table[0]):
        raise ValidationError(_("The file is empty."))
    if file_format == "xlsx":
        table = [[_xlsx_return(cell) for cell in cells] for cells in table]
    header = [cell.strip() for cell in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append(
            (
                number,
                {
                    column: csv_cell_unescape(cell)
                    for column, cell in zip(header, cells, strict=False)
                    if column
                },
            )
        )
    if not rows:
        raise ValidationError(_("The file contains no records."))
    return rows


def _xlsx_return(cell: str) -> str:
    # XML reads a carriage return as a line feed: an escaped cell that began with one
    # ("'\r…") comes back as "'\n…"; put it back, so the escape is recognised.
    stripped = cell.lstrip("'")
    if stripped != cell and stripped.startswith("\n"):
        return cell[: len(cell) - len(stripped)] + "\r" + stripped[1:]
    return cell


def _same(stored, incoming: str) -> bool:
    """Equal texts, whatever their line endings (a sheet keeps only line feeds)."""

    def plain(text) -> str:
        return _text(text).replace("\r\n", "\n").replace("\r", "\n").strip()

    return plain(stored) == plain(incoming)


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ValidationError(_("The file is not an XLSX workbook.")) from error
    sheet = book.worksheets[0]
    rows = [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows
