"""Coordinators read and decide registrations and record payments, object by object
through the web pages' gate, within their token's scopes."""

import pytest
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.api.factories import bearer, token_for
from tests.payments.factories import coordinator_of, register, setup
from tests.registrations.factories import RegistrationPolicyFactory
from twinning.payments.models import Payment
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def trip():
    policy, _issuer, coordinator, registration = setup()
    return policy, coordinator, registration


def test_a_coordinator_lists_their_delegations_registrations_by_status(client, trip):
    policy, coordinator, registration = trip
    refused = register(policy)
    refused.status = Status.REFUSED
    refused.save()
    auth = bearer(token_for(coordinator, ["registrations:read"]))
    url = f"/api/v1/delegations/{policy.delegation.slug}/registrations"

    every = client.get(url, **auth).json()["items"]
    waiting = client.get(url, {"status": "awaiting_payment"}, **auth).json()["items"]

    assert sorted(r["id"] for r in every) == sorted([registration.pk, refused.pk])
    assert [r["id"] for r in waiting] == [registration.pk]
    assert waiting[0]["total"] == {"amount": "3520.00", "currency": "USD"}


def test_a_coordinator_of_another_delegation_gets_404_for_each_object(client, trip):
    policy, _coordinator, registration = trip
    other = coordinator_of(RegistrationPolicyFactory().delegation)
    auth = bearer(token_for(other))
    payment = Payment.objects.create(
        registration=registration,
        amount=Money(10, "USD"),
        method=Payment.Method.MANUAL,
        received_at=registration.created_at,
        recorded_by=other,
    )
    slug = policy.delegation.slug

    answers = {
        "list": client.get(f"/api/v1/delegations/{slug}/registrations", **auth).status_code,
        "detail": client.get(f"/api/v1/registrations/{registration.pk}", **auth).status_code,
        "approve": client.post(
            f"/api/v1/registrations/{registration.pk}/approve", **auth
        ).status_code,
        "cancel": client.post(
            f"/api/v1/registrations/{registration.pk}/cancel", **auth
        ).status_code,
        "payments": client.get(f"/api/v1/delegations/{slug}/payments", **auth).status_code,
        "payment": client.get(f"/api/v1/payments/{payment.pk}", **auth).status_code,
        "record": client.post(
            f"/api/v1/registrations/{registration.pk}/payments",
            {"amount": "10", "currency": "USD"},
            content_type="application/json",
            **auth,
        ).status_code,
    }

    assert answers == dict.fromkeys(answers, 404)
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_PAYMENT


def test_approving_a_registration_goes_through_the_registrations_service(client):
    policy = RegistrationPolicyFactory(approval_required=True)
    coordinator = coordinator_of(policy.delegation)
    registration = register(policy)
    auth = bearer(token_for(coordinator, ["registrations:write"]))

    response = client.post(f"/api/v1/registrations/{registration.pk}/approve", **auth)

    assert (response.status_code, response.json()["status"]) == (200, "awaiting_payment")


def test_refusing_twice_is_a_conflict_as_problem_details(client):
    policy = RegistrationPolicyFactory(approval_required=True)
    coordinator = coordinator_of(policy.delegation)
    registration = register(policy)
    auth = bearer(token_for(coordinator, ["registrations:write"]))
    url = f"/api/v1/registrations/{registration.pk}/refuse"

    first, second = client.post(url, **auth), client.post(url, **auth)

    assert (first.status_code, first.json()["status"]) == (200, "refused")
    assert (second.status_code, second["Content-Type"]) == (409, "application/problem+json")
    assert second.json()["type"] == "/api/v1/problems/refused"


def test_recording_the_full_amount_confirms_the_registration(client, trip):
    _policy, coordinator, registration = trip
    auth = bearer(token_for(coordinator, ["payments:write"]))

    response = client.post(
        f"/api/v1/registrations/{registration.pk}/payments",
        {"amount": "3520.00", "currency": "USD", "note": "bank transfer"},
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 201, response.content
    assert response.json()["amount"] == {"amount": "3520.00", "currency": "USD"}
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_payment_in_another_currency_is_refused_with_the_reason(client, trip):
    _policy, coordinator, registration = trip
    auth = bearer(token_for(coordinator, ["payments:write"]))

    response = client.post(
        f"/api/v1/registrations/{registration.pk}/payments",
        {"amount": "100", "currency": "CNY"},
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 409
    assert "USD" in response.json()["detail"]


def test_a_token_without_the_scope_is_refused_with_403(client, trip):
    policy, coordinator, _registration = trip
    auth = bearer(token_for(coordinator, ["payments:read"]))

    response = client.get(f"/api/v1/delegations/{policy.delegation.slug}/registrations", **auth)

    assert response.status_code == 403
    assert response.json()["type"] == "/api/v1/problems/scope-missing"


def test_a_delegate_with_a_token_reads_only_their_own_registration(client, trip):
    policy, _coordinator, registration = trip
    auth = bearer(token_for(registration.user, ["registrations:read"]))
    other = register(policy, UserFactory())

    mine = client.get(f"/api/v1/registrations/{registration.pk}", **auth)
    theirs = client.get(f"/api/v1/registrations/{other.pk}", **auth)
    listing = client.get(f"/api/v1/delegations/{policy.delegation.slug}/registrations", **auth)

    assert (mine.status_code, theirs.status_code, listing.status_code) == (200, 404, 404)
