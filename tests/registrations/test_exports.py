"""The coordinator list as CSV and XLSX: filtered, with payments and answers, and safe."""

import csv
import io
from decimal import Decimal

import pytest
from moneyed import Money
from openpyxl import load_workbook

from tests.accounts.factories import UserFactory
from tests.payments.factories import coordinator_of, register
from tests.querycount import assert_flat_queries
from tests.registrations.factories import RegistrationPolicyFactory
from twinning.payments import services as payment_services
from twinning.registrations.models import Answer, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    policy = RegistrationPolicyFactory()
    visited = Question.objects.create(
        policy=policy,
        kind=Question.Kind.YES_NO,
        label_en="Have you been to Chongqing before?",
        label_zh_hans="您以前去过重庆吗？",
        position=1,
    )
    interests = Question.objects.create(
        policy=policy,
        kind=Question.Kind.MULTIPLE,
        label_en="Which site visits interest you?",
        label_zh_hans="您对哪些实地考察感兴趣？",
        position=2,
    )
    interests.choices.create(value="port", label_en="Guoyuan port", label_zh_hans="果园港")
    interests.choices.create(value="liangjiang", label_en="Liangjiang", label_zh_hans="两江新区")
    first = register(
        policy,
        UserFactory(full_name="Li Wei", email="li.wei@example.org"),
        company="Cascade Tunnelling Inc.",
        sector="Infrastructure",
        answers={visited.pk: "yes", interests.pk: ["port", "liangjiang"]},
    )
    coordinator = coordinator_of(policy.delegation)
    payment_services.payment_record(
        registration=first, amount=Money(1000, "USD"), actor=coordinator
    )
    return policy


def export_url(policy, kind, query=""):
    return f"/en/delegations/{policy.delegation.slug}/registrations/export.{kind}{query}"


@pytest.fixture
def coordinator_client(client, policy):
    client.force_login(policy.delegation.members.get(role="coordinator").user)
    return client


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


HEADER = [
    "Name",
    "E-mail",
    "Company or institution",
    "Job title",
    "Sector",
    "Status",
    "Seats",
    "Currency",
    "Total",
    "Paid",
    "Due",
    "Have you been to Chongqing before?",
    "Which site visits interest you?",
    "Registered",
]


def test_the_csv_lists_registrants_payments_and_answers(coordinator_client, policy):
    response = coordinator_client.get(export_url(policy, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, row = read_csv(response)
    assert header == HEADER
    assert row[:13] == [
        "Li Wei",
        "li.wei@example.org",
        "Cascade Tunnelling Inc.",
        "Director",
        "Infrastructure",
        "Awaiting payment",
        "1",
        "USD",
        "3520.00",
        "1000.00",
        "2520.00",
        "Yes",
        "Guoyuan port; Liangjiang",
    ]
    assert row[13][:4].isdigit()


def test_the_xlsx_holds_numbers_as_numbers(coordinator_client, policy):
    response = coordinator_client.get(export_url(policy, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = read_xlsx(response)
    assert header == HEADER
    assert row[0] == "Li Wei"
    assert (row[6], Decimal(str(row[8])), Decimal(str(row[9])), Decimal(str(row[10]))) == (
        1,
        Decimal(3520),
        Decimal(1000),
        Decimal(2520),
    )
    assert row[13].year >= 2026


def test_the_headers_and_answers_follow_the_readers_language(coordinator_client, policy):
    response = coordinator_client.get(
        f"/zh-hans/delegations/{policy.delegation.slug}/registrations/export.csv"
    )

    header, row = read_csv(response)
    assert header[11:13] == ["您以前去过重庆吗？", "您对哪些实地考察感兴趣？"]
    assert row[12] == "果园港、两江新区"


def test_the_export_follows_the_status_filter(coordinator_client, policy):
    response = coordinator_client.get(export_url(policy, "csv", "?status=confirmed"))

    assert read_csv(response) == [HEADER]
    assert "-confirmed.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(
    coordinator_client, policy, kind, typed
):
    register(policy, UserFactory(full_name="Zed"), company=typed)

    response = coordinator_client.get(export_url(policy, kind))

    rows = read_csv(response) if kind == "csv" else read_xlsx(response)
    # A sheet's XML keeps a carriage return as a line feed; the apostrophe comes first either way.
    assert rows[2][2].replace("\r", "\n") == ("'" + typed).replace("\r", "\n")


def test_the_list_links_to_both_exports_with_its_filter(coordinator_client, policy):
    page = coordinator_client.get(
        f"/en/delegations/{policy.delegation.slug}/registrations/?status=confirmed"
    ).content.decode()

    assert f'href="{export_url(policy, "csv", "?status=confirmed")}"' in page
    assert f'href="{export_url(policy, "xlsx", "?status=confirmed")}"' in page


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_only_the_delegations_coordinators_may_export(client, policy, kind):
    client.force_login(UserFactory())

    assert client.get(export_url(policy, kind)).status_code == 404


def test_an_unknown_export_type_is_not_found(coordinator_client, policy):
    assert coordinator_client.get(export_url(policy, "pdf")).status_code == 404


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_export_runs_as_many_queries_for_many_registrations(coordinator_client, policy, kind):
    questions = list(policy.questions.all())

    def grow():
        for n in range(5):
            registration = register(policy, UserFactory(), company=f"Company {n}")
            Answer.objects.create(registration=registration, question=questions[0], value="no")

    assert_flat_queries(coordinator_client, export_url(policy, kind), grow)
