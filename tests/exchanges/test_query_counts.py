"""The back office's import and export pages run as many queries for 20 records as for 2."""

import csv
import io
import json

import pytest

from tests.accounts.factories import CoordinatorFactory, verified_login
from tests.exchanges.factories import ExchangeFactory, ParticipationFactory, QuantityFactory
from tests.people.factories import OrganisationFactory
from tests.querycount import assert_flat_queries
from twinning.exchanges.models import Exchange

pytestmark = pytest.mark.django_db


def records(count: int) -> None:
    """Records with everything an export row holds, drafts and hidden ones among them."""
    for n in range(count):
        exchange = ExchangeFactory(hidden=n % 3 == 1)
        if n % 3 == 2:
            Exchange.objects.filter(pk=exchange.pk).update(
                status=Exchange.Status.DRAFT, published_at=None
            )
        ParticipationFactory.create_batch(2, exchange=exchange)
        QuantityFactory(exchange=exchange)
        exchange.organisations.add(OrganisationFactory(), OrganisationFactory())
        exchange.sources.create(title="Chongqing Daily", url="https://example.org/news")
        exchange.related.add(ExchangeFactory())


@pytest.fixture(autouse=True)
def coordinator(client):
    user = CoordinatorFactory()
    verified_login(client, user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/en/backoffice/exchanges/import/",
        "/en/backoffice/exchanges/export/",
        "/en/backoffice/exchanges/export/?format=csv",
        "/en/backoffice/exchanges/export/?format=json",
    ],
)
def test_import_and_export_run_a_fixed_number_of_queries(client, url):
    records(2)

    assert_flat_queries(client, url, lambda: records(18))


def test_the_measured_exports_hold_every_record(client):
    records(20)
    keys = sorted(Exchange.objects.values_list("key", flat=True))

    as_csv = client.get("/en/backoffice/exchanges/export/?format=csv").content.decode("utf-8-sig")
    as_json = client.get("/en/backoffice/exchanges/export/?format=json").content

    assert sorted(row["key"] for row in csv.DictReader(io.StringIO(as_csv))) == keys
    assert sorted(record["key"] for record in json.loads(as_json)["records"]) == keys
