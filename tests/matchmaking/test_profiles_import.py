"""Importing counterparts: a per-row preview that writes nothing, then the import, which
updates a profile found again instead of making a second one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.accounts.factories import CoordinatorFactory, verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.matchmaking.factories import CounterpartParticipantFactory, SectorFactory
from twinning.delegations.models import Member
from twinning.matchmaking import imports, services
from twinning.matchmaking.models import Participant

pytestmark = pytest.mark.django_db

CSV = (
    "kind,contact_email,organisation_en,organisation_zh_hans,seeks_zh_hans,sectors,languages,"
    "min_meetings,max_meetings\n"
    "counterpart,liu@example.cn,Rail Builders,轨道建设,采购盾构机,tunnelling-rail,zh,1,6\n"
    "official,office@example.cn,,商务委员会,,,zh,,\n"
    "company,bad@example.cn,Bad kind,,,,,,\n"
    "counterpart,not-an-address,No address,,,nope,xx,9,2\n"
)


@pytest.fixture
def delegation():
    SectorFactory(slug="tunnelling-rail")
    return DelegationFactory(slug="mission")


@pytest.fixture
def coordinator(client, delegation):
    user = CoordinatorFactory()
    MemberFactory(delegation=delegation, user=user, role=Member.Role.COORDINATOR)
    verified_login(client, user)
    return user


def _url(delegation):
    return reverse("matchmaking:counterparts_import", kwargs={"slug": delegation.slug})


def test_the_preview_reports_each_row_and_writes_nothing(client, delegation, coordinator):
    upload = SimpleUploadedFile("counterparts.csv", CSV.encode("utf-8"))

    response = client.post(_url(delegation), {"file": upload})

    rows = response.context["report"].rows
    assert response.status_code == 200
    assert [row.valid for row in rows] == [True, True, False, False]
    assert "“counterpart” or “official”" in rows[2].errors[0]
    assert len(rows[3].errors) == 4  # address, sector, language, at least above at most
    assert Participant.objects.count() == 0


def test_confirming_the_preview_imports_the_valid_rows(client, delegation, coordinator):
    preview = client.post(_url(delegation), {"file": SimpleUploadedFile("c.csv", CSV.encode())})

    response = client.post(_url(delegation), {"payload": preview.context["payload"]})

    report = response.context["report"]
    rail = Participant.objects.get(contact_email="liu@example.cn")
    assert (report.created, report.updated, report.invalid) == (2, 0, 2)
    assert (rail.organisation_zh_hans, rail.max_meetings, rail.languages) == ("轨道建设", 6, ["zh"])
    assert list(rail.sectors.values_list("slug", flat=True)) == ["tunnelling-rail"]


def test_a_tampered_preview_is_refused(client, delegation, coordinator):
    response = client.post(_url(delegation), {"payload": "[]:forged"})

    assert response.status_code == 400
    assert Participant.objects.count() == 0


def test_an_xlsx_file_imports_like_a_csv_one():
    book = Workbook()
    sheet = book.active
    sheet.append(["contact_email", "organisation_en", "max_meetings"])
    sheet.append(["a@example.cn", "Aero Parts", 5])
    content = io.BytesIO()
    book.save(content)

    rows = imports.read_rows(content.getvalue(), name="list.xlsx")

    assert rows == [
        {"contact_email": "a@example.cn", "organisation_en": "Aero Parts", "max_meetings": "5"}
    ]


def test_a_second_import_updates_by_email_and_by_id(delegation, coordinator):
    kept = CounterpartParticipantFactory(delegation=delegation, contact_email="k@example.cn")
    first = services.counterparts_import(
        actor=coordinator,
        delegation=delegation,
        rows=[{"contact_email": "LIU@example.cn", "organisation_en": "Rail Builders"}],
    )
    rail = Participant.objects.get(contact_email="liu@example.cn")

    second = services.counterparts_import(
        actor=coordinator,
        delegation=delegation,
        rows=[
            {"contact_email": "liu@example.cn", "offers_en": "Metro tunnels"},
            {"id": str(kept.pk), "organisation_en": "Renamed"},
        ],
    )

    rail.refresh_from_db()
    kept.refresh_from_db()
    assert (first.created, second.created, second.updated) == (1, 0, 2)
    assert (rail.organisation_en, rail.offers_en) == ("Rail Builders", "Metro tunnels")
    assert kept.organisation_en == "Renamed"
    assert Participant.objects.count() == 2


def test_an_id_of_another_delegation_is_an_invalid_row(delegation, coordinator):
    elsewhere = CounterpartParticipantFactory()

    report = services.counterparts_import(
        actor=coordinator,
        delegation=delegation,
        rows=[{"id": str(elsewhere.pk), "organisation_en": "Taken over"}],
    )

    elsewhere.refresh_from_db()
    assert (report.invalid, elsewhere.organisation_en) == (1, elsewhere.organisation_en)
    assert elsewhere.organisation_en != "Taken over"


def test_the_same_counterpart_twice_in_one_file_is_an_invalid_second_row(delegation, coordinator):
    report = services.counterparts_import(
        actor=coordinator,
        delegation=delegation,
        rows=[
            {"contact_email": "x@example.cn", "organisation_en": "One"},
            {"contact_email": "x@example.cn", "organisation_en": "Two"},
        ],
    )

    assert [row.valid for row in report.rows] == [True, False]
    assert Participant.objects.get().organisation_en == "One"
