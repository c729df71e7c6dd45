"""What a reader of the archive is told: whose records, ignored filters, the feed, counts."""

import datetime

import pytest
from django.core.management import call_command

from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_archive_names_the_person_it_is_filtered_on(client):
    person = PersonFactory(slug="gary-locke", name_en="Gary Locke", name_zh_hans="骆家辉")
    ParticipationFactory(person=person)

    english = client.get("/en/exchanges/?person=gary-locke").content.decode()
    chinese = client.get("/zh-hans/exchanges/?person=gary-locke").content.decode()

    assert 'Showing the records of <a href="/en/people/gary-locke/">Gary Locke</a>.' in english
    assert '正在显示<a href="/zh-hans/people/gary-locke/">骆家辉</a>的记录。' in chinese


def test_the_archive_names_the_organisation_it_is_filtered_on(client):
    organisation = OrganisationFactory(slug="boeing", name_en="Boeing")
    ExchangeFactory().organisations.add(organisation)

    page = client.get("/en/exchanges/?organisation=boeing").content.decode()

    assert "Showing the records of <a href=" in page and ">Boeing</a>." in page


def test_an_unknown_person_is_said_and_the_filter_ignored(client):
    ExchangeFactory.create_batch(2)

    response = client.get("/en/exchanges/?person=nobody-at-all")

    page = response.content.decode()
    assert response.status_code == 200
    assert "No such person in the archive: that filter was ignored." in page
    assert response.context["page"].paginator.count == 2


def test_an_unknown_organisation_is_said_and_the_filter_ignored(client):
    ExchangeFactory()

    page = client.get("/en/exchanges/?organisation=no-such-body").content.decode()

    assert "No such organisation in the archive: that filter was ignored." in page


def test_from_after_to_is_said_and_read_as_the_years_swapped(client):
    ExchangeFactory(date_start=datetime.date(2005, 1, 1))
    ExchangeFactory(date_start=datetime.date(2012, 1, 1))
    ExchangeFactory(date_start=datetime.date(2020, 1, 1))

    response = client.get("/en/exchanges/?year_from=2015&year_to=2003")

    assert response.context["page"].paginator.count == 2
    assert (
        "“From year” was after “To year”: showing the records from 2003 to 2015."
        in response.content.decode()
    )


def test_the_filtered_lists_atom_links_keep_the_filters(client):
    person = PersonFactory(slug="gary-locke")
    ParticipationFactory(person=person)

    page = client.get("/en/exchanges/?person=gary-locke&page=1").content.decode()

    assert 'href="/en/exchanges/feed/?person=gary-locke"' in page
    assert 'type="application/atom+xml"' in page and "feed/?person=gary-locke" in page


def test_the_feed_honours_the_archives_filters(client):
    person = PersonFactory(slug="gary-locke")
    ParticipationFactory(person=person, exchange=ExchangeFactory(title_en="With Locke"))
    ExchangeFactory(title_en="Without him")

    feed = client.get("/en/exchanges/feed/?person=gary-locke").content.decode()
    everything = client.get("/en/exchanges/feed/").content.decode()

    assert "With Locke" in feed and "Without him" not in feed
    assert "With Locke" in everything and "Without him" in everything


def test_the_timeline_says_how_many_records_have_no_date(client):
    ExchangeFactory.create_batch(3)
    ExchangeFactory.create_batch(2, date_start=None, date_precision="unknown")

    page = client.get("/en/exchanges/").content.decode()

    assert "5 records · " in page
    assert "3 records from 2012 to 2012." in page
    assert "2 records without a date are not on the timeline." in page


def test_the_demo_record_of_seattle_week_links_to_its_delegation(client):
    call_command("demo", verbosity=0)

    record = client.get("/en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/")
    delegation = client.get("/en/delegations/2012-seattle-week-in-chongqing/")

    assert 'href="/en/delegations/2012-seattle-week-in-chongqing/"' in record.content.decode()
    assert (
        'href="/en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/"'
        in delegation.content.decode()
    )


def test_an_outcomes_record_links_to_its_delegation(client):
    call_command("demo", verbosity=0)

    page = client.get("/en/exchanges/2012-03-student-exchange-memorandum/").content.decode()

    assert "An outcome of the delegation" in page
    assert 'href="/en/delegations/2012-seattle-week-in-chongqing/"' in page


def test_new_in_the_archive_shows_its_order_with_dates(client):
    older = ExchangeFactory(
        title_en="Added long ago", published_at=datetime.datetime(2020, 1, 5, tzinfo=datetime.UTC)
    )
    ExchangeFactory(title_en="Added today, event of 2003", date_start=datetime.date(2003, 1, 1))
    ExchangeFactory(title_en="Added today, event of 2019", date_start=datetime.date(2019, 1, 1))

    page = client.get("/en/").content.decode()

    positions = [
        page.index(title)
        for title in ("Added today, event of 2019", "Added today, event of 2003", older.title_en)
    ]
    assert positions == sorted(positions)
    assert "added Jan. 5, 2020" in page
