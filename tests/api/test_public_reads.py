"""Public reads show what the public pages show, and nothing hidden or unpublished."""

import datetime

import pytest
from django.utils import timezone

from tests.cities.factories import CityFactory, RelationshipFactory
from tests.delegations.factories import DelegationFactory, SessionFactory
from tests.exchanges.factories import CategoryFactory, ExchangeFactory, ParticipationFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from twinning.delegations.models import Audience, Delegation
from twinning.exchanges.models import Exchange
from twinning.people.models import Person

pytestmark = pytest.mark.django_db


def _slugs(client, url, field="slug"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item[field] for item in response.json()["items"]]


def test_hidden_people_never_appear_in_the_list_or_as_an_object(client):
    PersonFactory(slug="shown")
    PersonFactory(slug="secret", hidden=True)

    assert _slugs(client, "/api/v1/people") == ["shown"]
    assert client.get("/api/v1/people/secret").status_code == 404


def test_hidden_organisations_never_appear(client):
    OrganisationFactory(slug="shown")
    OrganisationFactory(slug="secret", hidden=True)

    assert _slugs(client, "/api/v1/organisations") == ["shown"]
    assert client.get("/api/v1/organisations/secret").status_code == 404


@pytest.mark.parametrize(
    "hidden_fields",
    [
        {"status": Exchange.Status.DRAFT, "published_at": None},
        {"status": Exchange.Status.REVIEW, "published_at": None},
        {"hidden": True},
    ],
    ids=["draft", "review", "hidden"],
)
def test_unpublished_or_hidden_records_never_appear(client, hidden_fields):
    ExchangeFactory(key="shown")
    ExchangeFactory(key="unseen", **hidden_fields)

    assert _slugs(client, "/api/v1/exchanges", "key") == ["shown"]
    assert client.get("/api/v1/exchanges/unseen").status_code == 404


def test_a_record_lists_only_its_visible_people(client):
    record = ExchangeFactory(key="visit")
    ParticipationFactory(exchange=record, person=PersonFactory(slug="mayor"))
    ParticipationFactory(exchange=record, person=PersonFactory(slug="secret", hidden=True))

    people = client.get("/api/v1/exchanges/visit").json()["people"]

    assert [p["person"] for p in people] == ["mayor"]


def test_translated_fields_carry_every_language(client):
    PersonFactory(slug="mayor", name_en="Mayor Nickels", name_zh_hans="尼克尔斯市长")

    person = client.get("/api/v1/people/mayor", HTTP_ACCEPT_LANGUAGE="zh-CN").json()

    assert person["name"] == {"en": "Mayor Nickels", "zh-hans": "尼克尔斯市长"}


def test_draft_delegations_and_closed_sessions_are_not_public(client):
    open_trip = DelegationFactory(slug="open")
    DelegationFactory(slug="draft", status=Delegation.Status.DRAFT)
    public = SessionFactory(delegation=open_trip, audience=Audience.PUBLIC)
    members = SessionFactory(delegation=open_trip, audience=Audience.MEMBERS)

    assert _slugs(client, "/api/v1/delegations") == ["open"]
    assert client.get("/api/v1/delegations/draft").status_code == 404
    assert _slugs(client, "/api/v1/sessions", "id") == [public.pk]
    assert client.get(f"/api/v1/sessions/{members.pk}").status_code == 404


def test_cities_and_relationships_are_listed(client):
    relationship = RelationshipFactory(slug="seattle-chongqing")

    assert _slugs(client, "/api/v1/relationships") == ["seattle-chongqing"]
    assert sorted(_slugs(client, "/api/v1/cities")) == sorted(
        [relationship.city_a.slug, relationship.city_b.slug]
    )
    detail = client.get("/api/v1/relationships/seattle-chongqing").json()
    assert detail["cities"] == [relationship.city_a.slug, relationship.city_b.slug]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=education", ["school"]),
        ("year=2012", ["visit"]),
        ("year_from=2015", ["school"]),
        ("city=chongqing", ["visit"]),
        ("relationship=seattle-chongqing", ["visit"]),
        ("direction=b_to_a", ["school"]),
    ],
)
def test_exchange_filters_mirror_the_archive_page(client, query, expected):
    seattle, chongqing, kobe = (CityFactory(slug=s) for s in ("seattle", "chongqing", "kobe"))
    ExchangeFactory(
        key="visit",
        relationship=RelationshipFactory(
            slug="seattle-chongqing", city_a=seattle, city_b=chongqing
        ),
        date_start=datetime.date(2012, 3, 1),
        direction=Exchange.Direction.A_TO_B,
    )
    ExchangeFactory(
        key="school",
        relationship=RelationshipFactory(slug="seattle-kobe", city_a=seattle, city_b=kobe),
        category=CategoryFactory(slug="education"),
        date_start=datetime.date(2016, 5, 1),
        direction=Exchange.Direction.B_TO_A,
    )

    assert _slugs(client, f"/api/v1/exchanges?{query}", "key") == expected


def test_the_cursor_walks_every_row_once_in_modification_order(client):
    for n in range(7):
        PersonFactory(slug=f"p{n}")
    seen, url = [], "/api/v1/people?limit=3"
    while url:
        page = client.get(url).json()
        seen += [item["slug"] for item in page["items"]]
        url = page["next_cursor"] and f"/api/v1/people?limit=3&cursor={page['next_cursor']}"

    assert seen == [f"p{n}" for n in range(7)]


def test_modified_since_gives_only_what_changed_after(client):
    PersonFactory(slug="old")
    Person.objects.filter(slug="old").update(
        modified_at=timezone.now() - datetime.timedelta(days=2)
    )
    PersonFactory(slug="new")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    response = client.get("/api/v1/people", {"modified_since": since})

    assert [item["slug"] for item in response.json()["items"]] == ["new"]


def test_a_forged_cursor_is_a_bad_request(client):
    response = client.get("/api/v1/people?cursor=eyJtIjoiMjAwMCJ9")

    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")


def test_the_api_is_not_under_a_language_prefix(client):
    assert client.get("/en/api/v1/people").status_code == 404


def test_modified_since_with_any_iso_offset_is_answered(client):
    # Found by schemathesis on PostgreSQL: offsets past ±16 h were a 500.
    PersonFactory(slug="new")

    response = client.get("/api/v1/people", {"modified_since": "2000-01-01T00:00:00-17:27"})

    assert [item["slug"] for item in response.json()["items"]] == ["new"]
