"""The meetings' export and import: neutralised formula cells, a report before anything is
written, every rule of the scheduler's checker on each row, and a re-import that changes
nothing."""

import csv
import io

import pytest
from django.urls import reverse

from tests.accounts.factories import verified_login
from tests.backoffice.meetings_world import build, more_meetings
from tests.backoffice.transfers import confirm, do_import, download, export, xlsx_cells
from tests.matchmaking.factories import CounterpartParticipantFactory
from twinning.audit.models import AuditEntry
from twinning.backoffice.datasets import MEETING_COLUMNS
from twinning.backoffice.models import Transfer
from twinning.matchmaking.models import Meeting

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def world(client):
    world = build()
    verified_login(client, world.coordinator)
    return world


def _meetings():
    return list(Meeting.objects.order_by("pk").values())


def _csv(world, rows: list[dict]) -> bytes:
    """A file of the given columns, one line per row."""
    header = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _check(client, world, rows: list[dict]) -> Transfer:
    return do_import(client, world, _csv(world, rows), "meetings.csv", dataset="meetings")


def _outcomes(transfer) -> list[str]:
    return [row["outcome"] for row in transfer.report]


def _messages(transfer) -> str:
    return " ".join(m for row in transfer.report for m in row["messages"])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_re_import_of_the_meetings_export_changes_nothing(client, world, file_format):
    world.counterpart.organisation_en = world.counterpart.organisation_zh_hans = FORMULA
    world.counterpart.save()
    cancelled = more_meetings(world, 3)[0]
    Meeting.objects.filter(pk=world.meeting.pk).update(locked=True, attendance="held")
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    content = download(client, export(client, world, "meetings", file_format))
    before = _meetings()

    checked = do_import(client, world, content, f"meetings.{file_format}", dataset="meetings")
    done = confirm(client, checked)

    assert done.status == Transfer.Status.DONE
    assert _outcomes(done) == ["unchanged"] * 4
    assert _meetings() == before


def test_the_meetings_xlsx_export_neutralises_a_formula_organisation(client, world):
    world.counterpart.organisation_en = FORMULA
    world.counterpart.save()

    rows = xlsx_cells(download(client, export(client, world, "meetings", "xlsx")))

    assert rows[0] == MEETING_COLUMNS
    assert rows[1][MEETING_COLUMNS.index("organisation_b")] == "'" + FORMULA


def test_the_meetings_export_has_the_delegations_meetings_only(client, world):
    more_meetings(world, 2)
    build(slug="elsewhere")

    rows = xlsx_cells(download(client, export(client, world, "meetings", "xlsx")))

    assert sorted(int(r[0]) for r in rows[1:]) == sorted(
        Meeting.objects.filter(delegation=world.delegation).values_list("pk", flat=True)
    )


def test_a_moved_table_is_reported_then_written_once_confirmed(client, world):
    row = {"meeting": world.meeting.pk, "slot": world.slots[1].pk, "table": 5}

    checked = _check(client, world, [row])
    status, unchanged = checked.status, Meeting.objects.get(pk=world.meeting.pk)
    done = confirm(client, checked)
    moved = Meeting.objects.get(pk=world.meeting.pk)

    assert (status, _outcomes(checked)) == (Transfer.Status.CHECKED, ["updated"])
    assert (unchanged.slot_id, unchanged.table) == (world.slots[0].pk, 1)
    assert (done.status, moved.slot_id, moved.table, moved.locked) == (
        Transfer.Status.DONE,
        world.slots[1].pk,
        5,
        True,
    )


def test_a_row_can_unlock_and_record_attendance(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(locked=True)

    confirm(
        client,
        _check(
            client, world, [{"meeting": world.meeting.pk, "locked": "no", "attendance": "held"}]
        ),
    )

    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert (meeting.locked, meeting.attendance) == (False, "held")


def test_a_move_onto_a_taken_table_is_a_failed_row(client, world):
    other = more_meetings(world, 1)[0]

    checked = _check(client, world, [{"meeting": other.pk, "slot": world.slots[0].pk, "table": 1}])

    assert _outcomes(checked) == ["failed"]
    assert "Table 1 is taken in this slot" in _messages(checked)


def test_a_row_clashing_with_an_earlier_rows_move_fails(client, world):
    first, second = more_meetings(world, 2)
    rows = [
        {"meeting": first.pk, "slot": world.slots[2].pk, "table": 9},
        {"meeting": second.pk, "slot": world.slots[2].pk, "table": 9},
    ]

    checked = _check(client, world, rows)
    outcomes = _outcomes(checked)
    done = confirm(client, checked)

    assert outcomes == ["updated", "failed"]
    assert _outcomes(done) == ["updated", "failed"]
    assert Meeting.objects.filter(slot=world.slots[2], table=9).get().pk == first.pk
    assert (Meeting.objects.get(pk=second.pk).slot_id, Meeting.objects.get(pk=second.pk).table) == (
        second.slot_id,
        second.table,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: {"table": 11}, "Table 11 does not exist in this slot"),
        (lambda w: {"interpreter": ""}, "share no language: the meeting needs an interpreter"),
        (lambda w: {"slot": 999999}, "No slot of this delegation has the number 999999"),
        (lambda w: {"table": "x"}, "The table must be a number from 1"),
        (lambda w: {"locked": "maybe"}, "Locked is “yes” or “no”"),
        (lambda w: {"attendance": "late"}, "Unknown attendance: late"),
        (lambda w: {"interpreter": 999999}, "No interpreter of this delegation has the number"),
    ],
)
def test_a_row_breaking_a_rule_is_a_failed_row(client, world, change, message):
    checked = _check(client, world, [{"meeting": world.meeting.pk, **change(world)}])

    assert _outcomes(checked) == ["failed"]
    assert message in _messages(checked)


def test_a_participant_unavailable_in_the_slot_is_a_failed_row(client, world):
    world.delegate.unavailable_slots.add(world.slots[1])

    checked = _check(
        client, world, [{"meeting": world.meeting.pk, "slot": world.slots[1].pk, "table": 1}]
    )

    assert (_outcomes(checked), "is not available in this slot" in _messages(checked)) == (
        ["failed"],
        True,
    )


def test_a_participant_in_two_meetings_of_a_slot_is_a_failed_row(client, world):
    partner = CounterpartParticipantFactory(delegation=world.delegation, languages=["en"])
    second = Meeting.objects.create(
        delegation=world.delegation,
        participant_a=world.delegate,
        participant_b=partner,
        slot=world.slots[1],
        table=1,
    )

    checked = _check(client, world, [{"meeting": second.pk, "slot": world.slots[0].pk, "table": 2}])

    assert "has another meeting in this slot" in _messages(checked)


def test_a_meeting_of_another_delegation_is_a_failed_row(client, world):
    theirs = build(slug="elsewhere").meeting

    checked = _check(client, world, [{"meeting": theirs.pk, "table": 2}])

    assert _outcomes(checked) == ["failed"]
    assert Meeting.objects.get(pk=theirs.pk).table == 1


def test_a_meeting_twice_in_a_file_fails_the_second_time(client, world):
    rows = [{"meeting": world.meeting.pk, "table": 2}, {"meeting": world.meeting.pk, "table": 3}]

    assert _outcomes(_check(client, world, rows)) == ["updated", "failed"]


def test_a_changed_read_only_column_is_reported_not_imported(client, world):
    checked = _check(client, world, [{"meeting": world.meeting.pk, "organisation_a": "Other"}])
    confirm(client, checked)

    assert [(r["outcome"], len(r["messages"])) for r in checked.report] == [("unchanged", 1)]
    assert Meeting.objects.get(pk=world.meeting.pk).participant_a == world.delegate


def test_a_status_changed_to_cancelled_cancels_the_meeting_once_confirmed(client, world):
    checked = _check(client, world, [{"meeting": world.meeting.pk, "status": "cancelled"}])
    status = Meeting.objects.get(pk=world.meeting.pk).status
    confirm(client, checked)

    assert (_outcomes(checked), status) == (["updated"], "scheduled")
    assert Meeting.objects.get(pk=world.meeting.pk).status == "cancelled"
    assert AuditEntry.objects.filter(action="matchmaking.meeting_cancelled").count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"status": "postponed"}, "The status can only become “cancelled”"),
        ({"status": "cancelled", "table": "2"}, "takes no other change in the same row"),
    ],
)
def test_a_status_that_is_no_cancellation_fails_its_row(client, world, row, message):
    checked = _check(client, world, [{"meeting": world.meeting.pk, **row}])

    assert (_outcomes(checked), message in _messages(checked)) == (["failed"], True)
    assert Meeting.objects.get(pk=world.meeting.pk).status == "scheduled"


def test_a_cancelled_meetings_row_cannot_bring_it_back(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status="cancelled")

    checked = _check(client, world, [{"meeting": world.meeting.pk, "status": "scheduled"}])

    assert _outcomes(checked) == ["failed"]


def test_the_meetings_import_page_is_not_found_for_another_delegation(client, world):
    other = build(slug="elsewhere")
    url = reverse("backoffice:transfer_start", kwargs={"dataset": "meetings"})

    response = client.get(f"{url}?delegation={other.delegation.slug}")

    assert response.status_code == 404


def test_a_place_taken_meanwhile_fails_its_row_and_the_next_rows_go_on(client, world, monkeypatch):
    from django.db import IntegrityError

    from twinning.backoffice import datasets

    other = more_meetings(world, 1)[0]
    apply = datasets._meeting_apply

    def taken_for_the_first(actor, meeting, changes):
        if meeting.pk == world.meeting.pk:
            raise IntegrityError("matchmaking_meeting_one_per_table")
        apply(actor, meeting, changes)

    monkeypatch.setattr(datasets, "_meeting_apply", taken_for_the_first)
    rows = [{"meeting": world.meeting.pk, "table": 7}, {"meeting": other.pk, "table": 8}]

    checked = _check(client, world, rows)

    assert _outcomes(checked) == ["failed", "updated"]
    assert "taken meanwhile" in _messages(checked)
