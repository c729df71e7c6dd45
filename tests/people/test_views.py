import datetime

import pytest

from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.people.factories import AppointmentFactory, OrganisationFactory, PersonFactory
from tests.querycount import count_queries
from twinning.exchanges.models import Exchange


@pytest.mark.django_db
def test_person_page_lists_public_exchanges_over_time_with_the_office_then_held(client):
    mayor = AppointmentFactory(office_en="Mayor of Seattle", start_year=2010, end_year=2013)
    person = mayor.person
    ParticipationFactory(
        person=person,
        appointment=mayor,
        exchange__title_en="Delegation to Chongqing",
        exchange__date_start=datetime.date(2012, 3, 1),
    )
    ParticipationFactory(
        person=person,
        exchange__title_en="Earlier visit",
        exchange__date_start=datetime.date(2009, 4, 1),
    )
    ParticipationFactory(
        person=person,
        exchange__title_en="Unpublished",
        exchange__status=Exchange.Status.DRAFT,
        exchange__published_at=None,
    )

    page = client.get(person.get_absolute_url()).content.decode()

    assert page.index("Earlier visit") < page.index("Delegation to Chongqing")
    assert "then Mayor of Seattle" in page
    assert "Unpublished" not in page
    assert "2010–2013" in page


@pytest.mark.django_db
def test_organisation_page_lists_its_public_exchanges(client):
    organisation = OrganisationFactory(name_en="The Robbins Company")
    shown = ExchangeFactory(title_en="Tunnel boring machines")
    hidden = ExchangeFactory(title_en="Hidden one", hidden=True)
    organisation.exchanges.add(shown, hidden)

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert "Tunnel boring machines" in page
    assert "Hidden one" not in page


@pytest.mark.django_db
def test_unknown_person_is_404(client):
    assert client.get("/en/people/nobody/").status_code == 404


@pytest.mark.django_db
def test_person_page_runs_a_fixed_number_of_queries(client):
    person = PersonFactory()
    AppointmentFactory(person=person)
    ParticipationFactory(person=person)
    few = count_queries(client, person.get_absolute_url())
    for year in range(1990, 2020):
        AppointmentFactory(person=person, start_year=year, end_year=year)
        ParticipationFactory(person=person, exchange__date_start=datetime.date(year, 1, 1))

    assert count_queries(client, person.get_absolute_url()) == few


@pytest.mark.django_db
def test_organisation_page_runs_a_fixed_number_of_queries(client):
    organisation = OrganisationFactory()
    organisation.exchanges.add(ExchangeFactory())
    few = count_queries(client, organisation.get_absolute_url())
    organisation.exchanges.add(*ExchangeFactory.create_batch(20))

    assert count_queries(client, organisation.get_absolute_url()) == few
