"""Exports and imports: neutralised formula cells, a report before writing, round trips."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.accounts.factories import UserFactory, verified_login
from tests.backoffice import transfers
from tests.backoffice.factories import office
from tests.exchanges.factories import ExchangeFactory
from twinning.accounts.models import Role
from twinning.backoffice import services
from twinning.backoffice.models import Transfer
from twinning.exchanges.models import Exchange
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db


_post = transfers.post
_download = transfers.download
_xlsx_cells = transfers.xlsx_cells


def _export(client, o, dataset="delegates", file_format="xlsx") -> Transfer:
    return transfers.export(client, o, dataset, file_format)


def _import(client, o, content: bytes, name: str, dataset="delegates") -> Transfer:
    return transfers.do_import(client, o, content, name, dataset)


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def _formula_office():
    o = office()
    registration = o.unpaid
    registration.company, registration.job_title = FORMULAS[0], FORMULAS[1]
    registration.sector, registration.dietary_needs = FORMULAS[2], FORMULAS[3]
    registration.room_sharing, registration.emergency_contact = FORMULAS[4], FORMULAS[5]
    registration.save()
    return o


def test_the_xlsx_export_neutralises_formula_cells(client):
    o = _formula_office()
    client.force_login(o.coordinator)

    rows = _xlsx_cells(_download(client, _export(client, o, file_format="xlsx")))

    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == str(o.unpaid.pk))
    cells = [row[header.index(c)] for c in ("company", "job_title", "sector", "dietary_needs")]
    assert cells == ["'" + f for f in FORMULAS[:4]]


def test_the_xlsx_export_keeps_formula_cells_as_text_not_formulas(client):
    o = _formula_office()
    client.force_login(o.coordinator)
    content = _download(client, _export(client, o, file_format="xlsx"))

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]

    assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {"s", "inlineStr", "n"}


def test_the_csv_export_neutralises_formula_cells(client):
    o = _formula_office()
    client.force_login(o.coordinator)

    content = _download(client, _export(client, o, file_format="csv"))

    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["registration"] == str(o.unpaid.pk))
    assert [row[c] for c in ("company", "room_sharing", "emergency_contact")] == [
        "'" + FORMULAS[0],
        "'" + FORMULAS[4],
        "'" + FORMULAS[5],
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_re_import_of_an_export_changes_nothing(client, file_format):
    o = _formula_office()
    client.force_login(o.coordinator)
    content = _download(client, _export(client, o, file_format=file_format))
    before = list(Registration.objects.order_by("pk").values())

    checked = _import(client, o, content, f"delegates.{file_format}")
    _post(client, reverse("backoffice:transfer_confirm", kwargs={"pk": checked.pk}))

    checked.refresh_from_db()
    assert checked.status == Transfer.Status.DONE
    assert {row["outcome"] for row in checked.report} == {"unchanged"}
    assert list(Registration.objects.order_by("pk").values()) == before


def _changed_csv(o, company: str) -> bytes:
    return (
        f"registration,email,company\r\n{o.unpaid.pk},{o.unpaid.user.email},{company}\r\n"
    ).encode()


def test_an_import_shows_its_report_before_anything_is_written(client):
    o = office()
    client.force_login(o.coordinator)

    checked = _import(client, o, _changed_csv(o, "New Company Ltd"), "delegates.csv")

    o.unpaid.refresh_from_db()
    page = client.get(reverse("backoffice:transfer", kwargs={"pk": checked.pk}))
    assert (checked.status, o.unpaid.company) == (
        Transfer.Status.CHECKED,
        "Cascade Tunnelling Inc.",
    )
    assert [r["outcome"] for r in checked.report] == ["updated"]
    assert "What the import would do" in page.content.decode()


def test_a_confirmed_import_writes_the_checked_rows(client):
    o = office()
    client.force_login(o.coordinator)
    checked = _import(client, o, _changed_csv(o, "New Company Ltd"), "delegates.csv")

    _post(client, reverse("backoffice:transfer_confirm", kwargs={"pk": checked.pk}))

    o.unpaid.refresh_from_db()
    assert o.unpaid.company == "New Company Ltd"


def test_an_import_reports_a_row_it_cannot_place(client):
    o = office()
    client.force_login(o.coordinator)
    content = b"registration,email,company\r\n999999,nobody@example.org,X\r\n"

    checked = _import(client, o, content, "delegates.csv")

    assert [r["outcome"] for r in checked.report] == ["failed"]


def test_a_read_only_column_that_changed_is_reported_not_imported(client):
    o = office()
    client.force_login(o.coordinator)
    content = f"registration,status\r\n{o.unpaid.pk},confirmed\r\n".encode()

    checked = _import(client, o, content, "delegates.csv")

    assert [(r["outcome"], len(r["messages"])) for r in checked.report] == [("unchanged", 1)]


def test_a_confirmed_import_runs_once(client):
    o = office()
    client.force_login(o.coordinator)
    checked = _import(client, o, _changed_csv(o, "New Company Ltd"), "delegates.csv")
    _post(client, reverse("backoffice:transfer_confirm", kwargs={"pk": checked.pk}))

    with pytest.raises(Exception, match="started already"):
        services.transfer_confirm(actor=o.coordinator, transfer=checked)


def test_someone_elses_transfer_is_not_found(client):
    o = office()
    client.force_login(o.coordinator)
    transfer = _export(client, o)
    client.force_login(UserFactory())

    response = client.get(reverse("backoffice:transfer", kwargs={"pk": transfer.pk}))

    assert response.status_code == 404


def test_the_progress_page_shows_how_far_an_export_is(client):
    o = office()
    client.force_login(o.coordinator)

    transfer = _export(client, o)
    page = client.get(reverse("backoffice:transfer", kwargs={"pk": transfer.pk}))

    assert '<progress id="transfer-progress" max="100" value="100">' in page.content.decode()
    assert "2 of 2 rows" in page.content.decode()


def test_the_payments_export_lists_every_payment(client):
    o = office()
    client.force_login(o.coordinator)

    rows = _xlsx_cells(_download(client, _export(client, o, dataset="payments")))

    assert (rows[0][:2], len(rows)) == (["payment", "registration"], 2)


def _moderator(client):
    user = UserFactory(role=Role.MODERATOR, is_staff=True)
    verified_login(client, user)
    return user


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exchange_records_export_and_import_again_unchanged(client, file_format):
    ExchangeFactory(title_en="=cmd|' /C calc'!A0")
    ExchangeFactory()
    _moderator(client)
    content = _download(client, _export(client, None, dataset="exchanges", file_format=file_format))
    before = list(Exchange.objects.order_by("pk").values())

    checked = _import(client, None, content, f"records.{file_format}", dataset="exchanges")
    _post(client, reverse("backoffice:transfer_confirm", kwargs={"pk": checked.pk}))

    checked.refresh_from_db()
    assert [r["outcome"] for r in checked.report] == ["unchanged", "unchanged"]
    assert list(Exchange.objects.order_by("pk").values()) == before


def test_the_exchange_xlsx_export_neutralises_a_formula_title(client):
    ExchangeFactory(title_en="=cmd|' /C calc'!A0")
    _moderator(client)

    rows = _xlsx_cells(_download(client, _export(client, None, dataset="exchanges")))

    assert rows[1][rows[0].index("title_en")] == "'=cmd|' /C calc'!A0"


def test_an_exchange_import_writes_nothing_until_confirmed(client):
    _moderator(client)
    from tests.cities.factories import RelationshipFactory
    from tests.exchanges.factories import CategoryFactory

    RelationshipFactory(slug="seattle-chongqing")
    CategoryFactory(slug="visits")
    content = b"key,relationship,category,title_en\r\nnew-one,seattle-chongqing,visits,New\r\n"

    checked = _import(client, None, content, "records.csv", dataset="exchanges")

    assert ([r["outcome"] for r in checked.report], Exchange.objects.count()) == (["created"], 0)
