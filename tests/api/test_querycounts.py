"""Every API list runs as many queries for many rows as for a few (tests/querycount.py)."""

import pytest
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.api.factories import bearer, token_for
from tests.cities.factories import RelationshipFactory
from tests.delegations.factories import DelegationFactory, SessionFactory, VenueFactory
from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SectorFactory,
    SlotFactory,
)
from tests.matchmaking.flow_helpers import coordinator_of, small_world
from tests.payments.factories import register, setup
from tests.people.factories import OrganisationFactory, PersonFactory
from tests.querycount import assert_flat_queries
from twinning.accounts.rules import system_actor
from twinning.payments.models import Payment

pytestmark = pytest.mark.django_db


def _records(n=3):
    for _ in range(n):
        record = ExchangeFactory()
        ParticipationFactory(exchange=record)
        record.organisations.add(OrganisationFactory(city=record.relationship.city_a))


def _sessions(n=3):
    delegation = DelegationFactory()
    for _ in range(n):
        SessionFactory(delegation=delegation)


PUBLIC_LISTS = {
    "/api/v1/relationships": lambda: [RelationshipFactory() for _ in range(3)],
    "/api/v1/cities": lambda: [RelationshipFactory() for _ in range(3)],
    "/api/v1/exchanges": _records,
    "/api/v1/people": lambda: [PersonFactory() for _ in range(3)],
    "/api/v1/organisations": lambda: [
        OrganisationFactory(city=RelationshipFactory().city_a) for _ in range(3)
    ],
    "/api/v1/delegations": lambda: [DelegationFactory() for _ in range(3)],
    "/api/v1/sessions": _sessions,
}


@pytest.mark.parametrize("url", sorted(PUBLIC_LISTS))
def test_a_public_list_is_flat_as_data_grows(client, url):
    PUBLIC_LISTS[url]()  # a first page with rows, then more

    assert_flat_queries(client, url, PUBLIC_LISTS[url])


@pytest.fixture
def coordinated(client):
    policy, _issuer, coordinator, _registration = setup()
    client.defaults.update(bearer(token_for(coordinator)))
    return policy


def test_the_registrations_list_is_flat(client, coordinated):
    url = f"/api/v1/delegations/{coordinated.delegation.slug}/registrations"

    assert_flat_queries(client, url, lambda: [register(coordinated) for _ in range(3)])


def test_the_payments_list_is_flat(client, coordinated):
    url = f"/api/v1/delegations/{coordinated.delegation.slug}/payments"
    recorder = UserFactory()

    def pay():
        for registration in [register(coordinated) for _ in range(3)]:
            Payment.objects.create(
                registration=registration,
                amount=Money(10, "USD"),
                method=Payment.Method.MANUAL,
                received_at=registration.created_at,
                recorded_by=recorder,
            )

    pay()
    assert_flat_queries(client, url, pay)


@pytest.fixture
def meetings_fair(client):
    delegation, _delegates, _counterparts = small_world()
    client.defaults.update(bearer(token_for(coordinator_of(delegation))))
    system_actor()  # made on first use (the requests list expires as the system)
    return delegation


def _pairs(delegation, n=3):
    """``n`` more pairs of participants, each with a sector, a request and a meeting."""
    for _ in range(n):
        delegate = DelegateParticipantFactory(delegation=delegation)
        counterpart = CounterpartParticipantFactory(delegation=delegation)
        counterpart.sectors.add(SectorFactory())
        MeetingRequestFactory(
            delegation=delegation,
            requester=delegate,
            target=counterpart,
            created_by=delegate.member.user,
        )
        MeetingFactory(
            delegation=delegation,
            participant_a=delegate,
            participant_b=counterpart,
            slot=SlotFactory(delegation=delegation, venue=VenueFactory()),
            interpreter=InterpreterFactory(delegation=delegation),
        )


@pytest.mark.parametrize("area", ["participants", "meeting-requests", "meetings"])
def test_a_matchmaking_list_is_flat(client, meetings_fair, area):
    url = f"/api/v1/delegations/{meetings_fair.slug}/{area}"
    _pairs(meetings_fair)

    assert_flat_queries(client, url, lambda: _pairs(meetings_fair))
