"""A delegation's dashboard: seats, money per currency, visa letters, messages; as SVG."""

import pytest
from django.urls import reverse
from django.utils import translation
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.backoffice.factories import more_registrations, office, pay
from tests.participation.factories import MessageFactory
from tests.querycount import assert_flat_queries
from twinning.backoffice import selectors, tiles
from twinning.core import backoffice as registry

pytestmark = pytest.mark.django_db


def test_seats_count_confirmed_held_and_waiting():
    o = office()
    from twinning.registrations.models import WaitingListEntry

    WaitingListEntry.objects.create(delegation=o.delegation, user=UserFactory(), seats=2)

    seats = selectors.seats(o.delegation)

    assert (seats.confirmed, seats.held, seats.waiting, seats.free) == (1, 1, 2, 8)


def test_money_is_received_and_due_per_currency():
    o = office()
    pay(o.unpaid, o.coordinator, Money(520, "USD"))

    lines = selectors.money(o.delegation)

    assert [(m.currency, m.received, m.due) for m in lines] == [
        ("USD", Money(3520 + 520, "USD"), Money(3000, "USD"))
    ]


def test_the_dashboard_draws_its_charts_as_svg_with_titles(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(reverse("backoffice:dashboard", kwargs={"slug": o.delegation.slug}))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart" role="img"' in html
    assert '<title id="chart-backoffice-seats-title">Seats</title>' in html
    assert "Confirmed: 1" in html  # the chart's description says the numbers


def test_the_dashboard_speaks_chinese(client):
    o = office()
    client.force_login(o.coordinator)

    with translation.override("zh-hans"):
        url = reverse("backoffice:dashboard", kwargs={"slug": o.delegation.slug})

    response = client.get(url)

    assert '<title id="chart-backoffice-seats-title">名额</title>' in response.content.decode()


def test_the_dashboard_is_not_shown_to_someone_who_does_not_coordinate(client):
    o = office()
    client.force_login(UserFactory())

    response = client.get(reverse("backoffice:dashboard", kwargs={"slug": o.delegation.slug}))

    assert response.status_code == 404


def test_another_app_adds_a_tile_through_the_registry(client):
    o = office()
    client.force_login(o.coordinator)
    registry.register_tile(
        registry.Tile(
            key="matchmaking.quality",
            title="Schedule quality",
            permission="backoffice.view_dashboard",
            figures=lambda d: [registry.Figure("Value ÷ bound", "0.92", 0.92)],
        )
    )
    try:
        response = client.get(reverse("backoffice:dashboard", kwargs={"slug": o.delegation.slug}))
    finally:
        registry.unregister_tile("matchmaking.quality")

    assert "Value ÷ bound" in response.content.decode()


def test_the_dashboard_queries_stay_flat_as_registrations_grow(client):
    o = office()
    client.force_login(o.coordinator)
    url = reverse("backoffice:dashboard", kwargs={"slug": o.delegation.slug})

    def grow():
        more_registrations(o, 4, paid=True)
        MessageFactory()

    assert_flat_queries(client, url, grow)


def test_every_own_tile_is_registered():
    keys = {tile.key for tile in registry.tiles()}

    assert {"backoffice.seats", "backoffice.money", "backoffice.visas", "backoffice.office"} <= keys
    assert tiles.register_all is not None


def test_the_hub_lists_the_back_office_pages(client):
    from tests.accounts.factories import verified_login
    from twinning.accounts.models import Role

    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    html = client.get(reverse("portal:backoffice")).content.decode()

    assert [reverse(f"backoffice:{name}") in html for name in ("delegations", "transfers")] == [
        True,
        True,
    ]


def test_the_delegations_page_lists_what_the_user_coordinates(client):
    from tests.accounts.factories import CoordinatorFactory, verified_login
    from tests.delegations.factories import MemberFactory
    from twinning.delegations.models import Member

    o = office()
    office()  # another delegation, not theirs
    coordinator = CoordinatorFactory()
    MemberFactory(delegation=o.delegation, user=coordinator, role=Member.Role.COORDINATOR)
    verified_login(client, coordinator)

    response = client.get(reverse("backoffice:delegations"))

    assert response.context["delegations"] == [o.delegation]
