"""The back office's working lists, each a declaration (lists.py).

Registrations, payments, bank rows and meetings are a delegation's; messages, reports and
exchange records the office's.
"""

import datetime
import zoneinfo
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db.models import F, Max, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from djmoney.money import Money

from twinning.backoffice import services as backoffice_services
from twinning.backoffice.lists import Action, Column, Filter, WorkingList
from twinning.backoffice.models import Announcement
from twinning.core.templatetags.twinning import money_display, translated_value
from twinning.core.translation_fields import field_names
from twinning.exchanges.models import Exchange
from twinning.matchmaking import selectors as matchmaking_selectors
from twinning.matchmaking import services as matchmaking_services
from twinning.matchmaking.models import Interpreter, Meeting, Participant, Slot
from twinning.participation import services as participation_services
from twinning.participation.models import Message, Report
from twinning.payments import services as payment_services
from twinning.payments.models import BankRow, Payment
from twinning.payments.selectors import with_paid
from twinning.registrations import services as registration_services
from twinning.registrations.models import Registration
from twinning.registrations.seats import SeatsBusy

PAID, UNPAID = "paid", "unpaid"


# --- the pieces the lists share ------------------------------------------------------------


def _field_filter(name: str, label, choices) -> Filter:
    """Rows whose field ``name`` has the chosen one of ``choices`` (a model's choices)."""
    return Filter(name, label, lambda d: choices, lambda rows, v: rows.filter(**{name: v}))


def _status_filter(model) -> Filter:
    return _field_filter("status", gettext_lazy("Status"), model.Status.choices)


def _field_column(label, path: str) -> Column:
    """A field's value as it is, sorted by it: ``path`` as the ORM names it ("user__email")."""
    return Column(label, attrgetter(path.replace("__", ".")), sort=path)


def _money_column(label, name: str) -> Column:
    return Column(label, lambda obj: money_display(getattr(obj, name)), sort=name)


def _display_column(label, name: str) -> Column:
    """A choice field in the reader's language, sorted by its value."""
    return Column(label, lambda obj: getattr(obj, f"get_{name}_display")(), sort=name)


def _status_column() -> Column:
    return _display_column(gettext_lazy("Status"), "status")


def _call(service, argument: str, **fixed):
    """An action's run: ``service`` with the row as ``argument``, the actor and ``fixed``."""
    return lambda *, actor, obj: service(actor=actor, **{argument: obj}, **fixed)


def _transfer_link(dataset: str, label, delegation=None) -> tuple[str, object]:
    """The export and import page of ``dataset`` (of the delegation, if it is one's)."""
    url = reverse("backoffice:transfer_start", kwargs={"dataset": dataset})
    return (f"{url}?delegation={delegation.slug}" if delegation else url, label)


# --- registrations -------------------------------------------------------------------------


def _registrations(delegation):
    return with_paid(Registration.objects.filter(delegation=delegation)).select_related("user")


def _payment_state(rows, value):
    owing = rows.filter(
        status__in=[Registration.Status.AWAITING_PAYMENT, Registration.Status.CONFIRMED]
    )
    if value == UNPAID:
        return owing.filter(paid_amount__lt=F("total"))
    return owing.filter(paid_amount__gte=F("total"))


def _decide(approve: bool):
    def run(*, actor, obj):
        try:
            registration_services.registration_decide(
                registration=obj, actor=actor, approve=approve
            )
        except SeatsBusy as error:
            raise ValidationError(
                _("Many people are registering right now: please try again.")
            ) from error

    return run


def _registration_links(delegation, state):
    links = []
    if state.get("payment") == UNPAID:
        url = reverse("backoffice:announce", kwargs={"slug": delegation.slug})
        links.append(
            (
                f"{url}?group={Announcement.Group.UNPAID}",
                gettext_lazy("Write to everyone who has not paid"),
            )
        )
    links.append(
        _transfer_link("delegates", gettext_lazy("Export or import delegates"), delegation)
    )
    return links


REGISTRATIONS = WorkingList(
    key="registrations",
    title=gettext_lazy("Registrations"),
    permission="registrations.manage_registrations",
    rows=_registrations,
    columns=[
        _field_column(gettext_lazy("Name"), "user__full_name"),
        _field_column(gettext_lazy("E-mail"), "user__email"),
        _field_column(gettext_lazy("Company or institution"), "company"),
        _field_column(gettext_lazy("Seats"), "seats"),
        _status_column(),
        _money_column(gettext_lazy("Total"), "total"),
        Column(
            gettext_lazy("Paid"),
            lambda r: money_display(Money(r.paid_amount, r.total.currency)),
        ),
        _field_column(gettext_lazy("Registered"), "created_at"),
    ],
    row_label=lambda r: r.user.full_name or r.user.email,
    filters=[
        _status_filter(Registration),
        Filter(
            "payment",
            gettext_lazy("Payment"),
            lambda d: [
                (UNPAID, gettext_lazy("Not paid in full")),
                (PAID, gettext_lazy("Paid in full")),
            ],
            _payment_state,
        ),
    ],
    search=("user__full_name", "user__email", "company"),
    default_sort="created_at",
    actions=[
        Action("approve", gettext_lazy("Approve"), _decide(True)),
        Action("refuse", gettext_lazy("Refuse"), _decide(False)),
        Action(
            "remind",
            gettext_lazy("Send a payment reminder"),
            _call(backoffice_services.payment_reminder_send, "registration"),
        ),
    ],
    links=_registration_links,
)

# --- payments ------------------------------------------------------------------------------

PAYMENTS = WorkingList(
    key="payments",
    title=gettext_lazy("Payments"),
    permission="registrations.manage_registrations",
    rows=lambda d: Payment.objects.filter(registration__delegation=d).select_related(
        "registration__user"
    ),
    columns=[
        _field_column(gettext_lazy("Received"), "received_at"),
        Column(
            gettext_lazy("Registrant"),
            lambda p: p.registration.user.full_name,
            sort="registration__user__full_name",
        ),
        _money_column(gettext_lazy("Amount"), "amount"),
        _display_column(gettext_lazy("Method"), "method"),
        Column(gettext_lazy("Note"), lambda p: p.note),
    ],
    row_label=lambda p: f"{p.registration.user.full_name} {money_display(p.amount)}",
    filters=[
        _field_filter("method", gettext_lazy("Method"), Payment.Method.choices),
    ],
    search=("registration__user__full_name", "registration__user__email", "note"),
    default_sort="-received_at",
    links=lambda d, s: [_transfer_link("payments", gettext_lazy("Export payments"), d)],
)

# --- bank rows -----------------------------------------------------------------------------

BANK_ROWS = WorkingList(
    key="bank_rows",
    title=gettext_lazy("Bank statement rows"),
    permission="payments.match_row",
    rows=lambda d: BankRow.objects.filter(statement__delegation=d).select_related(
        "statement__delegation", "registration__user"
    ),
    columns=[
        _field_column(gettext_lazy("Booked"), "booking_date"),
        _money_column(gettext_lazy("Amount"), "amount"),
        _field_column(gettext_lazy("Reference"), "reference"),
        _field_column(gettext_lazy("From"), "counterparty"),
        _status_column(),
        Column(
            gettext_lazy("Registration"),
            lambda r: r.registration.user.full_name if r.registration else "",
        ),
    ],
    row_label=lambda r: f"{r.booking_date} {r.reference}",
    filters=[
        _status_filter(BankRow),
    ],
    search=("reference", "counterparty"),
    default_sort="booking_date",
    actions=[
        Action(
            "ignore",
            gettext_lazy("Not a payment: ignore"),
            _call(payment_services.row_ignore, "row"),
        ),
    ],
)

# --- meetings ------------------------------------------------------------------------------

YES, NO, NOBODY = "yes", "no", "none"


def _meetings(delegation):
    return Meeting.objects.filter(delegation=delegation).select_related(
        "slot__venue",
        "interpreter",
        "participant_a__member__user",
        "participant_b__member__user",
        "delegation__relationship__city_a",
        "delegation__relationship__city_b",
    )


def _person(participant: Participant) -> str:
    """The organisation (in the reader's language) and who comes for it."""
    name = participant.contact_name
    if participant.member_id:
        name = participant.member.user.full_name or name
    return f"{participant} ({name})" if name else str(participant)


def _when(slot: Slot, delegation) -> str:
    """Where the meetings are: the slot's venue's time, else the destination city's."""
    zone = matchmaking_selectors.slot_zone(slot, delegation)
    return date_format(timezone.localtime(slot.starts_at, zone), "SHORT_DATETIME_FORMAT")


def _meetings_zone(delegation):
    return zoneinfo.ZoneInfo(delegation.cities[1].time_zone)


def _days(delegation):
    """The meeting days where the meetings are; a day's value is its local midnight, so the
    filter needs no zone of its own."""
    zone = _meetings_zone(delegation)
    days = (
        Slot.objects.filter(delegation=delegation)
        .annotate(day=TruncDate("starts_at", tzinfo=zone))
        .values_list("day", flat=True)
        .order_by("day")
        .distinct()
    )
    return [
        (datetime.datetime.combine(day, datetime.time(), zone).isoformat(), date_format(day))
        for day in days
    ]


def _on_day(rows, value):
    try:
        start = datetime.datetime.fromisoformat(value)
    except ValueError:
        return rows.none()
    if start.tzinfo is None:
        return rows.none()
    return rows.filter(
        slot__starts_at__gte=start, slot__starts_at__lt=start + datetime.timedelta(days=1)
    )


def _tables(delegation):
    most = Slot.objects.filter(delegation=delegation).aggregate(most=Max("tables"))["most"]
    return [(str(n), str(n)) for n in range(1, (most or 0) + 1)]


def _with_interpreter(rows, value):
    if value == NOBODY:
        return rows.filter(interpreter__isnull=True)
    return rows.filter(interpreter_id=value)


def _meeting_lock(locked: bool):
    return _call(matchmaking_services.meeting_lock, "meeting", locked=locked)


def _meeting_attendance(attendance: str):
    return _call(matchmaking_services.meeting_attendance_set, "meeting", attendance=attendance)


MEETINGS = WorkingList(
    key="meetings",
    title=gettext_lazy("Meetings"),
    permission="matchmaking.manage",
    rows=_meetings,
    columns=[
        Column(gettext_lazy("Slot"), lambda m: _when(m.slot, m.delegation), sort="slot__starts_at"),
        _field_column(gettext_lazy("Table"), "table"),
        Column(
            gettext_lazy("First participant"),
            lambda m: _person(m.participant_a),
            sort="participant_a__organisation",
        ),
        Column(
            gettext_lazy("Second participant"),
            lambda m: _person(m.participant_b),
            sort="participant_b__organisation",
        ),
        Column(
            gettext_lazy("Interpreter"),
            lambda m: m.interpreter.name if m.interpreter else "",
            sort="interpreter__name",
        ),
        _status_column(),
        Column(gettext_lazy("Locked"), lambda m: _("Yes") if m.locked else _("No"), sort="locked"),
        _display_column(gettext_lazy("Attendance"), "attendance"),
    ],
    row_label=lambda m: f"{_when(m.slot, m.delegation)}, {m.table}: {m}",
    filters=[
        Filter("day", gettext_lazy("Day"), _days, _on_day),
        Filter(
            "slot",
            gettext_lazy("Slot"),
            lambda d: [
                (str(s.pk), _when(s, d))
                for s in Slot.objects.filter(delegation=d)
                .select_related("venue")
                .order_by("starts_at")
            ],
            lambda rows, v: rows.filter(slot_id=v),
        ),
        _status_filter(Meeting),
        _field_filter("attendance", gettext_lazy("Attendance"), Meeting.Attendance.choices),
        Filter(
            "participant",
            gettext_lazy("Participant"),
            lambda d: [
                (str(p.pk), str(p))
                for p in Participant.objects.filter(delegation=d).order_by("organisation", "pk")
            ],
            lambda rows, v: rows.filter(Q(participant_a_id=v) | Q(participant_b_id=v)),
        ),
        Filter("table", gettext_lazy("Table"), _tables, lambda rows, v: rows.filter(table=v)),
        Filter(
            "interpreter",
            gettext_lazy("Interpreter"),
            lambda d: [
                (NOBODY, gettext_lazy("No interpreter")),
                *[
                    (str(i.pk), i.name)
                    for i in Interpreter.objects.filter(delegation=d).order_by("name", "pk")
                ],
            ],
            _with_interpreter,
        ),
        Filter(
            "locked",
            gettext_lazy("Locked"),
            lambda d: [(YES, gettext_lazy("Locked")), (NO, gettext_lazy("Not locked"))],
            lambda rows, v: rows.filter(locked=v == YES),
        ),
    ],
    search=(
        *[
            f"participant_{side}__{name}"
            for side in ("a", "b")
            for name in (*field_names("organisation"), "contact_name", "member__user__full_name")
        ],
        "interpreter__name",
    ),
    default_sort="slot__starts_at",
    actions=[
        Action("lock", gettext_lazy("Lock (the scheduler keeps them)"), _meeting_lock(True)),
        Action(
            "unlock", gettext_lazy("Unlock (the scheduler may move them)"), _meeting_lock(False)
        ),
        Action(
            "cancel",
            gettext_lazy("Cancel (frees the table; both sides are told)"),
            _call(matchmaking_services.meeting_cancel, "meeting"),
        ),
        Action("held", gettext_lazy("Took place"), _meeting_attendance(Meeting.Attendance.HELD)),
        Action(
            "no_show_a",
            gettext_lazy("No-show: first participant"),
            _meeting_attendance(Meeting.Attendance.NO_SHOW_A),
        ),
        Action(
            "no_show_b",
            gettext_lazy("No-show: second participant"),
            _meeting_attendance(Meeting.Attendance.NO_SHOW_B),
        ),
        Action(
            "no_show_both",
            gettext_lazy("No-show: neither came"),
            _meeting_attendance(Meeting.Attendance.NO_SHOW_BOTH),
        ),
    ],
    links=lambda d, s: [
        _transfer_link("meetings", gettext_lazy("Export or import meetings"), d),
        (
            reverse("matchmaking:grid", kwargs={"slug": d.slug}),
            gettext_lazy("Meeting grid"),
        ),
    ],
)

# --- the office's lists --------------------------------------------------------------------

MESSAGES = WorkingList(
    key="messages",
    title=gettext_lazy("Messages"),
    permission="participation.handle_messages",
    per_delegation=False,
    rows=lambda d: Message.objects.all(),
    columns=[
        _field_column(gettext_lazy("Received"), "created_at"),
        _field_column(gettext_lazy("From"), "name"),
        Column(
            gettext_lazy("Subject"),
            lambda m: m.subject,
            sort="subject",
            link=lambda m: reverse("participation_backoffice:message", kwargs={"pk": m.pk}),
        ),
        _status_column(),
    ],
    row_label=lambda m: m.subject,
    filters=[
        _status_filter(Message),
    ],
    search=("name", "email", "subject", "organisation"),
    default_sort="-created_at",
    actions=[
        Action(
            "close",
            gettext_lazy("Mark handled (close)"),
            _call(participation_services.message_close, "message"),
        ),
    ],
)

REPORTS = WorkingList(
    key="reports",
    title=gettext_lazy("Reports"),
    permission="participation.view_reports",
    per_delegation=False,
    rows=lambda d: Report.objects.select_related("handled_by"),
    columns=[
        _field_column(gettext_lazy("Received"), "received_at"),
        Column(
            gettext_lazy("Reason"),
            lambda r: r.get_reason_display(),
            sort="reason",
            link=lambda r: reverse("participation_backoffice:report", kwargs={"pk": r.pk}),
        ),
        Column(gettext_lazy("Page"), lambda r: r.url),
        _status_column(),
        Column(
            gettext_lazy("Handled by"), lambda r: r.handled_by.full_name if r.handled_by else ""
        ),
    ],
    row_label=lambda r: f"{r.get_reason_display()} {r.url}",
    filters=[
        _status_filter(Report),
        _field_filter("reason", gettext_lazy("Reason"), Report.Reason.choices),
    ],
    search=("url", "details"),
    default_sort="-received_at",
    actions=[
        Action(
            "review",
            gettext_lazy("Start the review"),
            _call(participation_services.report_start_review, "report"),
        ),
        Action(
            "dismiss",
            gettext_lazy("Mark handled (dismiss)"),
            _call(participation_services.report_close, "report", hide=False),
        ),
    ],
)

EXCHANGES = WorkingList(
    key="exchanges",
    title=gettext_lazy("Exchange records"),
    permission="exchanges.import_exchanges",
    per_delegation=False,
    rows=lambda d: Exchange.objects.select_related("relationship", "category"),
    columns=[
        _field_column(gettext_lazy("Key"), "key"),
        Column(
            gettext_lazy("Title"),
            lambda e: translated_value(e, "title")[0],
            link=lambda e: reverse("admin:exchanges_exchange_change", args=[e.pk]),
        ),
        Column(gettext_lazy("Date"), lambda e: e.date_display, sort="date_start"),
        _status_column(),
    ],
    row_label=lambda e: e.key,
    filters=[
        _status_filter(Exchange),
    ],
    search=("key", *field_names("title")),
    default_sort="key",
    links=lambda d, s: [
        _transfer_link("exchanges", gettext_lazy("Export or import exchange records"))
    ],
)

DELEGATION_LISTS = {spec.key: spec for spec in (REGISTRATIONS, PAYMENTS, BANK_ROWS, MEETINGS)}
OFFICE_LISTS = {spec.key: spec for spec in (MESSAGES, REPORTS, EXCHANGES)}
