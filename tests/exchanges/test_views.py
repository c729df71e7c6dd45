import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exchanges.factories import (
    CategoryFactory,
    ExchangeFactory,
    ParticipationFactory,
    QuantityFactory,
)
from tests.people.factories import AppointmentFactory, OrganisationFactory
from tests.querycount import count_queries
from twinning.exchanges.models import Exchange


@pytest.mark.django_db
def test_archive_lists_only_published_visible_records(client):
    ExchangeFactory(title_en="Shown record")
    ExchangeFactory(title_en="Draft record", status=Exchange.Status.DRAFT, published_at=None)
    ExchangeFactory(title_en="Hidden record", hidden=True)

    page = client.get("/en/exchanges/").content.decode()

    assert "Shown record" in page
    assert "Draft record" not in page
    assert "Hidden record" not in page


@pytest.mark.django_db
def test_filters_combine_and_live_in_the_url(client):
    visits, culture = CategoryFactory(slug="visits"), CategoryFactory(slug="culture")
    relationship = ExchangeFactory(category=visits).relationship
    ExchangeFactory(
        relationship=relationship,
        category=visits,
        date_start=datetime.date(2012, 3, 1),
        title_en="Visit 2012",
    )
    ExchangeFactory(
        relationship=relationship,
        category=visits,
        date_start=datetime.date(2015, 9, 1),
        title_en="Visit 2015",
    )
    ExchangeFactory(
        relationship=relationship,
        category=culture,
        date_start=datetime.date(2012, 5, 1),
        title_en="Concert 2012",
    )

    page = client.get("/en/exchanges/?category=visits&year_from=2011&year_to=2013").content
    page = page.decode()

    assert "Visit 2012" in page
    assert "Visit 2015" not in page
    assert "Concert 2012" not in page
    assert 'value="2011"' in page  # the form shows the filters it applied


@pytest.mark.django_db
def test_filter_by_person_and_organisation(client):
    participation = ParticipationFactory(exchange__title_en="With the mayor")
    organisation = OrganisationFactory(slug="robbins")
    with_org = ExchangeFactory(title_en="With Robbins")
    with_org.organisations.add(organisation)
    ExchangeFactory(title_en="Someone else")

    by_person = client.get(f"/en/exchanges/?person={participation.person.slug}").content.decode()
    by_org = client.get("/en/exchanges/?organisation=robbins").content.decode()

    assert "With the mayor" in by_person and "Someone else" not in by_person
    assert "With Robbins" in by_org and "Someone else" not in by_org


@pytest.mark.django_db
def test_invalid_filters_are_reported_not_a_server_error(client):
    ExchangeFactory(title_en="Still listed")

    response = client.get("/en/exchanges/?year_from=abc&category=nope&direction=sideways&page=x")

    assert response.status_code == 200
    assert "Still listed" in response.content.decode()
    assert "not understood" in response.content.decode()


@pytest.mark.django_db
def test_record_page_shows_the_office_held_at_the_time(client):
    appointment = AppointmentFactory()
    participation = ParticipationFactory(person=appointment.person, appointment=appointment)
    QuantityFactory(exchange=participation.exchange)

    page = client.get(participation.exchange.get_absolute_url()).content.decode()
    page_zh = client.get(
        participation.exchange.get_absolute_url().replace("/en/", "/zh-hans/")
    ).content.decode()

    assert "then Mayor of Seattle" in page
    assert "16,808 N95 masks" in page
    assert "时任西雅图市长" in page_zh


@pytest.mark.django_db
def test_draft_and_hidden_records_are_not_found(client):
    draft = ExchangeFactory(status=Exchange.Status.DRAFT, published_at=None)
    hidden = ExchangeFactory(hidden=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_timeline_is_an_svg_drawn_on_the_server(client):
    ExchangeFactory(date_start=datetime.date(1983, 6, 1))
    ExchangeFactory(date_start=datetime.date(2020, 3, 1))

    page = client.get("/en/exchanges/").content.decode()

    assert '<svg viewBox="0 0 720 220" aria-labelledby="timeline-title timeline-desc"' in page
    assert "<rect" in page
    # 38 years: every fifth is named on the axis
    years = re.findall(r'text-anchor="middle">(\d{4})<', page)
    assert years == ["1985", "1990", "1995", "2000", "2005", "2010", "2015", "2020"]
    assert "year_from=2020" in page  # each bar links to its year in the archive


@pytest.mark.django_db
def test_atom_feed_lists_new_public_records_in_the_feeds_language(client):
    ExchangeFactory(title_en="Masks donated", title_zh_hans="捐赠口罩")
    ExchangeFactory(title_en="Not yet", status=Exchange.Status.DRAFT, published_at=None)

    english = client.get("/en/exchanges/feed/")
    chinese = client.get("/zh-hans/exchanges/feed/").content.decode()

    assert english["Content-Type"].startswith("application/atom+xml")
    assert "Masks donated" in english.content.decode()
    assert "Not yet" not in english.content.decode()
    assert "捐赠口罩" in chinese


@pytest.mark.django_db
def test_sitemap_lists_public_records_in_both_languages(client):
    shown = ExchangeFactory()
    hidden = ExchangeFactory(hidden=True)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"/en/exchanges/{shown.key}/" in xml
    assert f"/zh-hans/exchanges/{shown.key}/" in xml
    assert hidden.key not in xml


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/exchanges/", "/en/exchanges/?category=c&year_from=2000"])
def test_archive_list_runs_a_fixed_number_of_queries(client, url):
    category = CategoryFactory(slug="c")
    for _ in range(3):
        ParticipationFactory(exchange__category=category)
    few = count_queries(client, url)
    for _ in range(30):
        exchange = ParticipationFactory(exchange__category=category).exchange
        exchange.organisations.add(OrganisationFactory())

    assert count_queries(client, url) == few


@pytest.mark.django_db
def test_record_page_runs_a_fixed_number_of_queries(client):
    exchange = ExchangeFactory()
    ParticipationFactory(exchange=exchange)
    few = count_queries(client, exchange.get_absolute_url())
    for _ in range(10):
        ParticipationFactory(exchange=exchange)
        QuantityFactory(exchange=exchange)
        exchange.organisations.add(OrganisationFactory())
        exchange.related.add(ExchangeFactory())

    assert count_queries(client, exchange.get_absolute_url()) == few


@pytest.mark.django_db
def test_cached_archive_page_never_shows_a_record_after_it_is_hidden(client):
    from twinning.accounts.rules import system_actor
    from twinning.exchanges.services import exchange_hide

    record = ExchangeFactory(title_en="Soon hidden")
    assert "Soon hidden" in client.get("/en/exchanges/").content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert "Soon hidden" in client.get("/en/exchanges/").content.decode()
    assert len(cached) == 0  # served from the cache

    exchange_hide(exchange=record, hidden=True, actor=system_actor())

    assert "Soon hidden" not in client.get("/en/exchanges/").content.decode()


@pytest.mark.django_db
def test_signed_in_staff_always_get_a_fresh_page(client):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    client.get("/en/exchanges/")
    ExchangeFactory(title_en="Brand new")

    assert "Brand new" in client.get("/en/exchanges/").content.decode()
