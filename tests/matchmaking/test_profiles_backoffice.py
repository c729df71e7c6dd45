"""The back office's "Counterparts" entry: a coordinator reaches their delegations' lists."""

import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory
from twinning.accounts.models import Role
from twinning.delegations.models import Member

pytestmark = pytest.mark.django_db


def test_the_hub_links_coordinators_to_the_counterparts(client):
    verified_login(client, CoordinatorFactory())

    page = client.get("/en/backoffice/").text

    assert '<a href="/en/backoffice/meetings/counterparts/">Counterparts: import' in page


def test_the_counterparts_entry_lists_only_the_delegations_one_coordinates(client):
    mine = DelegationFactory(slug="mine", title_en="My mission")
    DelegationFactory(slug="theirs", title_en="Their mission")
    coordinator = CoordinatorFactory()
    MemberFactory(delegation=mine, user=coordinator, role=Member.Role.COORDINATOR)
    verified_login(client, coordinator)

    page = client.get("/en/backoffice/meetings/counterparts/").text

    assert ("My mission" in page, "Their mission" in page) == (True, False)
    assert "/en/delegations/mine/meetings/counterparts/import/" in page


def test_the_counterparts_entry_is_closed_to_a_moderator(client):
    verified_login(client, UserFactory(role=Role.MODERATOR, is_staff=True))

    assert client.get("/en/backoffice/meetings/counterparts/").status_code == 403
