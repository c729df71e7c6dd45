"""Delegations and their public sessions in search, with the access rules of their pages."""

import pytest

from tests.delegations.factories import DelegationFactory, SessionFactory
from twinning.delegations.models import Audience, Delegation, Session
from twinning.search.selectors import search


def _found(query: str) -> list[str]:
    return [str(result.obj) for result in search(query=query).results]


@pytest.mark.django_db
def test_a_published_delegation_and_its_public_sessions_are_found_and_linked(client):
    delegation = DelegationFactory(title_en="Harbour trade mission")
    session = SessionFactory(delegation=delegation, title_en="Harbour site visit")

    page = client.get("/en/search/", {"q": "harbour"}).content.decode()

    assert set(_found("harbour")) == {"Harbour trade mission", "Harbour site visit"}
    assert (delegation.get_absolute_url() in page, session.get_absolute_url() in page) == (
        True,
        True,
    )


@pytest.mark.django_db
def test_a_delegation_is_found_by_its_public_sessions():
    delegation = DelegationFactory(title_en="Trade mission")
    SessionFactory(delegation=delegation, title_en="Liangjiang New Area visit")

    assert "Trade mission" in _found("Liangjiang")


@pytest.mark.django_db
@pytest.mark.parametrize("audience", [Audience.MEMBERS, Audience.COORDINATORS])
def test_sessions_not_open_to_the_public_are_not_found(audience):
    delegation = DelegationFactory(title_en="Trade mission")
    SessionFactory(delegation=delegation, title_en="Secret briefing", audience=audience)

    assert _found("secret briefing") == []


@pytest.mark.django_db
def test_a_draft_delegation_is_found_once_published_and_no_more_when_back_to_draft():
    delegation = DelegationFactory(title_en="Harbour mission", status=Delegation.Status.DRAFT)
    SessionFactory(delegation=delegation, title_en="Harbour dinner")
    seen = [_found("harbour")]

    delegation.status = Delegation.Status.OPEN
    delegation.save()
    seen.append(sorted(_found("harbour")))
    delegation.status = Delegation.Status.DRAFT
    delegation.save()
    seen.append(_found("harbour"))

    assert seen == [[], ["Harbour dinner", "Harbour mission"], []]


@pytest.mark.django_db
def test_a_deleted_or_closed_session_leaves_the_index():
    delegation = DelegationFactory(title_en="Trade mission")
    gone = SessionFactory(delegation=delegation, title_en="Harbour dinner")
    closed = SessionFactory(delegation=delegation, title_en="Harbour briefing")

    gone.delete()
    closed.audience = Audience.MEMBERS
    closed.save()

    assert _found("harbour") == []


@pytest.mark.django_db
def test_a_stale_entry_is_still_filtered_by_the_public_querysets():
    delegation = DelegationFactory(title_en="Harbour mission")
    SessionFactory(delegation=delegation, title_en="Harbour dinner")
    Session.objects.update(audience=Audience.MEMBERS)  # bypasses the signals
    Delegation.objects.update(status=Delegation.Status.DRAFT)

    assert _found("harbour") == []
