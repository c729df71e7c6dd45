"""The path from the delegation page to "registered", as a visitor meets it."""

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.delegations.factories import MemberFactory
from tests.querycount import count_queries
from tests.registrations.factories import CancellationRuleFactory, RegistrationPolicyFactory
from twinning.accounts.models import User
from twinning.delegations.models import Member
from twinning.registrations.models import Registration, WaitingListEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    # Deadlines relative to today: the pages use the real clock.
    return RegistrationPolicyFactory(
        deadline=timezone.now() + datetime.timedelta(days=30),
        delegation__travel_start=timezone.localdate() + datetime.timedelta(days=60),
        delegation__travel_end=timezone.localdate() + datetime.timedelta(days=70),
        delegation__programme_start=timezone.localdate() + datetime.timedelta(days=61),
        delegation__programme_end=timezone.localdate() + datetime.timedelta(days=69),
    )


def form_data(policy, **overrides):
    data = {
        "company": "Cascade Tunnelling Inc.",
        "job_title": "Director",
        "emergency_contact": "Pat Doe, +1 206 555 0199",
        "terms_version": policy.terms_version,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def url(policy, name):
    return f"/en/delegations/{policy.delegation.slug}/{name}/"


def test_the_delegation_page_shows_price_seats_deadline_and_the_register_button(client, policy):
    CancellationRuleFactory(policy=policy, until=timezone.localdate() + datetime.timedelta(days=20))

    page = client.get(policy.delegation.get_absolute_url()).content.decode()

    assert "<strong>$3,520</strong>" in page
    assert "10 of 10" in page
    assert "Programme, local transport, interpreters." in page
    assert "90% refunded" in page
    assert f'href="{url(policy, "register")}"' in page


def test_a_full_delegation_offers_the_waiting_list_instead(client, policy):
    policy.delegation.capacity = 0
    policy.delegation.save()

    page = client.get(policy.delegation.get_absolute_url()).content.decode()

    assert "Full — join the waiting list" in page
    assert f'href="{url(policy, "waiting-list")}"' in page


def test_a_new_visitor_registers_and_gets_an_account_on_the_way(client, policy):
    response = client.post(
        url(policy, "register"),
        form_data(
            policy,
            email="Li.Wei@Example.org",
            full_name="Li Wei",
            password="a-long-and-fine-passphrase",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == url(policy, "registration")
    user = User.objects.get(email="li.wei@example.org")
    registration = Registration.objects.get(user=user)
    assert registration.status == Registration.Status.AWAITING_PAYMENT
    assert "Awaiting payment" in client.get(url(policy, "registration")).content.decode()


def test_a_wrong_password_for_an_existing_account_keeps_what_was_typed(client, policy):
    UserFactory(email="known@example.org")

    response = client.post(
        url(policy, "register"),
        form_data(policy, email="known@example.org", full_name="K", password="wrong one"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "An account with this address exists: enter its password." in page
    assert 'value="Cascade Tunnelling Inc."' in page
    assert Registration.objects.count() == 0


def test_an_existing_account_registers_with_its_password(client, policy):
    user = UserFactory(email="known@example.org")

    client.post(
        url(policy, "register"),
        form_data(policy, email="known@example.org", full_name="K", password=PASSWORD),
    )

    assert Registration.objects.filter(user=user).exists()


def test_without_accepting_the_terms_nothing_is_registered(client, policy):
    client.force_login(UserFactory())

    response = client.post(url(policy, "register"), form_data(policy, accept_terms=""))

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_a_full_delegation_sends_the_registrant_to_the_waiting_list(client, policy):
    policy.delegation.capacity = 0
    policy.delegation.save()
    user = UserFactory()
    client.force_login(user)

    response = client.post(url(policy, "register"), form_data(policy), follow=True)

    assert response.redirect_chain[-1][0] == url(policy, "waiting-list")
    assert "join the waiting list" in response.content.decode().lower()
    client.post(url(policy, "waiting-list"), {"seats": "1"})
    assert WaitingListEntry.objects.filter(user=user).count() == 1


def test_a_registrant_cancels_and_the_seat_returns(client, policy):
    user = UserFactory()
    client.force_login(user)
    client.post(url(policy, "register"), form_data(policy))
    registration = Registration.objects.get(user=user)

    client.post(f"{url(policy, 'registration')}{registration.pk}/cancel/")

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert "10 of 10" in client.get(policy.delegation.get_absolute_url()).content.decode()


def test_another_person_cannot_cancel_a_registration(client, policy):
    owner = UserFactory()
    client.force_login(owner)
    client.post(url(policy, "register"), form_data(policy))
    registration = Registration.objects.get(user=owner)
    client.force_login(UserFactory())

    response = client.post(f"{url(policy, 'registration')}{registration.pk}/cancel/")

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.AWAITING_PAYMENT


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "coordinator"])
def test_only_the_delegations_coordinators_see_its_registrations(client, policy, viewer):
    if viewer == "delegate":
        client.force_login(
            MemberFactory(
                delegation=policy.delegation, role=Member.Role.DELEGATE, confirmed=True
            ).user
        )
    elif viewer == "coordinator":
        client.force_login(
            MemberFactory(
                delegation=policy.delegation, role=Member.Role.COORDINATOR, confirmed=True
            ).user
        )

    response = client.get(url(policy, "registrations"))

    expected = {"anonymous": 302, "delegate": 404, "coordinator": 200}[viewer]
    assert response.status_code == expected


def test_the_coordinators_list_runs_a_fixed_number_of_queries(client, policy):
    coordinator = MemberFactory(
        delegation=policy.delegation, role=Member.Role.COORDINATOR, confirmed=True
    ).user
    client.force_login(coordinator)
    for _ in range(2):
        Registration.objects.create(
            delegation=policy.delegation,
            user=UserFactory(),
            status=Registration.Status.CONFIRMED,
            company="A",
            job_title="B",
            emergency_contact="C",
            terms_version=1,
            terms_accepted_at=timezone.now(),
            total=policy.price,
        )
    few = count_queries(client, url(policy, "registrations"))
    for _ in range(8):
        Registration.objects.create(
            delegation=policy.delegation,
            user=UserFactory(),
            status=Registration.Status.AWAITING_PAYMENT,
            company="A",
            job_title="B",
            emergency_contact="C",
            terms_version=1,
            terms_accepted_at=timezone.now(),
            total=policy.price,
        )

    assert count_queries(client, url(policy, "registrations")) == few


def test_the_registration_page_in_chinese(client, policy):
    client.force_login(UserFactory())

    page = client.get(f"/zh-hans/delegations/{policy.delegation.slug}/register/").content.decode()

    assert "行程条款。" in page
