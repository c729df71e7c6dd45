import datetime

import pytest
from reversion.models import Version

from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.exchanges.factories import CategoryFactory
from twinning.delegations.models import Member, Outcome
from twinning.search.selectors import search


@pytest.fixture
def outcome(db):
    CategoryFactory(slug="other-cooperation")
    delegation = DelegationFactory(slug="mission")
    return Outcome.objects.create(
        delegation=delegation,
        kind=Outcome.Kind.AGREEMENT,
        title_en="Memorandum on green building",
        title_zh_hans="绿色建筑合作备忘录",
        description_en="Signed at the forum.",
        description_zh_hans="在论坛上签署。",
        date=datetime.date(2012, 3, 21),
    )


def test_coordinator_publishes_an_outcome_to_the_archive_in_one_step(client, outcome):
    coordinator = MemberFactory(delegation=outcome.delegation, role=Member.Role.COORDINATOR).user
    client.force_login(coordinator)

    response = client.post(f"/en/delegations/mission/outcomes/{outcome.pk}/publish/")

    outcome.refresh_from_db()
    exchange = outcome.exchange
    assert response.status_code == 302 and response["Location"] == exchange.get_absolute_url()
    assert exchange.is_public
    assert exchange.relationship == outcome.delegation.relationship
    assert exchange.title_zh_hans == "绿色建筑合作备忘录"
    assert client.get(exchange.get_absolute_url()).status_code == 200
    assert [r.obj for r in search(query="green building").results] == [exchange]
    assert Version.objects.get_for_object(exchange).first().revision.user == coordinator


def test_a_delegate_cannot_publish_an_outcome(client, outcome):
    client.force_login(MemberFactory(delegation=outcome.delegation).user)

    response = client.post(f"/en/delegations/mission/outcomes/{outcome.pk}/publish/")

    assert response.status_code == 404
    outcome.refresh_from_db()
    assert outcome.exchange is None


def test_an_outcome_is_published_once(client, outcome):
    client.force_login(
        MemberFactory(delegation=outcome.delegation, role=Member.Role.COORDINATOR).user
    )
    client.post(f"/en/delegations/mission/outcomes/{outcome.pk}/publish/")

    response = client.post(f"/en/delegations/mission/outcomes/{outcome.pk}/publish/", follow=True)

    assert "in the archive already" in response.content.decode()


def test_the_outcome_right_publishes_that_outcomes_record_and_nothing_else(outcome):
    from django.core.exceptions import PermissionDenied

    from tests.exchanges.factories import ExchangeFactory
    from twinning.delegations.services import outcome_publish_to_archive
    from twinning.exchanges.models import Exchange
    from twinning.exchanges.services import exchange_publish

    coordinator = MemberFactory(delegation=outcome.delegation, role=Member.Role.COORDINATOR).user
    other = ExchangeFactory(status=Exchange.Status.REVIEW, published_at=None)

    record = outcome_publish_to_archive(outcome=outcome, actor=coordinator)

    assert coordinator.role == "visitor"
    assert record.status == Exchange.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        exchange_publish(exchange=other, actor=coordinator)
    other.refresh_from_db()
    assert other.status == Exchange.Status.REVIEW


def test_the_coordinator_of_another_delegation_cannot_publish_an_outcome(client, outcome):
    other = DelegationFactory(slug="other-mission")
    client.force_login(MemberFactory(delegation=other, role=Member.Role.COORDINATOR).user)

    response = client.post(f"/en/delegations/mission/outcomes/{outcome.pk}/publish/")

    assert response.status_code == 404
    outcome.refresh_from_db()
    assert outcome.exchange is None
