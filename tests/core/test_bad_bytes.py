"""Bad bytes in addresses and query strings are a 4xx, never a server error.

PostgreSQL refuses a NUL byte in text (psycopg raises DataError), SQLite takes it: the
suite runs on both (`make test`, `make test-services`), and the last test makes sure the
PostgreSQL run really happened.
"""

import pytest
from django.db import connection

from tests.conftest import EXPECT_SERVICES
from tests.delegations.factories import MemberFactory

TOKEN_ADDRESSES = [
    "/en/delegations/calendar/%00.ics",
    "/en/delegations/calendar/abc%00def.ics",
    "/en/delegations/calendar/%00%00%00.ics",
    "/en/delegations/calendar/{calendar}%00.ics",
    "/zh-hans/delegations/calendar/%E2%82%AC.ics",
    "/en/delegations/calendar/" + "a" * 65 + ".ics",
    "/en/delegations/calendar/.ics",
    "/en/delegations/card/%00.vcf",
    "/en/delegations/card/%00abc.vcf",
    "/en/delegations/card/{card}%00.vcf",
    "/zh-hans/delegations/card/%E4%BD%A0%E5%A5%BD.vcf",
    "/en/delegations/card/" + "b" * 65 + ".vcf",
    "/en/delegations/%00/",
    "/en/people/%00/",
    "/en/organisations/%00/",
    "/en/exchanges/%00/",
]

QUERY_STRINGS = [
    "/en/search/?q=%00",
    "/en/search/?q=seattle%00",
    "/zh-hans/search/?q=%E9%87%8D%00%E5%BA%86",
    "/en/search/?q=seattle&page=%00",
    "/en/exchanges/?person=%00",
    "/en/exchanges/?organisation=a%00b",
    "/en/exchanges/?category=%00&direction=%00&relationship=%00",
    "/en/exchanges/?year_from=%00&page=%00",
    "/en/report/?url=%00",
    "/en/accounts/login/?next=%00",
    "/en/delegations/{delegation}/pdf/itinerary/?lang=%00",
    # Django answers a broken reset link with its "invalid link" page.
    "/en/accounts/password/reset/%00/%00/",
    "/en/accounts/password/reset/MQ/%00-set-password/",
]


@pytest.fixture
def member(db):
    return MemberFactory(confirmed=True)


def _address(template: str, member) -> str:
    return template.format(
        calendar=member.calendar_token,
        card=member.card_token,
        delegation=member.delegation.slug,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("template", TOKEN_ADDRESSES)
def test_malformed_address_is_not_found(client, member, template):
    assert client.get(_address(template, member)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("template", QUERY_STRINGS)
def test_nul_in_a_query_string_is_answered_without_a_server_error(client, member, template):
    assert client.get(_address(template, member)).status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/message/delete/%00/", {}),
        ("/en/message/delete/abc%00:def/", {}),
        ("/en/accounts/login/", {"username": "a\x00@example.org", "password": "x\x00"}),
        ("/en/accounts/password/reset/", {"email": "someone\x00@example.org"}),
        ("/en/report/", {"url": "/en/\x00", "reason": "other"}),
    ],
)
def test_nul_in_a_form_post_is_answered_without_a_server_error(client, url, data):
    assert client.post(url, data).status_code < 500


@pytest.mark.postgres
@pytest.mark.django_db
def test_bad_bytes_were_also_tried_on_postgresql():
    """Under `make test-services` the tests above must have run on PostgreSQL."""
    if connection.vendor != "postgresql":
        if EXPECT_SERVICES:
            pytest.fail("DATABASE_URL does not point to PostgreSQL")
        pytest.skip("runs on PostgreSQL under make test-services")
    with connection.cursor() as cursor, pytest.raises(Exception, match="0x00"):
        cursor.execute("SELECT %s::text", ["\x00"])
