"""A profile and each suggestion lead to the request form ("Ask to meet")."""

import pytest
from django.urls import reverse

from tests.delegations.factories import DelegationFactory
from tests.matchmaking.factories import CounterpartParticipantFactory, DelegateParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegation():
    return DelegationFactory(slug="mission")


@pytest.fixture
def delegate(delegation):
    return DelegateParticipantFactory(
        delegation=delegation, offers_en="Tunnel boring machines", seeks_en="Rail contractors"
    )


@pytest.fixture
def counterpart(delegation):
    return CounterpartParticipantFactory(
        delegation=delegation, offers_en="Rail contractors", seeks_en="Tunnel boring machines"
    )


def _ask_url(participant) -> str:
    return reverse("matchmaking:request_new", args=[participant.delegation.slug, participant.pk])


def test_someone_elses_profile_offers_to_ask_to_meet(client, delegate, counterpart):
    client.force_login(delegate.member.user)

    page = client.get(reverse("matchmaking:profile", args=["mission", counterpart.pk]))

    assert _ask_url(counterpart) in page.content.decode()


def test_ones_own_profile_does_not(client, delegate):
    client.force_login(delegate.member.user)

    page = client.get(reverse("matchmaking:profile", args=["mission", delegate.pk]))

    assert page.status_code == 200
    assert _ask_url(delegate) not in page.content.decode()


def test_the_button_leads_to_a_request_form(client, delegate, counterpart):
    client.force_login(delegate.member.user)

    assert client.get(_ask_url(counterpart)).status_code == 200
