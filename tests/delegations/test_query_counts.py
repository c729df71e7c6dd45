"""The delegation list and the briefing-book queue run as many queries for 20 rows as for 2."""

import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.delegations.factories import DelegationFactory, FeeFactory, MemberFactory
from tests.querycount import assert_flat_queries
from twinning.delegations.models import Delegation, Member

pytestmark = pytest.mark.django_db


def delegations(count: int) -> None:
    for status in [Delegation.Status.OPEN, Delegation.Status.COMPLETED] * (count // 2):
        delegation = DelegationFactory(status=status)  # each between two cities of its own
        FeeFactory(delegation=delegation)
        MemberFactory(delegation=delegation)
    DelegationFactory(status=Delegation.Status.DRAFT)


@pytest.mark.parametrize("viewer", ["anonymous", "visitor", "coordinator"])
def test_delegation_list_runs_a_fixed_number_of_queries(client, viewer):
    if viewer == "visitor":
        client.force_login(UserFactory())
    elif viewer == "coordinator":
        verified_login(client, CoordinatorFactory())
    delegations(2)

    assert_flat_queries(client, "/en/delegations/", lambda: delegations(20))


@pytest.mark.parametrize("viewer", ["delegate", "coordinator"])
def test_briefing_book_queue_runs_a_fixed_number_of_queries(client, settings, viewer):
    settings.DELEGATION_BRIEFING_BOOK_SYNC_LIMIT = 1  # two members already wait in the queue
    delegation = DelegationFactory()
    member = MemberFactory(delegation=delegation)
    MemberFactory(delegation=delegation)
    if viewer == "delegate":
        client.force_login(member.user)
    else:
        coordinator = CoordinatorFactory()
        MemberFactory(delegation=delegation, user=coordinator, role=Member.Role.COORDINATOR)
        verified_login(client, coordinator)
    url = f"/en/delegations/{delegation.slug}/pdf/briefing-book/"

    assert_flat_queries(client, url, lambda: MemberFactory.create_batch(18, delegation=delegation))
    assert b"Prepare the briefing book" in client.get(url).content
