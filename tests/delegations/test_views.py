import pytest

from tests.delegations.factories import (
    DelegationFactory,
    DocumentFactory,
    FeeFactory,
    MemberFactory,
    SessionFactory,
)
from tests.querycount import count_queries
from twinning.delegations.models import Audience, Delegation


@pytest.mark.django_db
def test_list_shows_announced_delegations_only(client):
    DelegationFactory(title_en="Spring mission")
    DelegationFactory(title_en="Secret plan", status=Delegation.Status.DRAFT)

    page = client.get("/en/delegations/").content.decode()

    assert "Spring mission" in page and "Secret plan" not in page


@pytest.mark.django_db
def test_delegation_page_shows_fee_dates_and_aims_in_chinese(client):
    delegation = DelegationFactory(slug="mission")
    FeeFactory(delegation=delegation)
    delegation.aims.create(
        title_en="The policy",
        title_zh_hans="政策",
        text_en="What is allowed.",
        text_zh_hans="允许做什么。",
    )

    page = client.get("/zh-hans/delegations/mission/").content.decode()

    assert "US$3,520" in page
    assert "政策" in page and "允许做什么。" in page
    assert "2012年3月16日" in page


@pytest.mark.django_db
def test_delegation_page_runs_a_fixed_number_of_queries(client):
    delegation = DelegationFactory(slug="mission")
    member = MemberFactory(delegation=delegation)
    SessionFactory(delegation=delegation)
    DocumentFactory(delegation=delegation)
    client.force_login(member.user)
    few = count_queries(client, "/en/delegations/mission/")
    for audience in list(Audience) * 5:
        SessionFactory(delegation=delegation, audience=audience)
        DocumentFactory(delegation=delegation, audience=audience)
    FeeFactory.create_batch(3, delegation=delegation)

    assert count_queries(client, "/en/delegations/mission/") == few
