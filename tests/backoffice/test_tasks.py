"""The check of an import runs in the background: the upload returns at once, the per-row
report appears when the task ends, with progress noted on the way."""

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.backoffice.factories import office
from tests.backoffice.transfers import import_data, transfer_of
from twinning.backoffice import services, tasks
from twinning.backoffice.models import Transfer

pytestmark = pytest.mark.django_db

LONG = 3000


def _file(o, rows: int) -> bytes:
    """One row for a registration of the delegation, the others for numbers it does not have."""
    lines = ["registration,email,company", f"{o.unpaid.pk},{o.unpaid.user.email},New Ltd"]
    lines += [f"{900000 + n},nobody{n}@example.org,X" for n in range(rows - 1)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _upload(client, o, rows: int):
    """POST the file; what was queued after commit is kept, not run. The transfer, the
    queued callbacks and the number of queries the request ran."""
    with (
        TestCase.captureOnCommitCallbacks(execute=False) as queued,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(*import_data(client, o, _file(o, rows), "long.csv"))
    return transfer_of(response), queued, len(queries)


def _page(client, transfer) -> str:
    return client.get(reverse("backoffice:transfer", kwargs={"pk": transfer.pk})).content.decode()


def test_the_upload_of_a_long_file_returns_before_any_row_is_checked(client):
    o = office()
    client.force_login(o.coordinator)

    transfer, queued, _queries = _upload(client, o, LONG)

    assert (transfer.status, transfer.report, len(queued)) == (Transfer.Status.CHECKING, [], 1)


def test_the_upload_runs_as_many_queries_for_a_long_file_as_for_one_row(client):
    o = office()
    client.force_login(o.coordinator)

    _t, _q, short = _upload(client, o, 1)
    _t, _q, long = _upload(client, o, LONG)

    assert long == short


def test_the_page_of_an_import_being_checked_refreshes_itself_without_a_report(client):
    o = office()
    client.force_login(o.coordinator)
    transfer, _queued, _queries = _upload(client, o, LONG)

    page = _page(client, transfer)

    assert '<meta http-equiv="refresh" content="3">' in page
    assert "What the import would do" not in page


def test_the_report_of_a_long_file_appears_when_the_check_ends(client):
    o = office()
    client.force_login(o.coordinator)
    transfer, queued, _queries = _upload(client, o, LONG)

    for callback in queued:
        callback()

    transfer.refresh_from_db()
    page = _page(client, transfer)
    o.unpaid.refresh_from_db()
    assert (transfer.status, len(transfer.report), transfer.done, transfer.total) == (
        Transfer.Status.CHECKED,
        LONG,
        LONG,
        LONG,
    )
    assert [r["outcome"] for r in transfer.report[:2]] == ["updated", "failed"]
    assert o.unpaid.company != "New Ltd"
    assert "What the import would do" in page
    assert '<meta http-equiv="refresh"' not in page


def test_the_check_notes_its_progress_as_it_goes(client, monkeypatch):
    o = office()
    client.force_login(o.coordinator)
    transfer, _queued, _queries = _upload(client, o, LONG)
    noted = []
    note = services.transfer_progress

    def spy(*, actor, transfer, done, total):
        noted.append((transfer.status, done, total))
        note(actor=actor, transfer=transfer, done=done, total=total)

    monkeypatch.setattr(services, "transfer_progress", spy)

    tasks.transfer_run.call(transfer.pk)

    assert noted[0] == (Transfer.Status.CHECKING, 0, LONG)
    assert [done for _status, done, _total in noted] == list(range(0, LONG + 1, 100))
    assert {status for status, _done, _total in noted} == {Transfer.Status.CHECKING}


def test_a_checked_import_is_not_checked_again(client):
    o = office()
    client.force_login(o.coordinator)
    transfer, queued, _queries = _upload(client, o, 2)
    for callback in queued:
        callback()

    assert tasks.transfer_run.call(transfer.pk) == Transfer.Status.CHECKED
    with pytest.raises(Exception, match="checked already"):
        services.transfer_check(actor=o.coordinator, transfer=Transfer.objects.get(pk=transfer.pk))


def test_a_file_that_cannot_be_read_fails_in_the_background(client):
    o = office()
    client.force_login(o.coordinator)
    url, data = import_data(client, o, b"\xff\xfe not text", "bad.csv")

    with TestCase.captureOnCommitCallbacks(execute=True):
        transfer = transfer_of(client.post(url, data))

    transfer.refresh_from_db()
    assert (transfer.status, "UTF-8" in transfer.error) == (Transfer.Status.FAILED, True)
